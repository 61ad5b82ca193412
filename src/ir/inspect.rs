//! Read-only queries on IR that inkwell lacks or makes awkward.
use inkwell::basic_block::BasicBlock;
use inkwell::module::Module;
use inkwell::types::{AnyTypeEnum, BasicTypeEnum};
use inkwell::values::{AnyValue, AsValueRef, BasicValue, BasicValueEnum, FunctionValue, GlobalValue, InstructionOpcode, InstructionValue};
use llvm_sys::core::*;
use llvm_sys::prelude::LLVMValueRef;
use llvm_sys::LLVMTypeKind;
use std::ffi::CStr;

/// The value an instruction produces, or `None` for void instructions (store, br, void calls).
pub fn result_of<'ctx>(inst: InstructionValue<'ctx>) -> Option<BasicValueEnum<'ctx>> {
    // SAFETY: an instruction is a valid value; void-typed ones are filtered out.
    unsafe {
        let raw = inst.as_value_ref();
        match LLVMGetTypeKind(LLVMTypeOf(raw)) {
            LLVMTypeKind::LLVMVoidTypeKind | LLVMTypeKind::LLVMTokenTypeKind | LLVMTypeKind::LLVMMetadataTypeKind => None,
            _ => Some(BasicValueEnum::new(raw)),
        }
    }
}

/// Operand `index` of `inst` as a value (`None` for basic-block operands and metadata).
pub fn operand<'ctx>(inst: InstructionValue<'ctx>, index: u32) -> Option<BasicValueEnum<'ctx>> {
    if index >= inst.get_num_operands() {
        return None;
    }
    // SAFETY: index is in range.
    unsafe {
        let raw = LLVMGetOperand(inst.as_value_ref(), index);
        if raw.is_null() || LLVMValueIsBasicBlock(raw) != 0 {
            return None;
        }
        match LLVMGetTypeKind(LLVMTypeOf(raw)) {
            LLVMTypeKind::LLVMMetadataTypeKind | LLVMTypeKind::LLVMLabelTypeKind | LLVMTypeKind::LLVMTokenTypeKind => None,
            _ => Some(BasicValueEnum::new(raw)),
        }
    }
}

/// The instruction that defines `value`, if it is one.
pub fn defining_instruction<'ctx>(value: BasicValueEnum<'ctx>) -> Option<InstructionValue<'ctx>> {
    value.as_instruction_value()
}

/// The argument index of `value` in its function, if it is an argument.
pub fn argument_index(function: FunctionValue<'_>, value: BasicValueEnum<'_>) -> Option<usize> {
    function.get_param_iter().position(|p| p.as_value_ref() == value.as_value_ref())
}

pub fn is_argument(value: BasicValueEnum<'_>) -> bool {
    // SAFETY: value is valid.
    unsafe { !LLVMIsAArgument(value.as_value_ref()).is_null() }
}

pub fn is_constant(value: BasicValueEnum<'_>) -> bool {
    // SAFETY: value is valid.
    unsafe { LLVMIsConstant(value.as_value_ref()) != 0 }
}

pub fn is_global(value: BasicValueEnum<'_>) -> bool {
    // SAFETY: value is valid.
    unsafe { !LLVMIsAGlobalValue(value.as_value_ref()).is_null() }
}

/// The global variable `value` is (not looking through expressions).
pub fn as_global_variable<'ctx>(value: BasicValueEnum<'ctx>) -> Option<GlobalValue<'ctx>> {
    // SAFETY: value is valid; the cast checks the kind.
    unsafe {
        let raw = LLVMIsAGlobalVariable(value.as_value_ref());
        (!raw.is_null()).then(|| GlobalValue::new(raw))
    }
}

/// Strips pointer casts and zero-offset constant expressions from a value.
pub fn strip_casts<'ctx>(value: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
    let mut raw = value.as_value_ref();
    // SAFETY: we only walk operand 0 of cast instructions / constant expressions.
    unsafe {
        loop {
            let is_cast_expr = !LLVMIsAConstantExpr(raw).is_null()
                && matches!(
                    LLVMGetConstOpcode(raw),
                    llvm_sys::LLVMOpcode::LLVMBitCast | llvm_sys::LLVMOpcode::LLVMAddrSpaceCast | llvm_sys::LLVMOpcode::LLVMPtrToInt | llvm_sys::LLVMOpcode::LLVMIntToPtr
                );
            let is_cast_inst = !LLVMIsABitCastInst(raw).is_null() || !LLVMIsAAddrSpaceCastInst(raw).is_null();
            if is_cast_expr || is_cast_inst {
                raw = LLVMGetOperand(raw, 0);
            } else {
                break;
            }
        }
        BasicValueEnum::new(raw)
    }
}

