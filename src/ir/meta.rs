//! Reading what users attach to functions and globals: metadata nodes (`!llad.rules`,
//! `!enzyme_derivative`, ...), constant initializers (registration globals) and C strings.
use inkwell::values::{AsValueRef, BasicValueEnum, FunctionValue, GlobalValue};
use llvm_sys::core::*;
use llvm_sys::prelude::*;

/// One operand of a metadata node, as llad reads rules.
#[derive(Debug, Clone)]
pub enum MdOperand<'ctx> {
    String(String),
    Value(BasicValueEnum<'ctx>),
    Node(Vec<MdOperand<'ctx>>),
    Other,
}

fn kind_id(context: LLVMContextRef, name: &str) -> u32 {
    // SAFETY: the name is passed with its length.
    unsafe { LLVMGetMDKindIDInContext(context, name.as_ptr() as *const _, name.len() as u32) }
}

/// The metadata node attached to a global object (function or variable) under `kind`, decoded.
pub fn global_metadata<'ctx>(global: LLVMValueRef, kind: &str) -> Option<Vec<MdOperand<'ctx>>> {
    // SAFETY: `global` is a global object; the entries array is disposed of below.
    unsafe {
        let context = LLVMGetTypeContext(LLVMTypeOf(global));
        let wanted = kind_id(context, kind);
        let mut count = 0usize;
        let entries = LLVMGlobalCopyAllMetadata(global, &mut count);
        let mut found = None;
        for i in 0..count as u32 {
            if LLVMValueMetadataEntriesGetKind(entries, i) == wanted {
                let md = LLVMValueMetadataEntriesGetMetadata(entries, i);
                found = Some(decode_node(LLVMMetadataAsValue(context, md)));
            }
        }
        if !entries.is_null() {
            LLVMDisposeValueMetadataEntries(entries);
        }
        found
    }
}

pub fn function_metadata<'ctx>(function: FunctionValue<'ctx>, kind: &str) -> Option<Vec<MdOperand<'ctx>>> {
    global_metadata(function.as_value_ref(), kind)
}

pub fn variable_metadata<'ctx>(global: GlobalValue<'ctx>, kind: &str) -> Option<Vec<MdOperand<'ctx>>> {
    global_metadata(global.as_value_ref(), kind)
}

/// Decodes an MDNode (given as a MetadataAsValue) into its operands.
unsafe fn decode_node<'ctx>(node: LLVMValueRef) -> Vec<MdOperand<'ctx>> {
    let n = LLVMGetMDNodeNumOperands(node) as usize;
    let mut ops = vec![std::ptr::null_mut(); n];
    if n > 0 {
        LLVMGetMDNodeOperands(node, ops.as_mut_ptr());
    }
    ops.into_iter().map(|op| decode_operand(op)).collect()
}

unsafe fn decode_operand<'ctx>(op: LLVMValueRef) -> MdOperand<'ctx> {
    if op.is_null() {
        return MdOperand::Other;
    }
    if !LLVMIsAMDString(op).is_null() {
        let mut len = 0u32;
        let ptr = LLVMGetMDString(op, &mut len);
        return MdOperand::String(String::from_utf8_lossy(std::slice::from_raw_parts(ptr as *const u8, len as usize)).into_owned());
    }
    if !LLVMIsAMDNode(op).is_null() {
        return MdOperand::Node(decode_node(op));
    }
    match LLVMGetTypeKind(LLVMTypeOf(op)) {
        llvm_sys::LLVMTypeKind::LLVMMetadataTypeKind | llvm_sys::LLVMTypeKind::LLVMVoidTypeKind => MdOperand::Other,
        _ => MdOperand::Value(BasicValueEnum::new(op)),
    }
}

/// Attaches an empty metadata node under `kind` to a global variable (e.g. `!llad.inactive`).
pub fn mark_global(global: GlobalValue<'_>, kind: &str) {
    // SAFETY: the global is valid; an empty node is created in its context.
    unsafe {
        let raw = global.as_value_ref();
        let context = LLVMGetTypeContext(LLVMTypeOf(raw));
        let node = LLVMMDNodeInContext2(context, std::ptr::null_mut(), 0);
        LLVMGlobalSetMetadata(raw, kind_id(context, kind), node);
    }
}

