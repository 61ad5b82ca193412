//! Facts about the memory objects pointers point into.
use crate::ir;
use inkwell::module::Module;
use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValue, BasicValueEnum, FunctionValue, InstructionOpcode};

/// The size in bytes of the object(s) a pointer points into, when every source is an alloca of
/// constant size or a global (looking through local slots); `None` otherwise.
pub fn object_size<'ctx>(module: &Module<'ctx>, function: FunctionValue<'ctx>, ptr: BasicValueEnum<'ctx>) -> Option<u64> {
    let sources = super::activity::pointer_sources(function, ptr);
    let mut size = 0u64;
    for s in sources {
        let bytes = if let Some(g) = ir::as_global_variable(s) {
            let ty = BasicTypeEnum::try_from(inkwell::types::AnyTypeEnum::from(g.get_value_type())).ok()?;
            ir::store_size(module, ty)
        } else {
            let inst = s.as_instruction_value().filter(|i| i.get_opcode() == InstructionOpcode::Alloca)?;
            let count = ir::operand(inst, 0).and_then(ir::const_int)?;
            ir::store_size(module, ir::allocated_type(inst)?) * u64::try_from(count).ok()?
        };
        size = size.max(bytes);
    }
    (size > 0).then_some(size)
}

/// Whether the pointer `value` (an allocation of `function`) leaves the function: returned (when
/// `returned` counts), or stored into memory the caller can reach (an argument's or a global's),
/// directly or through local variables and derived pointers. Pointers passed to callees are not
/// followed.
pub fn escapes_to_caller<'ctx>(function: FunctionValue<'ctx>, value: BasicValueEnum<'ctx>, returned: bool) -> bool {
    use InstructionOpcode::*;
    let is_local = |v: BasicValueEnum<'ctx>| v.as_instruction_value().is_some_and(|i| matches!(i.get_opcode(), Alloca | Call | Invoke));
    let loads_of = |slot: BasicValueEnum<'ctx>| -> Vec<BasicValueEnum<'ctx>> {
        let slot_objects: Vec<BasicValueEnum<'ctx>> = super::activity::underlying_objects(slot);
        function
            .get_basic_block_iter()
            .flat_map(|b| b.get_instructions())
            .filter(|i| i.get_opcode() == Load && ir::operand(*i, 0).is_some_and(|p| super::activity::underlying_objects(p).iter().any(|o| slot_objects.contains(o))))
            .filter_map(ir::result_of)
            .collect()
    };
    let mut seen = std::collections::HashSet::new();
    let mut work = vec![value];
    while let Some(v) = work.pop() {
        if !seen.insert(crate::model::ValueId::of(v)) {
            continue;
        }
        let Some(inst) = v.as_instruction_value() else { continue };
        for user in ir::users(inst) {
            match user.get_opcode() {
                Return if returned => return true,
                GetElementPtr | BitCast | AddrSpaceCast | Phi | Select => work.extend(ir::result_of(user)),
                Store if ir::operand(user, 0) == Some(v) => {
                    let Some(target) = ir::operand(user, 1) else { continue };
                    let objects = super::activity::underlying_objects(target);
                    if objects.iter().any(|o| !is_local(*o)) {
                        return true;
                    }
                    // Kept in a local variable (or in fresh memory): wherever it is read back.
                    work.extend(loads_of(target));
                }
                _ => {}
            }
        }
    }
    false
}

/// Whether `inst` is a call of an allocation function (malloc, new, calloc, ...).
pub fn is_allocation_call(inst: inkwell::values::InstructionValue<'_>) -> bool {
    matches!(inst.get_opcode(), InstructionOpcode::Call | InstructionOpcode::Invoke)
        && ir::called_function(inst).is_some_and(|f| super::calls::allocation_kind(&ir::function_name(f)).is_some())
}