/// The function a call instruction calls directly (through casts), if any.
pub fn called_function<'ctx>(call: InstructionValue<'ctx>) -> Option<FunctionValue<'ctx>> {
    if call.get_opcode() != InstructionOpcode::Call && call.get_opcode() != InstructionOpcode::Invoke {
        return None;
    }
    // SAFETY: call instructions have a called operand.
    unsafe {
        let callee = LLVMGetCalledValue(call.as_value_ref());
        let stripped = strip_casts(BasicValueEnum::new(callee));
        FunctionValue::new(LLVMIsAFunction(stripped.as_value_ref()))
    }
}

/// The number of call arguments (operands minus the callee).
pub fn call_arg_count(call: InstructionValue<'_>) -> u32 {
    // SAFETY: valid call instruction.
    unsafe { LLVMGetNumArgOperands(call.as_value_ref()) }
}

/// The raw operand of a call at `index`, including metadata operands (`metadata !"enzyme_dup"`).
pub fn call_arg_metadata_string(call: InstructionValue<'_>, index: u32) -> Option<String> {
    // SAFETY: index checked against the argument count.
    unsafe {
        if index >= LLVMGetNumArgOperands(call.as_value_ref()) {
            return None;
        }
        let raw = LLVMGetOperand(call.as_value_ref(), index);
        if LLVMIsAMDString(raw).is_null() {
            return None;
        }
        let mut len = 0u32;
        let ptr = LLVMGetMDString(raw, &mut len);
        if ptr.is_null() {
            return None;
        }
        let bytes = std::slice::from_raw_parts(ptr as *const u8, len as usize);
        Some(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// Name of a named value (function, global, instruction) or "" when unnamed.
pub fn value_name(value: BasicValueEnum<'_>) -> String {
    // SAFETY: LLVMGetValueName2 returns a pointer into the value's name.
    unsafe {
        let mut len = 0usize;
        let ptr = LLVMGetValueName2(value.as_value_ref(), &mut len);
        if ptr.is_null() {
            return String::new();
        }
        String::from_utf8_lossy(std::slice::from_raw_parts(ptr as *const u8, len)).into_owned()
    }
}

pub fn function_name(function: FunctionValue<'_>) -> String {
    function.get_name().to_string_lossy().into_owned()
}

/// One-line IR text of an instruction, without trailing metadata attachments.
pub fn instruction_text(inst: InstructionValue<'_>) -> String {
    let text = inst.print_to_string().to_string();
    // Invokes print over two lines; errors want one.
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = text.as_str();
    match text.find(", !") {
        Some(cut) => text[..cut].to_string(),
        None => text.to_string(),
    }
}

/// `file:line:column` from the instruction's debug location, if it has one.
pub fn source_location(inst: InstructionValue<'_>) -> Option<String> {
    // SAFETY: these calls accept any instruction and return 0/null when there is no location.
    unsafe {
        let raw = inst.as_value_ref();
        let line = LLVMGetDebugLocLine(raw);
        if line == 0 {
            return None;
        }
        let mut len = 0u32;
        let file = LLVMGetDebugLocFilename(raw, &mut len);
        let file = if file.is_null() {
            "<unknown>".to_string()
        } else {
            String::from_utf8_lossy(std::slice::from_raw_parts(file as *const u8, len as usize)).into_owned()
        };
        let column = LLVMGetDebugLocColumn(raw);
        Some(format!("{file}:{line}:{column}"))
    }
}

/// Float scalar or vector of floats.
pub fn is_float_like(ty: BasicTypeEnum<'_>) -> bool {
    match ty {
        BasicTypeEnum::FloatType(_) => true,
        BasicTypeEnum::VectorType(v) => matches!(v.get_element_type(), BasicTypeEnum::FloatType(_)),
        _ => false,
    }
}

/// A type that can carry a derivative: floats, vectors of floats and aggregates containing them.
pub fn carries_float(ty: BasicTypeEnum<'_>) -> bool {
    match ty {
        BasicTypeEnum::FloatType(_) => true,
        BasicTypeEnum::VectorType(v) => matches!(v.get_element_type(), BasicTypeEnum::FloatType(_)),
        BasicTypeEnum::ArrayType(a) => carries_float(a.get_element_type()),
        BasicTypeEnum::StructType(s) => s.get_field_types().into_iter().any(carries_float),
        _ => false,
    }
}

pub fn is_pointer_like(ty: BasicTypeEnum<'_>) -> bool {
    match ty {
        BasicTypeEnum::PointerType(_) => true,
        BasicTypeEnum::VectorType(v) => matches!(v.get_element_type(), BasicTypeEnum::PointerType(_)),
        _ => false,
    }
}

/// Whether `v` is a `bitcast` of a float (or float vector) value: it holds float bits.
pub fn is_bitcast_of_float(v: BasicValueEnum<'_>) -> bool {
    v.as_instruction_value()
        .filter(|i| i.get_opcode() == InstructionOpcode::BitCast)
        .and_then(|i| operand(i, 0))
        .is_some_and(|src| is_float_like(src.get_type()))
}

/// The width in bits of an integer or integer vector type.
pub fn integer_bits(ty: BasicTypeEnum<'_>) -> Option<u32> {
    match ty {
        BasicTypeEnum::IntType(t) => Some(t.get_bit_width()),
        BasicTypeEnum::VectorType(v) => match v.get_element_type() {
            BasicTypeEnum::IntType(t) => Some(t.get_bit_width() * v.get_size()),
            _ => None,
        },
        _ => None,
    }
}

/// The integer (vector) type `ty` seen as floats of `float_bits` each: one float, or a vector of
/// them, of the same size.
pub fn float_view(ty: BasicTypeEnum<'_>, float_bits: u32) -> Option<BasicTypeEnum<'_>> {
    let bits = integer_bits(ty)?;
    let ctx = match ty {
        BasicTypeEnum::IntType(t) => t.get_context(),
        BasicTypeEnum::VectorType(v) => v.get_context(),
        _ => return None,
    };
    let float = match float_bits {
        16 => ctx.f16_type(),
        32 => ctx.f32_type(),
        64 => ctx.f64_type(),
        _ => return None,
    };
    match bits / float_bits {
        _ if bits % float_bits != 0 => None,
        0 => None,
        1 => Some(float.into()),
        n => Some(float.vec_type(n).into()),
    }
}

/// An integer, integer vector or aggregate of them seen as floats of `float_bits`, leaf by leaf
/// (`[2 x i64]` → `[2 x double]`); none where a leaf is not a whole number of floats.
pub fn float_view_deep(ty: BasicTypeEnum<'_>, float_bits: u32) -> Option<BasicTypeEnum<'_>> {
    match ty {
        BasicTypeEnum::ArrayType(a) => {
            let element = float_view_deep(a.get_element_type(), float_bits)?;
            Some(inkwell::types::BasicType::array_type(&element, a.len()).into())
        }
        BasicTypeEnum::StructType(s) => {
            let fields = s.get_field_types().into_iter().map(|f| float_view_deep(f, float_bits)).collect::<Option<Vec<_>>>()?;
            Some(s.get_context().struct_type(&fields, s.is_packed()).into())
        }
        _ => float_view(ty, float_bits),
    }
}

/// `ty` with every `i32`/`i64` (vector) leaf replaced by floats of its width; other leaves stay.
pub fn integers_as_floats(ty: BasicTypeEnum<'_>) -> BasicTypeEnum<'_> {
    match ty {
        BasicTypeEnum::ArrayType(a) => inkwell::types::BasicType::array_type(&integers_as_floats(a.get_element_type()), a.len()).into(),
        BasicTypeEnum::StructType(s) => {
            let fields: Vec<_> = s.get_field_types().into_iter().map(integers_as_floats).collect();
            s.get_context().struct_type(&fields, s.is_packed()).into()
        }
        BasicTypeEnum::IntType(t) if matches!(t.get_bit_width(), 32 | 64) => float_view(ty, t.get_bit_width()).unwrap_or(ty),
        BasicTypeEnum::VectorType(v) => match v.get_element_type() {
            BasicTypeEnum::IntType(t) if matches!(t.get_bit_width(), 32 | 64) => float_view(ty, t.get_bit_width()).unwrap_or(ty),
            _ => ty,
        },
        _ => ty,
    }
}

/// The vector of `n` elements of `element` (a float or integer type).
pub fn vector_of(element: BasicTypeEnum<'_>, n: u32) -> BasicTypeEnum<'_> {
    match element {
        BasicTypeEnum::FloatType(f) => f.vec_type(n).into(),
        BasicTypeEnum::IntType(i) => i.vec_type(n).into(),
        BasicTypeEnum::PointerType(p) => p.vec_type(n).into(),
        other => other,
    }
}

pub fn contains_pointer(ty: BasicTypeEnum<'_>) -> bool {
    match ty {
        BasicTypeEnum::PointerType(_) => true,
        BasicTypeEnum::VectorType(v) => matches!(v.get_element_type(), BasicTypeEnum::PointerType(_)),
        BasicTypeEnum::ArrayType(a) => contains_pointer(a.get_element_type()),
        BasicTypeEnum::StructType(s) => s.get_field_types().into_iter().any(contains_pointer),
        _ => false,
    }
}

/// The basic type of an instruction's result or of a value's type, if it has one.
pub fn basic_type_of(ty: AnyTypeEnum<'_>) -> Option<BasicTypeEnum<'_>> {
    BasicTypeEnum::try_from(ty).ok()
}

/// Successor blocks of a terminator.
pub fn successors<'ctx>(term: InstructionValue<'ctx>) -> Vec<BasicBlock<'ctx>> {
    // SAFETY: only called on terminators.
    unsafe {
        let raw = term.as_value_ref();
        if LLVMIsATerminatorInst(raw).is_null() {
            return Vec::new();
        }
        let n = LLVMGetNumSuccessors(raw);
        (0..n).filter_map(|i| BasicBlock::new(LLVMGetSuccessor(raw, i))).collect()
    }
}

/// Blocks of `function` in reverse post-order from the entry: every block comes after the blocks
/// that dominate it. Unreachable blocks are left out.
pub fn reverse_post_order<'ctx>(function: FunctionValue<'ctx>) -> Vec<BasicBlock<'ctx>> {
    let Some(entry) = function.get_first_basic_block() else { return Vec::new() };
    let mut visited = std::collections::HashSet::new();
    let mut post = Vec::new();
    let mut stack = vec![(entry, 0usize)];
    visited.insert(entry);
    while let Some((block, next)) = stack.pop() {
        let succs = block.get_terminator().map(successors).unwrap_or_default();
        if next < succs.len() {
            stack.push((block, next + 1));
            let succ = succs[next];
            if visited.insert(succ) {
                stack.push((succ, 0));
            }
        } else {
            post.push(block);
        }
    }
    post.reverse();
    post
}

/// Incoming (value, block) pairs of a phi.
pub fn phi_incoming<'ctx>(phi: InstructionValue<'ctx>) -> Vec<(BasicValueEnum<'ctx>, BasicBlock<'ctx>)> {
    // SAFETY: only called on phis; indices are in range.
    unsafe {
        let raw = phi.as_value_ref();
        let n = LLVMCountIncoming(raw);
        (0..n)
            .filter_map(|i| {
                let block = BasicBlock::new(LLVMGetIncomingBlock(raw, i))?;
                Some((BasicValueEnum::new(LLVMGetIncomingValue(raw, i)), block))
            })
            .collect()
    }
}

/// The allocated type of an alloca, the source element type of a GEP.
pub fn allocated_type<'ctx>(inst: InstructionValue<'ctx>) -> Option<BasicTypeEnum<'ctx>> {
    // SAFETY: only meaningful for allocas; checked.
    unsafe {
        let raw = inst.as_value_ref();
        if LLVMIsAAllocaInst(raw).is_null() {
            return None;
        }
        BasicTypeEnum::try_from(AnyTypeEnum::new(LLVMGetAllocatedType(raw))).ok()
    }
}

pub fn gep_source_type<'ctx>(inst: InstructionValue<'ctx>) -> Option<BasicTypeEnum<'ctx>> {
    // SAFETY: checked to be a GEP.
    unsafe {
        let raw = inst.as_value_ref();
        if LLVMIsAGetElementPtrInst(raw).is_null() {
            return None;
        }
        BasicTypeEnum::try_from(AnyTypeEnum::new(LLVMGetGEPSourceElementType(raw))).ok()
    }
}

