//! Facts about the memory objects pointers point into.
use crate::ir;
use inkwell::module::Module;
use inkwell::types::BasicTypeEnum;
use crate::model::ValueId;
use inkwell::values::{BasicValue, BasicValueEnum, FunctionValue, InstructionOpcode, InstructionValue};
use std::collections::HashSet;

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

/// Whether the pointer `value` (an allocation of `function`) may leave the function: returned
/// (when `returned` counts), written into memory the caller can reach (an argument's, a global's,
/// memory a call returned), into this function's own memory that itself leaves (fresh memory
/// handed on, a local variable read back and passed on, copied out with memcpy), or given to a
/// callee that may keep it. Meant to err on "yes": a wrong "yes" keeps a shadow alive as long as
/// its memory; a wrong "no" would free a shadow the user still holds. Users it does not know
/// (an instruction kind not listed below) are taken as not passing the pointer on.
pub fn escapes_to_caller<'ctx>(function: FunctionValue<'ctx>, value: BasicValueEnum<'ctx>, returned: bool) -> bool {
    Escapes { function, returned, seen: HashSet::new(), depth: 0 }.value_leaves(value)
}

/// Intrinsics that neither keep a pointer argument nor hand on what it points to (copies are
/// followed separately); any other intrinsic (a masked store of pointers) may.
const HARMLESS_INTRINSICS: &[&str] = &["llvm.memcpy", "llvm.memmove", "llvm.memset", "llvm.lifetime.", "llvm.dbg.", "llvm.assume", "llvm.invariant.", "llvm.prefetch", "llvm.objectsize", "llvm.experimental.noalias.scope.decl"];

/// Callee levels followed for a pointer argument before assuming the callee keeps it.
const MAX_CALLEE_DEPTH: u32 = 4;

struct Escapes<'ctx> {
    function: FunctionValue<'ctx>,
    returned: bool,
    seen: HashSet<ValueId>,
    depth: u32,
}

impl<'ctx> Escapes<'ctx> {
    fn value_leaves(&mut self, value: BasicValueEnum<'ctx>) -> bool {
        use InstructionOpcode::*;
        let mut work = vec![value];
        while let Some(v) = work.pop() {
            if !self.seen.insert(ValueId::of(v)) {
                continue;
            }
            for user in ir::value_users(v) {
                let is_operand = |i: u32| ir::operand(user, i) == Some(v);
                match user.get_opcode() {
                    Return if self.returned => return true,
                    // The address itself, moved or converted (an integer holding it counts too).
                    GetElementPtr | BitCast | AddrSpaceCast | Phi | Select | InsertValue | InsertElement | ExtractValue | ExtractElement | ShuffleVector | Freeze | PtrToInt | IntToPtr
                    | Trunc | ZExt | SExt | Add | Sub | Mul | Shl | LShr | AShr | Or | And | Xor => {
                        work.extend(ir::result_of(user))
                    }
                    Store if is_operand(0) => {
                        if ir::operand(user, 1).is_some_and(|target| self.memory_leaves(target)) {
                            return true;
                        }
                    }
                    AtomicRMW | AtomicCmpXchg if !is_operand(0) => return true,
                    Call | Invoke => {
                        let n = ir::call_arg_count(user);
                        for i in (0..n).filter(|i| is_operand(*i)) {
                            if self.callee_keeps(user, i) {
                                return true;
                            }
                        }
                        // A callee may return (a pointer derived from) its argument.
                        if (0..n).any(is_operand) {
                            work.extend(ir::result_of(user).filter(|r| ir::contains_pointer(r.get_type())));
                        }
                    }
                    _ => {}
                }
            }
        }
        false
    }

    /// Whether a pointer written into the memory `target` points to may reach the caller.
    fn memory_leaves(&mut self, target: BasicValueEnum<'ctx>) -> bool {
        for object in super::activity::underlying_objects(target) {
            let Some(inst) = object.as_instruction_value() else { return true };
            let fresh = is_allocation_call(inst);
            if !(fresh || inst.get_opcode() == InstructionOpcode::Alloca) {
                return true;
            }
            // Fresh memory handed on, or a local variable whose address is (the pointer is read
            // back through it elsewhere).
            if self.value_leaves(object) {
                return true;
            }
            if self.contents_leave(object) {
                return true;
            }
        }
        false
    }