/// Marks an instruction with an empty metadata node of `kind` (`!llad.tape !{}`).
pub fn mark_instruction(inst: inkwell::values::InstructionValue<'_>, kind: &str) {
    // SAFETY: the instruction is valid; an empty node is created in its context.
    unsafe {
        let raw = inst.as_value_ref();
        let context = LLVMGetTypeContext(LLVMTypeOf(raw));
        let node = LLVMMDNodeInContext2(context, std::ptr::null_mut(), 0);
        LLVMSetMetadata(raw, kind_id(context, kind), LLVMMetadataAsValue(context, node));
    }
}

/// The constant initializer of a global variable.
pub fn initializer<'ctx>(global: GlobalValue<'ctx>) -> Option<BasicValueEnum<'ctx>> {
    global.get_initializer()
}

/// Element `index` of a constant aggregate (struct or array) initializer.
pub fn constant_element<'ctx>(aggregate: BasicValueEnum<'ctx>, index: u32) -> Option<BasicValueEnum<'ctx>> {
    // SAFETY: only constant aggregates are indexed; the index is checked.
    unsafe {
        let raw = aggregate.as_value_ref();
        if LLVMIsAConstant(raw).is_null() || !LLVMIsAConstantDataArray(raw).is_null() {
            return None;
        }
        if index >= LLVMGetNumOperands(raw) as u32 {
            return None;
        }
        let element = LLVMGetOperand(raw, index);
        (!element.is_null()).then(|| BasicValueEnum::new(element))
    }
}

/// The C string a pointer constant points to (a private global holding `c"..."`).
pub fn c_string(value: BasicValueEnum<'_>) -> Option<String> {
    let global = crate::ir::as_global_variable(crate::ir::strip_casts(value))?;
    let init = global.get_initializer()?;
    // SAFETY: LLVMGetAsString accepts constant data arrays of i8; checked first.
    unsafe {
        let raw = init.as_value_ref();
        if LLVMIsAConstantDataArray(raw).is_null() {
            return None;
        }
        let mut len = 0usize;
        let ptr = LLVMGetAsString(raw, &mut len);
        let bytes = std::slice::from_raw_parts(ptr as *const u8, len);
        Some(String::from_utf8_lossy(bytes).trim_end_matches('\0').to_string())
    }
}

/// Scoped no-alias metadata on a load or store: `own` is the scope of the object it accesses (if
/// known), `not` the scopes of objects it cannot access. Scopes are named nodes of `domain`
/// (`!{!"name", !{!"domain"}}`), so equal names are the same scope.
pub fn set_alias_scopes(inst: inkwell::values::InstructionValue<'_>, domain: &str, own: Option<&str>, not: &[String]) {
    // SAFETY: `inst` is a valid instruction; nodes are created in its context.
    unsafe {
        let raw = inst.as_value_ref();
        let context = LLVMGetTypeContext(LLVMTypeOf(raw));
        let string = |s: &str| LLVMMDStringInContext2(context, s.as_ptr() as *const _, s.len());
        let mut domain_ops = [string(domain)];
        let domain_node = LLVMMDNodeInContext2(context, domain_ops.as_mut_ptr(), 1);
        let scope = |name: &str| {
            let mut ops = [string(name), domain_node];
            LLVMMDNodeInContext2(context, ops.as_mut_ptr(), 2)
        };
        let list = |names: &[&str]| {
            let mut ops: Vec<LLVMMetadataRef> = names.iter().map(|n| scope(n)).collect();
            LLVMMetadataAsValue(context, LLVMMDNodeInContext2(context, ops.as_mut_ptr(), ops.len()))
        };
        if let Some(own) = own {
            LLVMSetMetadata(raw, kind_id(context, "alias.scope"), list(&[own]));
        }
        if !not.is_empty() {
            let names: Vec<&str> = not.iter().map(|s| s.as_str()).collect();
            LLVMSetMetadata(raw, kind_id(context, "noalias"), list(&names));
        }
    }
}