/// Constant integer value of a value, if it is a constant int.
pub fn const_int(value: BasicValueEnum<'_>) -> Option<i64> {
    // SAFETY: checked to be a ConstantInt.
    unsafe {
        let raw = value.as_value_ref();
        if LLVMIsAConstantInt(raw).is_null() {
            return None;
        }
        Some(LLVMConstIntGetSExtValue(raw))
    }
}

/// The fields of a struct copy's `!tbaa.struct` (offset, size, tag triples): each field's offset
/// and its TBAA type name ("double", "any pointer", "long", ...).
pub fn tbaa_struct_fields(inst: InstructionValue<'_>) -> Vec<(i64, String)> {
    // SAFETY: we only read metadata operands, checking kinds and counts.
    unsafe {
        let raw = inst.as_value_ref();
        let ctx = LLVMGetTypeContext(LLVMTypeOf(raw));
        let kind = LLVMGetMDKindIDInContext(ctx, c"tbaa.struct".as_ptr(), 11);
        let node = LLVMGetMetadata(raw, kind);
        if node.is_null() {
            return Vec::new();
        }
        let n = LLVMGetMDNodeNumOperands(node) as usize;
        let mut ops = vec![std::ptr::null_mut(); n];
        LLVMGetMDNodeOperands(node, ops.as_mut_ptr());
        let mut out = Vec::new();
        for field in ops.chunks_exact(3) {
            let (offset, tag) = (field[0], field[2]);
            if offset.is_null() || tag.is_null() || LLVMIsAConstantInt(offset).is_null() || LLVMIsAMDNode(tag).is_null() {
                continue;
            }
            if let Some(name) = tbaa_tag_type_name(tag) {
                out.push((LLVMConstIntGetSExtValue(offset), name));
            }
        }
        out
    }
}

