//! `abi.h` in Rust: the argument kinds, and the request and argument structs llad builds for
//! the check runtime (layouts asserted in abi.h).
use super::spec::{ActivitySet, CheckMode, CheckOptions};
use super::Given;
use crate::ir::{self, Ops};
use inkwell::module::{Linkage, Module};
use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValue, BasicValueEnum, FunctionValue};
use llvm_sys::LLVMOpcode;

/// `abi.h`'s argument kinds.
pub const KIND_VOID: u64 = 0;
pub const KIND_F64: u64 = 1;
pub const KIND_F32: u64 = 2;
pub const KIND_I32: u64 = 3;
pub const KIND_I64: u64 = 4;
pub const KIND_PTR_F64: u64 = 5;
pub const KIND_PTR_F32: u64 = 6;
pub const KIND_PTR_I32: u64 = 7;
pub const KIND_PTR_I64: u64 = 8;

/// The kind of a scalar of type `ty` (`None`: not one the runtime knows).
pub fn scalar_kind(ty: BasicTypeEnum<'_>) -> Option<u64> {
    match ty {
        BasicTypeEnum::FloatType(f) if f == f.get_context().f64_type() => Some(KIND_F64),
        BasicTypeEnum::FloatType(f) if f == f.get_context().f32_type() => Some(KIND_F32),
        BasicTypeEnum::IntType(t) if t.get_bit_width() == 32 => Some(KIND_I32),
        BasicTypeEnum::IntType(t) if t.get_bit_width() == 64 => Some(KIND_I64),
        _ => None,
    }
}

/// `struct llad_check_request`, a private constant.
#[allow(clippy::too_many_arguments)]
pub fn request_global<'ctx>(
    module: &Module<'ctx>,
    ops: &Ops<'_, 'ctx>,
    base: &str,
    fname: &str,
    source: &str,
    mode: CheckMode,
    given: &[Given<'ctx>],
    ret_kind: u64,
    sets: &[(&ActivitySet, FunctionValue<'ctx>, Option<FunctionValue<'ctx>>)],
    primal: FunctionValue<'ctx>,
    options: &CheckOptions,
) -> BasicValueEnum<'ctx> {
    let ctx = module.get_context();
    let (i32t, i64t, f64t) = (ctx.i32_type(), ctx.i64_type(), ctx.f64_type());
    let ptr = ctx.ptr_type(inkwell::AddressSpace::default());
    let constant = |name: &str, value: &dyn BasicValue<'ctx>| -> BasicValueEnum<'ctx> {
        let value = value.as_basic_value_enum();
        let g = module.add_global(value.get_type(), None, name);
        g.set_initializer(&value);
        g.set_constant(true);
        g.set_linkage(Linkage::Private);
        g.as_pointer_value().into()
    };
    let set_ty = ctx.struct_type(&[ptr.into(), ptr.into(), ptr.into()], false);
    let set_values: Vec<_> = sets
        .iter()
        .enumerate()
        .map(|(k, (set, first, second))| {
            let codes: Vec<_> = std::iter::once(set.ret).chain(set.args.iter().copied()).map(|a| ctx.i8_type().const_int(activity_code(a), false)).collect();
            let activities = constant(&format!("{base}.activities{k}"), &ctx.i8_type().const_array(&codes));
            let second = second.map(|f| f.as_global_value().as_pointer_value()).unwrap_or(ptr.const_null());
            set_ty.const_named_struct(&[activities, first.as_global_value().as_pointer_value().into(), second.into()])
        })
        .collect();
    let sets_global = constant(&format!("{base}.sets"), &set_ty.const_array(&set_values));
    let fields: Vec<BasicValueEnum> = vec![
        ops.c_string(fname),
        ops.c_string(source),
        i32t.const_int(if mode == CheckMode::Forward { 0 } else { 1 }, false).into(),
        i32t.const_int(given.len() as u64, false).into(),
        i32t.const_int(ret_kind, false).into(),
        i32t.const_int(sets.len() as u64, false).into(),
        sets_global,
        primal.as_global_value().as_pointer_value().into(),
        f64t.const_float(options.rtol).into(),
        f64t.const_float(options.atol).into(),
        i64t.const_int(options.seed, false).into(),
        i64t.const_int(u64::from(options.verbose), false).into(),
    ];
    let request = ctx.const_struct(&fields, false);
    constant(&format!("{base}.request"), &request)
}

fn activity_code(a: crate::model::Activity) -> u64 {
    use crate::model::Activity::*;
    match a {
        Const => 0,
        Dup => 1,
        DupNoNeed => 2,
        Out => 3,
    }
}

/// `struct llad_check_arg args[n]` on the caller's stack, scalars in slots of their parameter's
/// type.
pub fn argument_array<'ctx>(module: &Module<'ctx>, ops: &Ops<'_, 'ctx>, given: &[Given<'ctx>], params: &[BasicTypeEnum<'ctx>]) -> BasicValueEnum<'ctx> {
    let ctx = module.get_context();
    let (i32t, i64t) = (ctx.i32_type(), ctx.i64_type());
    let ptr = ctx.ptr_type(inkwell::AddressSpace::default());
    let arg_ty = ctx.struct_type(&[ptr.into(), i32t.into(), i32t.into(), i64t.into(), ptr.into()], false);
    let array = ops.alloca(arg_ty.array_type(given.len().max(1) as u32).into());
    for (i, (g, ty)) in given.iter().zip(params).enumerate() {
        let (kind, data, len): (u64, BasicValueEnum, BasicValueEnum) = match g.len {
            Some(len) => (g.kind, g.value, ops.as_i64(len)),
            None => {
                let slot = ops.alloca(*ty);
                ops.store(convert(module, ops, g.value, *ty), slot);
                (scalar_kind(*ty).unwrap_or(KIND_F64), slot, i64t.const_int(1, false).into())
            }
        };
        let at = |field: u64| ops.byte_offset(array, 32 * i as u64 + field);
        ops.store(g.name, at(0));
        ops.store(i32t.const_int(kind, false).into(), at(8));
        ops.store(i32t.const_zero().into(), at(12));
        ops.store(len, at(16));
        ops.store(data, at(24));
    }
    array
}

/// A value passed through `...` (a double for floats, an int or long for integers) in the
/// parameter's type.
fn convert<'ctx>(module: &Module<'ctx>, ops: &Ops<'_, 'ctx>, value: BasicValueEnum<'ctx>, ty: BasicTypeEnum<'ctx>) -> BasicValueEnum<'ctx> {
    match (value, ty) {
        (BasicValueEnum::FloatValue(v), BasicTypeEnum::FloatType(t)) if v.get_type() != t => {
            let op = if ir::store_size(module, value.get_type()) > ir::store_size(module, ty) { LLVMOpcode::LLVMFPTrunc } else { LLVMOpcode::LLVMFPExt };
            ops.cast(op, value, ty)
        }
        (BasicValueEnum::IntValue(v), BasicTypeEnum::IntType(t)) if v.get_type() != t => {
            let op = if v.get_type().get_bit_width() > t.get_bit_width() { LLVMOpcode::LLVMTrunc } else { LLVMOpcode::LLVMSExt };
            ops.cast(op, value, ty)
        }
        _ => value,
    }
}
