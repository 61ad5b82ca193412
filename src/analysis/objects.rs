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