/// The access type's name of a TBAA tag node `!{base, access, offset}`.
///
/// # Safety
/// `tag` must be a metadata node as a value.
unsafe fn tbaa_tag_type_name(tag: llvm_sys::prelude::LLVMValueRef) -> Option<String> {
    if LLVMGetMDNodeNumOperands(tag) < 2 {
        return None;
    }
    let mut ops = vec![std::ptr::null_mut(); LLVMGetMDNodeNumOperands(tag) as usize];
    LLVMGetMDNodeOperands(tag, ops.as_mut_ptr());
    let access = ops[1];
    if access.is_null() || LLVMIsAMDNode(access).is_null() || LLVMGetMDNodeNumOperands(access) < 1 {
        return None;
    }
    let mut aops = vec![std::ptr::null_mut(); LLVMGetMDNodeNumOperands(access) as usize];
    LLVMGetMDNodeOperands(access, aops.as_mut_ptr());
    let name = aops[0];
    if name.is_null() || LLVMIsAMDString(name).is_null() {
        return None;
    }
    let mut len = 0u32;
    let ptr = LLVMGetMDString(name, &mut len);
    (!ptr.is_null()).then(|| String::from_utf8_lossy(std::slice::from_raw_parts(ptr as *const u8, len as usize)).into_owned())
}