    /// Whether what is kept in this function's own memory `object` leaves: read back and passed
    /// on, copied into memory that leaves, or given to a callee with the memory.
    fn contents_leave(&mut self, object: BasicValueEnum<'ctx>) -> bool {
        let based = |p: BasicValueEnum<'ctx>| super::activity::underlying_objects(p).contains(&object);
        let insts: Vec<_> = self.function.get_basic_block_iter().flat_map(|b| b.get_instructions()).collect();
        for inst in insts {
            match inst.get_opcode() {
                InstructionOpcode::Load if ir::operand(inst, 0).is_some_and(based) => {
                    if ir::result_of(inst).is_some_and(|r| self.value_leaves(r)) {
                        return true;
                    }
                }
                InstructionOpcode::Call | InstructionOpcode::Invoke => {
                    let name = ir::called_function(inst).map(ir::function_name).unwrap_or_default();
                    let copies = name.starts_with("llvm.memcpy") || name.starts_with("llvm.memmove");
                    if copies && ir::operand(inst, 1).is_some_and(based) {
                        if ir::operand(inst, 0).is_some_and(|dest| self.memory_leaves(dest)) {
                            return true;
                        }
                    } else if !copies {
                        // A callee reading the memory may move what it holds elsewhere (a
                        // container's move assignment) or return it.
                        for i in (0..ir::call_arg_count(inst)).filter(|i| ir::operand(inst, *i).is_some_and(based)) {
                            if self.callee_spills(inst, i) {
                                return true;
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        false
    }

    /// Whether the callee of `call` may keep its pointer argument `index` beyond the call (store it
    /// where the caller's caller can reach it). Intrinsics, free and allocators do not; a
    /// parameter marked `nocapture` does not; a callee with a body is looked into.
    fn callee_keeps(&mut self, call: InstructionValue<'ctx>, index: u32) -> bool {
        if ir::called_function(call).is_some_and(|f| ir::param_has_attribute(f, index, "nocapture")) {
            return false;
        }
        match self.look_into(call, index) {
            Callee::Harmless => false,
            Callee::Unknown => true,
            // The callee's parameter, in the callee: returning it hands it back to this call (whose
            // result the caller follows), anything else that leaves the callee leaves for good.
            Callee::Defined(mut param) => param.inner.value_leaves(param.value),
        }
    }

    /// Whether the callee of `call` may hand on what the memory behind its pointer argument
    /// `index` holds: read it and keep it, copy it out, or return it (the call's result, followed
    /// here).
    fn callee_spills(&mut self, call: InstructionValue<'ctx>, index: u32) -> bool {
        if ir::result_of(call).is_some_and(|r| ir::contains_pointer(r.get_type()) && self.value_leaves(r)) {
            return true;
        }
        match self.look_into(call, index) {
            Callee::Harmless => false,
            Callee::Unknown => true,
            Callee::Defined(mut param) => param.inner.contents_leave(param.value),
        }
    }
}


/// What [`Escapes`] knows about the callee of a call it meets.
enum Callee<'ctx> {
    /// An intrinsic, free, an allocator: keeps nothing.
    Harmless,
    /// External, indirect, or deeper than [`MAX_CALLEE_DEPTH`]: may do anything.
    Unknown,
    /// A body to look into, from the parameter the pointer arrives in.
    Defined(CalleeParam<'ctx>),
}

struct CalleeParam<'ctx> {
    value: BasicValueEnum<'ctx>,
    inner: Escapes<'ctx>,
}

impl<'ctx> Escapes<'ctx> {
    fn look_into(&self, call: InstructionValue<'ctx>, index: u32) -> Callee<'ctx> {
        let Some(callee) = ir::called_function(call) else { return Callee::Unknown };
        let name = ir::function_name(callee);
        if HARMLESS_INTRINSICS.iter().any(|p| name.starts_with(p)) || super::calls::is_deallocation(&name) || super::calls::allocation_kind(&name).is_some() {
            return Callee::Harmless;
        }
        let param = callee.get_nth_param(index);
        match param {
            Some(value) if callee.get_first_basic_block().is_some() && self.depth < MAX_CALLEE_DEPTH => {
                Callee::Defined(CalleeParam { value, inner: Escapes { function: callee, returned: false, seen: HashSet::new(), depth: self.depth + 1 } })
            }
            _ => Callee::Unknown,
        }
    }
}

/// Whether `inst` is a call of an allocation function (malloc, new, calloc, ...).
pub fn is_allocation_call(inst: inkwell::values::InstructionValue<'_>) -> bool {
    matches!(inst.get_opcode(), InstructionOpcode::Call | InstructionOpcode::Invoke)
        && ir::called_function(inst).is_some_and(|f| super::calls::allocation_kind(&ir::function_name(f)).is_some())
}
