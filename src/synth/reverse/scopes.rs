//! Alias scopes in the reverse sweep. The shadows of memory the differentiated function allocates
//! are fresh blocks llad allocated in the augmented primal: they overlap neither each other nor
//! anything the caller passed in. The reverse reads them back from the tape, so LLVM cannot see
//! that; without it, an adjoint loop that zeroes one shadow and accumulates into another reloads
//! every value it just stored and does not vectorize. Each such shadow gets its own scope: loads
//! and stores through it are in that scope and outside the others, and loads and stores through
//! the reverse's own parameters are outside all of them. The tape's buffer is one more such block
//! (what the reverse pops is read from it).
use crate::analysis::activity::underlying_objects;
use crate::ir;
use inkwell::values::{BasicValue, BasicValueEnum, FunctionValue, InstructionOpcode};

/// Tags the loads and stores of `reverse` whose address is based on one of `fresh` (shadows of
/// allocations made during the augmented primal, as the reverse holds them) or on a parameter.
pub fn mark_fresh_shadows<'ctx>(reverse: FunctionValue<'ctx>, fresh: &[BasicValueEnum<'ctx>]) {
    if fresh.is_empty() {
        return;
    }
    let function = ir::function_name(reverse);
    let domain = format!("llad.shadows.{function}");
    let mut names: Vec<String> = (0..fresh.len()).map(|k| format!("llad.shadow.{function}.{k}")).collect();
    names.push(format!("llad.tape.{function}"));
    let tape_scope = names.len() - 1;
    let popped = |b: BasicValueEnum<'ctx>| {
        b.as_instruction_value().and_then(ir::called_function).is_some_and(|f| ir::function_name(f) == "llad.tape.pop")
    };
    for inst in reverse.get_basic_block_iter().flat_map(|b| b.get_instructions()) {
        let address = match inst.get_opcode() {
            InstructionOpcode::Load => ir::operand(inst, 0),
            InstructionOpcode::Store => ir::operand(inst, 1),
            _ => None,
        };
        let Some(address) = address else { continue };
        if inst.get_volatile().unwrap_or(true) {
            continue;
        }
        let bases = underlying_objects(address);
        let Some(first) = bases.first().copied() else { continue };
        let single = bases.iter().all(|b| *b == first);
        let scope = if popped(first) { Some(tape_scope) } else { fresh.iter().position(|f| *f == first) };
        if let Some(k) = scope.filter(|_| single) {
            let others: Vec<String> = names.iter().enumerate().filter(|(i, _)| *i != k).map(|(_, n)| n.clone()).collect();
            ir::meta::set_alias_scopes(inst, &domain, Some(&names[k]), &others);
        } else if bases.iter().all(|b| ir::argument_index(reverse, *b).is_some()) {
            ir::meta::set_alias_scopes(inst, &domain, None, &names);
        }
    }
}