/// A string metadata node attached to an instruction under `kind` (e.g. TBAA's type name).
pub fn tbaa_access_type_name(inst: InstructionValue<'_>) -> Option<String> {
    // TBAA access tag: !{base, access, offset}; access type node: !{!"double", parent, 0}.
    // SAFETY: the tag is a metadata node read from the instruction.
    unsafe {
        let raw = inst.as_value_ref();
        let ctx = LLVMGetTypeContext(LLVMTypeOf(raw));
        let kind = LLVMGetMDKindIDInContext(ctx, c"tbaa".as_ptr(), 4);
        let tag = LLVMGetMetadata(raw, kind);
        if tag.is_null() {
            return None;
        }
        tbaa_tag_type_name(tag)
    }
}

/// Predicate of an fcmp as text (for rule expressions and printing).
pub fn intrinsic_base_name(function: FunctionValue<'_>) -> Option<String> {
    let name = function_name(function);
    let rest = name.strip_prefix("llvm.")?;
    // `llvm.sin.f64` -> `sin`, `llvm.fmuladd.v4f64` -> `fmuladd`, `llvm.powi.f64.i32` -> `powi`
    Some(rest.split('.').next().unwrap_or(rest).to_string())
}

/// Size in bytes of a type, from the module's data layout.
pub fn store_size(module: &Module<'_>, ty: BasicTypeEnum<'_>) -> u64 {
    // SAFETY: the module's data layout string is valid.
    unsafe {
        let layout = llvm_sys::target::LLVMGetModuleDataLayout(module.as_mut_ptr());
        llvm_sys::target::LLVMStoreSizeOfType(layout, inkwell::types::AsTypeRef::as_type_ref(&ty))
    }
}

/// Bytes between consecutive elements of type `ty` in an array (its ABI size).
pub fn alloc_size(module: &Module<'_>, ty: BasicTypeEnum<'_>) -> u64 {
    // SAFETY: the module's data layout string is valid.
    unsafe {
        let layout = llvm_sys::target::LLVMGetModuleDataLayout(module.as_mut_ptr());
        llvm_sys::target::LLVMABISizeOfType(layout, inkwell::types::AsTypeRef::as_type_ref(&ty))
    }
}

/// Byte offset of field `index` of struct type `s`, from the module's data layout.
pub fn field_offset(module: &Module<'_>, s: inkwell::types::StructType<'_>, index: u32) -> Option<u64> {
    if index >= s.count_fields() || s.is_opaque() {
        return None;
    }
    // SAFETY: the module's data layout is valid; the struct is sized and has the field.
    unsafe {
        let layout = llvm_sys::target::LLVMGetModuleDataLayout(module.as_mut_ptr());
        Some(llvm_sys::target::LLVMOffsetOfElement(layout, inkwell::types::AsTypeRef::as_type_ref(&s), index))
    }
}

pub fn cstr_lossy(s: &CStr) -> String {
    s.to_string_lossy().into_owned()
}

/// Whether `value` is an instruction of `function` (as opposed to a constant, argument, or other).
pub fn is_instruction(value: BasicValueEnum<'_>) -> bool {
    value.as_instruction_value().is_some()
}

/// The `undef` value of a type.
pub fn undef(ty: BasicTypeEnum<'_>) -> BasicValueEnum<'_> {
    // SAFETY: ty is a valid first-class type.
    unsafe { BasicValueEnum::new(LLVMGetUndef(inkwell::types::AsTypeRef::as_type_ref(&ty))) }
}

/// Whether the value is the `undef` or `poison` constant.
pub fn is_undef(value: BasicValueEnum<'_>) -> bool {
    // SAFETY: value is valid.
    unsafe { LLVMIsUndef(value.as_value_ref()) != 0 || !LLVMIsAPoisonValue(value.as_value_ref()).is_null() }
}

/// Any value to a debug string.
pub fn value_text(value: BasicValueEnum<'_>) -> String {
    value.print_to_string().to_string()
}

/// Returns `AnyValue` text for a function signature.
pub fn any_text(value: &dyn AnyValue<'_>) -> String {
    value.print_to_string().to_string()
}

/// The instructions that use `inst`'s result.
pub fn users<'ctx>(inst: InstructionValue<'ctx>) -> Vec<InstructionValue<'ctx>> {
    users_from(inst.get_first_use())
}

/// The instructions that use a value (an instruction's result or a function's parameter).
pub fn value_users<'ctx>(value: BasicValueEnum<'ctx>) -> Vec<InstructionValue<'ctx>> {
    users_from(value.get_first_use())
}

