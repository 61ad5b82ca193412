//! Functions as values: indirect calls, whose address a module takes, and constants that hold
//! nothing a derivative could flow through.
use super::inspect::{as_function, called_function, call_arg_count, function_name, strip_casts};
use inkwell::types::{AnyTypeEnum, BasicTypeEnum, FunctionType};
use inkwell::values::{AsValueRef, BasicValueEnum, FunctionValue, InstructionOpcode, InstructionValue};
use llvm_sys::core::*;
use llvm_sys::LLVMTypeKind;

/// The called pointer and the function type of a call through a function pointer (not inline
/// assembly, not a known function).
pub fn indirect_callee<'ctx>(call: InstructionValue<'ctx>) -> Option<(BasicValueEnum<'ctx>, FunctionType<'ctx>)> {
    if !matches!(call.get_opcode(), InstructionOpcode::Call | InstructionOpcode::Invoke) || called_function(call).is_some() {
        return None;
    }
    // SAFETY: a call instruction has a called operand and a function type.
    unsafe {
        let callee = LLVMGetCalledValue(call.as_value_ref());
        if !LLVMIsAInlineAsm(callee).is_null() {
            return None;
        }
        let ty = FunctionType::new(LLVMGetCalledFunctionType(call.as_value_ref()));
        Some((BasicValueEnum::new(callee), ty))
    }
}

/// Whether any argument of the call carries a type attribute that changes how it is passed
/// (`byval`, `sret`, `inalloca`, `preallocated`, `elementtype`).
pub fn call_has_abi_attributes(call: InstructionValue<'_>) -> bool {
    let Ok(site) = inkwell::values::CallSiteValue::try_from(call) else { return false };
    let kinds = ["byval", "sret", "inalloca", "preallocated", "byref"].map(inkwell::attributes::Attribute::get_named_enum_kind_id);
    (0..call_arg_count(call)).any(|i| kinds.iter().any(|k| site.get_enum_attribute(inkwell::attributes::AttributeLoc::Param(i), *k).is_some()))
}

/// Whether `f`'s address is used other than to call it: stored, passed on, or in a constant (a
/// vtable). Requests (`__enzyme_*` calls) naming it do not count.
pub fn address_taken(f: FunctionValue<'_>) -> bool {
    // SAFETY: walks the use list of a valid function; users are valid values.
    unsafe {
        let mut use_ = LLVMGetFirstUse(f.as_value_ref());
        while !use_.is_null() {
            let user = LLVMGetUser(use_);
            let is_call = !LLVMIsACallInst(user).is_null() || !LLVMIsAInvokeInst(user).is_null();
            let taken = if is_call {
                let callee = LLVMGetCalledValue(user);
                let is_request = !LLVMIsAFunction(callee).is_null() && function_name(FunctionValue::new(callee).expect("a function")).contains("__enzyme_");
                let as_argument = (0..LLVMGetNumArgOperands(user)).any(|i| LLVMGetOperand(user, i) == f.as_value_ref());
                !is_request && as_argument
            } else {
                true
            };
            if taken {
                return true;
            }
            use_ = LLVMGetNextUse(use_);
        }
    }
    false
}

/// How deep [`is_inert_constant`] follows pointers inside constants.
const INERT_DEPTH: usize = 4;

/// Whether the constant `value` is a function, or points into constant memory that holds no
/// floating-point data and no pointer to anything else (a vtable, a string, a table of functions):
/// nothing read through it can carry a derivative, so it may be its own shadow.
pub fn is_inert_constant(value: BasicValueEnum<'_>) -> bool {
    inert(value.as_value_ref(), INERT_DEPTH)
}

fn inert(raw: llvm_sys::prelude::LLVMValueRef, depth: usize) -> bool {
    if depth == 0 {
        return false;
    }
    // SAFETY: raw is a valid value; only constants are inspected.
    unsafe {
        if LLVMIsConstant(raw) == 0 {
            return false;
        }
        let stripped = strip_casts(BasicValueEnum::new(raw)).as_value_ref();
        if as_function(BasicValueEnum::new(stripped)).is_some() || LLVMIsNull(raw) != 0 || !LLVMIsAUndefValue(raw).is_null() {
            return true;
        }
        if !LLVMIsAGlobalVariable(raw).is_null() {
            let initializer = LLVMGetInitializer(raw);
            return LLVMIsGlobalConstant(raw) != 0 && !initializer.is_null() && inert(initializer, depth - 1);
        }
        if !LLVMIsAConstantExpr(raw).is_null() {
            return matches!(LLVMGetConstOpcode(raw), llvm_sys::LLVMOpcode::LLVMGetElementPtr | llvm_sys::LLVMOpcode::LLVMBitCast | llvm_sys::LLVMOpcode::LLVMAddrSpaceCast)
                && inert(LLVMGetOperand(raw, 0), depth);
        }
        match LLVMGetTypeKind(LLVMTypeOf(raw)) {
            LLVMTypeKind::LLVMIntegerTypeKind => true,
            LLVMTypeKind::LLVMStructTypeKind | LLVMTypeKind::LLVMArrayTypeKind | LLVMTypeKind::LLVMVectorTypeKind => {
                let ty = BasicTypeEnum::try_from(AnyTypeEnum::new(LLVMTypeOf(raw)));
                if ty.is_ok_and(|t| super::inspect::carries_float(t)) {
                    return false;
                }
                if !LLVMIsAConstantDataSequential(raw).is_null() || !LLVMIsAConstantAggregateZero(raw).is_null() {
                    return true;
                }
                (0..LLVMGetNumOperands(raw).max(0) as u32).all(|i| inert(LLVMGetOperand(raw, i), depth))
            }
            _ => false,
        }
    }
}

