//! Tape reservations per loop. A push checks the tape's capacity and may grow it; in a loop whose
//! trip count is known when it is entered, one reservation before the loop covers what all its
//! iterations push, and the pushes inside skip the check. Without the check (a call that may
//! reallocate), the optimizer keeps the tape's position in a register and the loop's stores into
//! the tape become plain strided stores it can vectorize.
//!
//! In a reducible function, a block that belongs to loop L and to none of L's inner loops runs at
//! most once per iteration of L (running it again takes L's back edge), so an iteration pushes at
//! most the sum of what such blocks push. A loop qualifies when every tape push in it is in such a
//! block and nothing else in it touches the tape stack (a callee's augmented primal, a push of
//! variable size).
use crate::analysis::cfg::{innermost_loop, Cfg};
use crate::diag::{Error, Result};
use crate::ir::{self, Ops};
use inkwell::basic_block::BasicBlock;
use inkwell::module::Module;
use inkwell::values::{BasicValueEnum, FunctionValue, InstructionOpcode, InstructionValue};
use std::collections::HashSet;

/// Functions of the tape runtime that use the tape but not its byte stack.
const OFF_STACK: [&str; 2] = ["llad.tape.keep", "llad.tape.freed"];

struct Push<'ctx> {
    call: InstructionValue<'ctx>,
    bytes: u64,
}

/// Rewrites the augmented primal `function` (its tape is `tape`): loops with a known trip count
/// reserve their pushes at entry and push unchecked. Returns how many loops were rewritten.
pub fn reserve_loop_tapes<'ctx>(module: &Module<'ctx>, function: FunctionValue<'ctx>, tape: BasicValueEnum<'ctx>) -> Result<usize> {
    let push_fn = module.get_function("llad.tape.push");
    let mut pushes: Vec<(BasicBlock<'ctx>, Push<'ctx>)> = Vec::new();
    let mut other_users: HashSet<BasicBlock<'ctx>> = HashSet::new();
    for block in function.get_basic_blocks() {
        for inst in block.get_instructions().filter(|i| i.get_opcode() == InstructionOpcode::Call) {
            let args: Vec<BasicValueEnum> = (0..ir::call_arg_count(inst)).filter_map(|i| ir::operand(inst, i)).collect();
            if !args.contains(&tape) {
                continue;
            }
            let callee = ir::called_function(inst);
            let constant_push = (callee == push_fn && args[0] == tape).then(|| ir::const_int(args[1])).flatten();
            match constant_push {
                Some(bytes) if bytes > 0 => pushes.push((block, Push { call: inst, bytes: bytes as u64 })),
                _ if callee.is_some_and(|f| OFF_STACK.contains(&ir::function_name(f).as_str())) => {}
                _ => {
                    other_users.insert(block);
                }
            }
        }
    }
    if pushes.is_empty() {
        return Ok(0);
    }
    let cfg = Cfg::new(function);
    // The bound below counts each block of a loop's own level once per iteration: true of natural
    // loops only (`rev_tape_irreducible.c`).
    if !cfg.is_reducible() {
        return Ok(0);
    }
    let loops = cfg.loops();
    let mut candidates = Vec::new();
    for (index, l) in loops.iter().enumerate() {
        if l.body.iter().any(|b| other_users.contains(b)) {
            continue;
        }
        let inside: Vec<&Push> = pushes.iter().filter(|(b, _)| l.body.contains(b)).map(|(_, p)| p).collect();
        let all_at_this_level = pushes.iter().filter(|(b, _)| l.body.contains(b)).all(|(b, _)| innermost_loop(&loops, *b) == Some(index));
        if !inside.is_empty() && all_at_this_level {
            let per_iteration: u64 = inside.iter().map(|p| p.bytes).sum();
            candidates.push((l.header, per_iteration, inside.iter().map(|p| p.call).collect::<Vec<_>>()));
        }
    }
    if candidates.is_empty() {
        return Ok(0);
    }
    let headers: Vec<BasicBlock> = candidates.iter().map(|c| c.0).collect();
    let trips = ir::loop_trip_counts(function, &headers);
    // (Loops may have got a preheader.)
    let cfg = Cfg::new(function);
    let reserve = runtime(module, "llad.tape.reserve")?;
    let unchecked = runtime(module, "llad.tape.push.unchecked")?;
    let builder = module.get_context().create_builder();
    let i64t = module.get_context().i64_type();
    let mut rewritten = 0;
    for ((header, per_iteration, calls), trips) in candidates.into_iter().zip(trips) {
        let Some(trips) = trips else { continue };
        let Some(body) = loops.iter().find(|l| l.header == header).map(|l| &l.body) else { continue };
        let Some(preheader) = cfg.preds(header).into_iter().find(|p| !body.contains(p)) else { continue };
        let Some(terminator) = preheader.get_terminator() else { continue };
        builder.position_before(&terminator);
        let ops = Ops::new(&builder, module);
        ops.call(reserve, &[tape, trips.into(), i64t.const_int(per_iteration, false).into()]);
        for call in calls {
            // (The callee is a call's last operand; both functions have the same type.)
            ir::set_operand(call, call.get_num_operands() - 1, unchecked.as_global_value().as_pointer_value().into());
        }
        rewritten += 1;
    }
    Ok(rewritten)
}

fn runtime<'ctx>(module: &Module<'ctx>, name: &str) -> Result<FunctionValue<'ctx>> {
    module.get_function(name).ok_or_else(|| Error::Internal(format!("tape runtime lacks {name}")))
}