fn users_from<'ctx>(first: Option<inkwell::values::BasicValueUse<'ctx>>) -> Vec<InstructionValue<'ctx>> {
    let mut out = Vec::new();
    let mut next = first;
    while let Some(u) = next {
        if let inkwell::values::AnyValueEnum::InstructionValue(i) = u.get_user() {
            out.push(i);
        } else if let Ok(b) = BasicValueEnum::try_from(u.get_user()) {
            out.extend(b.as_instruction_value());
        }
        next = u.get_next_use();
    }
    out
}

/// Whether an integer computed by `inst` flows (through integer arithmetic) into an `inttoptr`.
pub fn becomes_pointer(inst: InstructionValue<'_>) -> bool {
    let mut seen = std::collections::HashSet::new();
    let mut work = vec![inst];
    while let Some(i) = work.pop() {
        if !seen.insert(i) {
            continue;
        }
        for user in users(i) {
            match user.get_opcode() {
                InstructionOpcode::IntToPtr => return true,
                InstructionOpcode::Add | InstructionOpcode::Sub | InstructionOpcode::And | InstructionOpcode::Or | InstructionOpcode::Xor
                | InstructionOpcode::Mul | InstructionOpcode::Shl | InstructionOpcode::Phi | InstructionOpcode::Select => work.push(user),
                _ => {}
            }
        }
    }
    false
}

/// The constant indices of an extractvalue/insertvalue.
pub fn aggregate_indices(inst: InstructionValue<'_>) -> Vec<u32> {
    // SAFETY: only called on extractvalue/insertvalue; LLVM owns the index array.
    unsafe {
        let raw = inst.as_value_ref();
        let n = LLVMGetNumIndices(raw) as usize;
        let ptr = LLVMGetIndices(raw);
        if ptr.is_null() {
            return Vec::new();
        }
        std::slice::from_raw_parts(ptr, n).to_vec()
    }
}

/// The mask of a shufflevector (-1 for undefined lanes).
pub fn shuffle_mask(inst: InstructionValue<'_>) -> Vec<i32> {
    // SAFETY: only called on shufflevector instructions.
    unsafe {
        let raw = inst.as_value_ref();
        let n = LLVMGetNumMaskElements(raw);
        (0..n).map(|i| LLVMGetMaskValue(raw, i)).map(|m| if m == LLVMGetUndefMaskElem() { -1 } else { m }).collect()
    }
}

/// A constant that is all zeros, undef or poison (its shadow is zero too).
pub fn is_zero_or_undef(v: BasicValueEnum<'_>) -> bool {
    // SAFETY: value is valid; LLVMIsNull is only asked of constants.
    is_constant(v) && (is_undef(v) || unsafe { LLVMIsNull(v.as_value_ref()) != 0 })
}

/// Whether `v` is the null pointer constant.
pub fn is_null_pointer(v: BasicValueEnum<'_>) -> bool {
    matches!(v, BasicValueEnum::PointerValue(p) if p.is_null())
}

/// The function `value` is, if it is one.
pub fn as_function<'ctx>(value: BasicValueEnum<'ctx>) -> Option<FunctionValue<'ctx>> {
    // SAFETY: the cast checks the kind.
    unsafe { FunctionValue::new(LLVMIsAFunction(value.as_value_ref())) }
}

/// Whether call argument `index` carries the enum attribute `name` (e.g. `sret`).
pub fn call_param_has_attribute(call: InstructionValue<'_>, index: u32, name: &str) -> bool {
    let Ok(site) = inkwell::values::CallSiteValue::try_from(call) else { return false };
    let kind = inkwell::attributes::Attribute::get_named_enum_kind_id(name);
    site.get_enum_attribute(inkwell::attributes::AttributeLoc::Param(index), kind).is_some()
}

/// `value` (an integer) sign-extended or truncated to `ty`, computed right before `at`.
pub fn int_cast_before<'ctx>(at: InstructionValue<'ctx>, value: BasicValueEnum<'ctx>, ty: BasicTypeEnum<'ctx>) -> BasicValueEnum<'ctx> {
    // SAFETY: both are integer types; the builder is disposed of before returning.
    unsafe {
        let builder = LLVMCreateBuilderInContext(LLVMGetTypeContext(LLVMTypeOf(at.as_value_ref())));
        LLVMPositionBuilderBefore(builder, at.as_value_ref());
        let cast = LLVMBuildIntCast2(builder, value.as_value_ref(), inkwell::types::AsTypeRef::as_type_ref(&ty), 1, c"".as_ptr());
        LLVMDisposeBuilder(builder);
        BasicValueEnum::new(cast)
    }
}