/// The calling convention of a call instruction.
pub fn call_convention(call: InstructionValue<'_>) -> u32 {
    // SAFETY: a call instruction.
    unsafe { LLVMGetInstructionCallConv(call.as_value_ref()) }
}

/// Gives `to` the debug location of `from` (a replacement reports errors at the same line).
pub fn copy_debug_location(from: InstructionValue<'_>, to: InstructionValue<'_>) {
    // SAFETY: both are instructions; a missing location copies as none.
    unsafe {
        let location = LLVMGetMetadata(from.as_value_ref(), 0);
        if !location.is_null() {
            LLVMSetMetadata(to.as_value_ref(), 0, location);
        }
    }
}

/// Copies the call-site attributes of `from` onto `to`: the return's, and argument `i`'s onto
/// argument `i + shift` of `to` (a dispatcher takes one argument more in front).
pub fn copy_call_attributes(from: InstructionValue<'_>, to: InstructionValue<'_>, shift: i64) {
    use inkwell::attributes::AttributeLoc;
    let (Ok(from_site), Ok(to_site)) = (inkwell::values::CallSiteValue::try_from(from), inkwell::values::CallSiteValue::try_from(to)) else { return };
    for attribute in from_site.attributes(AttributeLoc::Return) {
        to_site.add_attribute(AttributeLoc::Return, attribute);
    }
    for i in 0..call_arg_count(from) {
        let Ok(target) = u32::try_from(i64::from(i) + shift) else { continue };
        if target >= call_arg_count(to) {
            continue;
        }
        for attribute in from_site.attributes(AttributeLoc::Param(i)) {
            to_site.add_attribute(AttributeLoc::Param(target), attribute);
        }
    }
}

/// Gives a call of `function` the parameter and return attributes `function` declares (`zeroext`
/// on a `bool`, ...), as a direct call written by clang has them.
pub fn copy_declared_attributes(function: FunctionValue<'_>, call: InstructionValue<'_>) {
    use inkwell::attributes::AttributeLoc;
    let Ok(site) = inkwell::values::CallSiteValue::try_from(call) else { return };
    for attribute in function.attributes(AttributeLoc::Return) {
        site.add_attribute(AttributeLoc::Return, attribute);
    }
    for i in 0..function.count_params() {
        for attribute in function.attributes(AttributeLoc::Param(i)) {
            site.add_attribute(AttributeLoc::Param(i), attribute);
        }
    }
}

/// The normal and unwind destinations of an `invoke`.
pub fn invoke_destinations<'ctx>(invoke: InstructionValue<'ctx>) -> Option<(inkwell::basic_block::BasicBlock<'ctx>, inkwell::basic_block::BasicBlock<'ctx>)> {
    if invoke.get_opcode() != InstructionOpcode::Invoke {
        return None;
    }
    // SAFETY: an invoke has both destinations.
    unsafe {
        let normal = inkwell::basic_block::BasicBlock::new(LLVMGetNormalDest(invoke.as_value_ref()))?;
        let unwind = inkwell::basic_block::BasicBlock::new(LLVMGetUnwindDest(invoke.as_value_ref()))?;
        Some((normal, unwind))
    }
}

/// Whether parameter `index` of `function` carries the enum attribute `name` (e.g. `sret`).
pub fn param_has_attribute(function: FunctionValue<'_>, index: u32, name: &str) -> bool {
    let kind = inkwell::attributes::Attribute::get_named_enum_kind_id(name);
    function.get_enum_attribute(inkwell::attributes::AttributeLoc::Param(index), kind).is_some()
}

/// The type a function's `sret` parameter `index` points to.
pub fn param_sret_type<'ctx>(function: FunctionValue<'ctx>, index: u32) -> Option<BasicTypeEnum<'ctx>> {
    let kind = inkwell::attributes::Attribute::get_named_enum_kind_id("sret");
    type_of_attribute(function.get_enum_attribute(inkwell::attributes::AttributeLoc::Param(index), kind)?)
}

/// The type a type attribute (`sret(T)`, `byval(T)`) names.
fn type_of_attribute<'ctx>(attribute: inkwell::attributes::Attribute) -> Option<BasicTypeEnum<'ctx>> {
    if !attribute.is_type() {
        return None;
    }
    // SAFETY: a type attribute's value is a type of the context it was read from.
    unsafe { BasicTypeEnum::try_from(AnyTypeEnum::new(llvm_sys::core::LLVMGetTypeAttributeValue(attribute.as_mut_ptr()))).ok() }
}

/// The type a call's `sret` argument 0 points to.
pub fn call_sret_type<'ctx>(call: InstructionValue<'ctx>) -> Option<BasicTypeEnum<'ctx>> {
    let site = inkwell::values::CallSiteValue::try_from(call).ok()?;
    let kind = inkwell::attributes::Attribute::get_named_enum_kind_id("sret");
    type_of_attribute(site.get_enum_attribute(inkwell::attributes::AttributeLoc::Param(0), kind)?)
}