/// The alignment to use for a shadow access mirroring the load or store `inst`: the primal's,
/// but no more than the scalar element's size. The compiler may have proven the primal buffer
/// more aligned (vectorized loops on aligned arrays) than the user's shadow buffer is.
pub fn shadow_alignment(module: &Module<'_>, inst: InstructionValue<'_>) -> u32 {
    let primal = inst.get_alignment().unwrap_or(1).max(1);
    let value_type = match inst.get_opcode() {
        InstructionOpcode::Store => operand(inst, 0).map(|v| v.get_type()),
        _ => result_of(inst).map(|v| v.get_type()),
    };
    let element = match value_type {
        Some(BasicTypeEnum::VectorType(v)) => store_size(module, v.get_element_type()),
        Some(t) => store_size(module, t),
        None => 1,
    };
    primal.min(element.clamp(1, 16) as u32)
}

/// The global variable a constant address is based on (`@g`, or a constant GEP/cast of it).
pub fn global_base<'ctx>(value: BasicValueEnum<'ctx>) -> Option<GlobalValue<'ctx>> {
    let mut raw = value.as_value_ref();
    // SAFETY: only constant expressions are walked, through their operand 0.
    unsafe {
        loop {
            if !LLVMIsAGlobalVariable(raw).is_null() {
                return Some(GlobalValue::new(raw));
            }
            if LLVMIsAConstantExpr(raw).is_null() {
                return None;
            }
            match LLVMGetConstOpcode(raw) {
                llvm_sys::LLVMOpcode::LLVMGetElementPtr | llvm_sys::LLVMOpcode::LLVMBitCast | llvm_sys::LLVMOpcode::LLVMAddrSpaceCast => raw = LLVMGetOperand(raw, 0),
                _ => return None,
            }
        }
    }
}

/// A constant address expression's parts: its base, and for a GEP its source element type and
/// indices (a cast has neither).
pub fn constant_address_parts<'ctx>(value: BasicValueEnum<'ctx>) -> Option<(BasicValueEnum<'ctx>, Option<BasicTypeEnum<'ctx>>, Vec<BasicValueEnum<'ctx>>)> {
    let raw = value.as_value_ref();
    // SAFETY: only constant expressions are inspected; their operands are constants.
    unsafe {
        if LLVMIsAConstantExpr(raw).is_null() {
            return None;
        }
        let base = BasicValueEnum::new(LLVMGetOperand(raw, 0));
        match LLVMGetConstOpcode(raw) {
            llvm_sys::LLVMOpcode::LLVMGetElementPtr => {
                let n = LLVMGetNumOperands(raw) as u32;
                let indices = (1..n).map(|i| BasicValueEnum::new(LLVMGetOperand(raw, i))).collect();
                let ty = BasicTypeEnum::try_from(AnyTypeEnum::new(LLVMGetGEPSourceElementType(raw))).ok()?;
                Some((base, Some(ty), indices))
            }
            llvm_sys::LLVMOpcode::LLVMBitCast | llvm_sys::LLVMOpcode::LLVMAddrSpaceCast => Some((base, None, Vec::new())),
            _ => None,
        }
    }
}

/// The same constant address with its global replaced by `shadow` (for a shadow global).
pub fn rebase_constant<'ctx>(value: BasicValueEnum<'ctx>, shadow: GlobalValue<'ctx>) -> Option<BasicValueEnum<'ctx>> {
    let raw = value.as_value_ref();
    // SAFETY: `value` is a global or a constant expression over one (checked by the walk).
    unsafe {
        if !LLVMIsAGlobalVariable(raw).is_null() {
            return Some(shadow.as_pointer_value().into());
        }
        if LLVMIsAConstantExpr(raw).is_null() {
            return None;
        }
        let base = rebase_constant(BasicValueEnum::new(LLVMGetOperand(raw, 0)), shadow)?;
        match LLVMGetConstOpcode(raw) {
            llvm_sys::LLVMOpcode::LLVMGetElementPtr => {
                let n = LLVMGetNumOperands(raw) as u32;
                let mut indices: Vec<LLVMValueRef> = (1..n).map(|i| LLVMGetOperand(raw, i)).collect();
                let ty = LLVMGetGEPSourceElementType(raw);
                let gep = if LLVMIsInBounds(raw) != 0 {
                    LLVMConstInBoundsGEP2(ty, base.as_value_ref(), indices.as_mut_ptr(), indices.len() as u32)
                } else {
                    LLVMConstGEP2(ty, base.as_value_ref(), indices.as_mut_ptr(), indices.len() as u32)
                };
                Some(BasicValueEnum::new(gep))
            }
            _ => Some(base),
        }
    }
}

/// `value` with casts stripped and, where it was read back from a local variable written exactly
/// once (clang -O0 spills every argument so, and inlined helpers such as `<enzyme/enzyme>`'s pass
/// requests' operands through them), the value written there. For request operands: the target
/// function and `enzyme_*` markers.
pub fn through_local_copies<'ctx>(value: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
    let mut value = strip_casts(value);
    for _ in 0..64 {
        let Some(load) = value.as_instruction_value().filter(|i| i.get_opcode() == InstructionOpcode::Load) else { break };
        let Some(slot) = operand(load, 0).and_then(|p| p.as_instruction_value()).filter(|i| i.get_opcode() == InstructionOpcode::Alloca) else { break };
        let users = users(slot);
        let stores: Vec<_> = users.iter().filter(|u| u.get_opcode() == InstructionOpcode::Store).collect();
        let only_loads_and_one_store = stores.len() == 1
            && operand(*stores[0], 1).and_then(|p| p.as_instruction_value()) == Some(slot)
            && users.iter().all(|u| matches!(u.get_opcode(), InstructionOpcode::Store | InstructionOpcode::Load) || is_lifetime_marker(*u));
        if !only_loads_and_one_store {
            break;
        }
        let Some(stored) = operand(*stores[0], 0) else { break };
        value = strip_casts(stored);
    }
    value
}

fn is_lifetime_marker(inst: InstructionValue<'_>) -> bool {
    called_function(inst).is_some_and(|f| {
        let name = function_name(f);
        name.starts_with("llvm.lifetime.") || name.starts_with("llvm.dbg.")
    })
}

/// Whether `value` is an `alloca` used only as a variable: loads, stores into it, lifetime markers,
/// and (with `zeroed`) a memset that clears it first, as llad's shadow slots start. Unoptimized code
/// keeps every local, pointers included, in one.
pub fn is_local_slot(value: BasicValueEnum<'_>, zeroed: bool) -> bool {
    let Some(alloca) = value.as_instruction_value().filter(|i| i.get_opcode() == InstructionOpcode::Alloca) else { return false };
    users(alloca).into_iter().all(|u| match u.get_opcode() {
        InstructionOpcode::Load => true,
        InstructionOpcode::Store => operand(u, 1) == Some(value) && operand(u, 0) != Some(value),
        InstructionOpcode::Call => match called_function(u).and_then(intrinsic_base_name).as_deref() {
            Some("lifetime") => true,
            Some("memset") => zeroed,
            _ => false,
        },
        _ => false,
    })
}

/// Whether an `atomicrmw` is linear in the value it combines: `fadd`, `fsub`, `xchg` (its effect
/// on shadow memory is the same operation on the tangent).
pub fn atomic_rmw_is_linear(inst: InstructionValue<'_>) -> bool {
    use llvm_sys::LLVMAtomicRMWBinOp::*;
    if inst.get_opcode() != inkwell::values::InstructionOpcode::AtomicRMW {
        return false;
    }
    // SAFETY: `inst` is an atomicrmw instruction.
    let op = unsafe { llvm_sys::core::LLVMGetAtomicRMWBinOp(inst.as_value_ref()) };
    matches!(op, LLVMAtomicRMWBinOpFAdd | LLVMAtomicRMWBinOpFSub | LLVMAtomicRMWBinOpXchg)
}

/// Whether every float leaf of `ty` is a `float` or `double` (what an `atomicrmw fadd` adds
/// without a library call); integer and pointer leaves carry nothing.
pub fn atomically_addable(ty: BasicTypeEnum<'_>) -> bool {
    match ty {
        BasicTypeEnum::FloatType(f) => {
            let text = f.print_to_string().to_string();
            text == "double" || text == "float"
        }
        BasicTypeEnum::VectorType(v) => atomically_addable(v.get_element_type()),
        BasicTypeEnum::StructType(s) => s.get_field_types().into_iter().all(atomically_addable),
        BasicTypeEnum::ArrayType(a) => atomically_addable(a.get_element_type()),
        _ => true,
    }
}

/// Whether an `atomicrmw` adds to memory (`fadd`, `fsub`): its reverse reads the location's
/// adjoint without changing it.
pub fn atomic_rmw_is_additive(inst: InstructionValue<'_>) -> bool {
    use llvm_sys::LLVMAtomicRMWBinOp::*;
    if inst.get_opcode() != inkwell::values::InstructionOpcode::AtomicRMW {
        return false;
    }
    // SAFETY: `inst` is an atomicrmw instruction.
    let op = unsafe { llvm_sys::core::LLVMGetAtomicRMWBinOp(inst.as_value_ref()) };
    matches!(op, LLVMAtomicRMWBinOpFAdd | LLVMAtomicRMWBinOpFSub)
}

/// Whether an `atomicrmw` is an `fsub`.
pub fn atomic_rmw_is_subtraction(inst: InstructionValue<'_>) -> bool {
    // SAFETY: checked to be an atomicrmw instruction first.
    inst.get_opcode() == inkwell::values::InstructionOpcode::AtomicRMW && unsafe { llvm_sys::core::LLVMGetAtomicRMWBinOp(inst.as_value_ref()) } == llvm_sys::LLVMAtomicRMWBinOp::LLVMAtomicRMWBinOpFSub
}

/// The case values of a `switch`.
pub fn switch_cases(inst: InstructionValue<'_>) -> Vec<i64> {
    (2..inst.get_num_operands()).step_by(2).filter_map(|i| operand(inst, i)).filter_map(const_int).collect()
}
