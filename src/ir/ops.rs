//! Type-generic instruction building: the same call works for scalars, vectors and aggregates, which
//! is what derivative code needs (inkwell's builder is typed per value kind).
use crate::diag::{Error, Result};
use inkwell::builder::Builder;
use inkwell::intrinsics::Intrinsic;
use inkwell::module::{Linkage, Module};
use inkwell::types::{AsTypeRef, BasicType, BasicTypeEnum};
use inkwell::values::{AsValueRef, BasicValueEnum, FunctionValue, InstructionValue};
use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::{LLVMOpcode, LLVMRealPredicate};

/// A builder plus the module it builds into.
pub struct Ops<'a, 'ctx> {
    pub builder: &'a Builder<'ctx>,
    pub module: &'a Module<'ctx>,
}

fn wrap<'ctx>(raw: LLVMValueRef) -> BasicValueEnum<'ctx> {
    // SAFETY: every caller passes a freshly built, non-void value.
    unsafe { BasicValueEnum::new(raw) }
}

const NONAME: *const std::ffi::c_char = c"".as_ptr();

impl<'a, 'ctx> Ops<'a, 'ctx> {
    pub fn new(builder: &'a Builder<'ctx>, module: &'a Module<'ctx>) -> Self {
        Ops { builder, module }
    }

    fn b(&self) -> LLVMBuilderRef {
        self.builder.as_mut_ptr()
    }

    /// Positions the builder right after `inst` (after all phis when `inst` is a phi).
    pub fn position_after(&self, inst: InstructionValue<'ctx>) {
        let mut next = inst.get_next_instruction();
        while let Some(n) = next {
            if n.get_opcode() != inkwell::values::InstructionOpcode::Phi {
                break;
            }
            next = n.get_next_instruction();
        }
        match next {
            Some(n) => self.builder.position_before(&n),
            None => self.builder.position_at_end(inst.get_parent().expect("instruction in a block")),
        }
    }

    /// Positions the builder right before `inst`.
    pub fn position_before(&self, inst: InstructionValue<'ctx>) {
        self.builder.position_before(&inst);
    }

    /// Positions the builder at the very start of `block`, before any debug records (where a
    /// new phi must go).
    pub fn position_at_block_start(&self, block: inkwell::basic_block::BasicBlock<'ctx>) {
        match block.get_first_instruction() {
            // SAFETY: the instruction belongs to `block`.
            Some(first) => unsafe { llvm_sys::core::LLVMPositionBuilderBeforeInstrAndDbgRecords(self.b(), first.as_value_ref()) },
            None => self.builder.position_at_end(block),
        }
    }

    pub fn zero(&self, ty: BasicTypeEnum<'ctx>) -> BasicValueEnum<'ctx> {
        ty.const_zero()
    }

    /// `x` of type `ty`: splatted for vectors, in every float of an aggregate.
    pub fn const_float(&self, ty: BasicTypeEnum<'ctx>, x: f64) -> BasicValueEnum<'ctx> {
        match ty {
            BasicTypeEnum::StructType(s) => {
                let mut v: BasicValueEnum = ty.const_zero();
                for (i, f) in s.get_field_types().into_iter().enumerate() {
                    v = self.insert_value(v, self.const_float(f, x), i as u32);
                }
                v
            }
            BasicTypeEnum::ArrayType(a) => {
                let mut v: BasicValueEnum = ty.const_zero();
                for i in 0..a.len() {
                    v = self.insert_value(v, self.const_float(a.get_element_type(), x), i);
                }
                v
            }
            BasicTypeEnum::FloatType(f) => f.const_float(x).into(),
            BasicTypeEnum::VectorType(v) => {
                let BasicTypeEnum::FloatType(elem) = v.get_element_type() else { return ty.const_zero() };
                let lanes: Vec<LLVMValueRef> = (0..v.get_size()).map(|_| elem.const_float(x).as_value_ref()).collect();
                // SAFETY: lanes are constants of the vector's element type.
                unsafe { wrap(LLVMConstVector(lanes.as_ptr() as *mut _, lanes.len() as u32)) }
            }
            _ => ty.const_zero(),
        }
    }

    pub fn binary(&self, op: LLVMOpcode, a: BasicValueEnum<'ctx>, b: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        // SAFETY: operands have matching types (callers guarantee it).
        unsafe { wrap(LLVMBuildBinOp(self.b(), op, a.as_value_ref(), b.as_value_ref(), NONAME)) }
    }
    pub fn fadd(&self, a: BasicValueEnum<'ctx>, b: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        self.binary(LLVMOpcode::LLVMFAdd, a, b)
    }
    /// `a + b` / `a - b` marked `reassoc`: sums of tangent or adjoint terms, whose order the
    /// derivative chooses (any order is the same derivative up to rounding), so that LLVM may
    /// vectorize a loop that accumulates one.
    pub fn fadd_reassoc(&self, a: BasicValueEnum<'ctx>, b: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        self.reassociable(self.fadd(a, b))
    }
    pub fn fsub_reassoc(&self, a: BasicValueEnum<'ctx>, b: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        self.reassociable(self.fsub(a, b))
    }
    fn reassociable(&self, v: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        // SAFETY: `v` was just built by fadd/fsub; folded to a constant it takes no flags.
        unsafe {
            if !LLVMIsAInstruction(v.as_value_ref()).is_null() {
                LLVMSetFastMathFlags(v.as_value_ref(), llvm_sys::LLVMFastMathAllowReassoc);
            }
        }
        v
    }
    pub fn fsub(&self, a: BasicValueEnum<'ctx>, b: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        self.binary(LLVMOpcode::LLVMFSub, a, b)
    }
    pub fn fmul(&self, a: BasicValueEnum<'ctx>, b: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        self.binary(LLVMOpcode::LLVMFMul, a, b)
    }
    pub fn fdiv(&self, a: BasicValueEnum<'ctx>, b: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        self.binary(LLVMOpcode::LLVMFDiv, a, b)
    }
    pub fn fneg(&self, a: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        // SAFETY: a is a float value.
        unsafe { wrap(LLVMBuildFNeg(self.b(), a.as_value_ref(), NONAME)) }
    }
    pub fn fcmp(&self, pred: LLVMRealPredicate, a: BasicValueEnum<'ctx>, b: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        // SAFETY: same-typed float operands.
        unsafe { wrap(LLVMBuildFCmp(self.b(), pred, a.as_value_ref(), b.as_value_ref(), NONAME)) }
    }
    pub fn select(&self, c: BasicValueEnum<'ctx>, a: BasicValueEnum<'ctx>, b: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        // SAFETY: c is i1 (or vector of i1), a and b have the same type.
        unsafe { wrap(LLVMBuildSelect(self.b(), c.as_value_ref(), a.as_value_ref(), b.as_value_ref(), NONAME)) }
    }
    pub fn cast(&self, op: LLVMOpcode, v: BasicValueEnum<'ctx>, ty: BasicTypeEnum<'ctx>) -> BasicValueEnum<'ctx> {
        // SAFETY: callers pick a cast valid for the types.
        unsafe { wrap(LLVMBuildCast(self.b(), op, v.as_value_ref(), ty.as_type_ref(), NONAME)) }
    }
    pub fn load(&self, ty: BasicTypeEnum<'ctx>, ptr: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        // SAFETY: ptr is a pointer.
        unsafe { wrap(LLVMBuildLoad2(self.b(), ty.as_type_ref(), ptr.as_value_ref(), NONAME)) }
    }
    pub fn store(&self, v: BasicValueEnum<'ctx>, ptr: BasicValueEnum<'ctx>) -> InstructionValue<'ctx> {
        // SAFETY: ptr is a pointer.
        unsafe { InstructionValue::new(LLVMBuildStore(self.b(), v.as_value_ref(), ptr.as_value_ref())) }
    }
    /// A stack slot of type `ty`, always at the start of the current function's entry block
    /// (a static alloca: elsewhere it would grow the stack in loops, and lint flags it).
    pub fn alloca(&self, ty: BasicTypeEnum<'ctx>) -> BasicValueEnum<'ctx> {
        let entry = self.builder.get_insert_block().and_then(|b| b.get_parent()).and_then(|f| f.get_first_basic_block());
        let builder = self.module.get_context().create_builder();
        match entry.and_then(|e| e.get_first_instruction()) {
            Some(first) => builder.position_before(&first),
            None => builder.position_at_end(entry.expect("the builder is inside a function")),
        }
        // SAFETY: ty is sized.
        unsafe { wrap(LLVMBuildAlloca(builder.as_mut_ptr(), ty.as_type_ref(), NONAME)) }
    }
    pub fn extract_value(&self, agg: BasicValueEnum<'ctx>, index: u32) -> BasicValueEnum<'ctx> {
        // SAFETY: index within the aggregate.
        unsafe { wrap(LLVMBuildExtractValue(self.b(), agg.as_value_ref(), index, NONAME)) }
    }
    pub fn insert_value(&self, agg: BasicValueEnum<'ctx>, v: BasicValueEnum<'ctx>, index: u32) -> BasicValueEnum<'ctx> {
        // SAFETY: index within the aggregate; v has the field's type.
        unsafe { wrap(LLVMBuildInsertValue(self.b(), agg.as_value_ref(), v.as_value_ref(), index, NONAME)) }
    }
    pub fn extract_element(&self, vector: BasicValueEnum<'ctx>, lane: u32) -> BasicValueEnum<'ctx> {
        let i32t = self.module.get_context().i32_type().const_int(lane as u64, false);
        // SAFETY: lane is a constant index.
        unsafe { wrap(LLVMBuildExtractElement(self.b(), vector.as_value_ref(), i32t.as_value_ref(), NONAME)) }
    }
    pub fn insert_element(&self, vector: BasicValueEnum<'ctx>, v: BasicValueEnum<'ctx>, lane: u32) -> BasicValueEnum<'ctx> {
        let i32t = self.module.get_context().i32_type().const_int(lane as u64, false);
        // SAFETY: lane is a constant index.
        unsafe { wrap(LLVMBuildInsertElement(self.b(), vector.as_value_ref(), v.as_value_ref(), i32t.as_value_ref(), NONAME)) }
    }

    /// Calls `callee` with `args`; `None` for a void call.
    pub fn call(&self, callee: FunctionValue<'ctx>, args: &[BasicValueEnum<'ctx>]) -> (InstructionValue<'ctx>, Option<BasicValueEnum<'ctx>>) {
        let mut raw: Vec<LLVMValueRef> = args.iter().map(|a| a.as_value_ref()).collect();
        // SAFETY: args match the callee's parameter types (callers guarantee it).
        unsafe {
            let fty = LLVMGlobalGetValueType(callee.as_value_ref());
            let call = LLVMBuildCall2(self.b(), fty, callee.as_value_ref(), raw.as_mut_ptr(), raw.len() as u32, NONAME);
            // A call whose convention differs from its callee's is undefined behaviour (LLVM then
            // deletes it): derivatives cloned from `fastcc` functions keep the primal's convention.
            LLVMSetInstructionCallConv(call, LLVMGetFunctionCallConv(callee.as_value_ref()));
            let inst = InstructionValue::new(call);
            (inst, crate::ir::result_of(inst))
        }
    }

    /// Calls through the pointer `callee`, of function type `ty`, with convention `conv`.
    pub fn call_indirect(&self, ty: inkwell::types::FunctionType<'ctx>, callee: BasicValueEnum<'ctx>, args: &[BasicValueEnum<'ctx>], conv: u32) -> (InstructionValue<'ctx>, Option<BasicValueEnum<'ctx>>) {
        let mut raw: Vec<LLVMValueRef> = args.iter().map(|a| a.as_value_ref()).collect();
        // SAFETY: args match `ty`'s parameters (callers guarantee it); callee is a pointer.
        unsafe {
            let call = LLVMBuildCall2(self.b(), inkwell::types::AsTypeRef::as_type_ref(&ty), callee.as_value_ref(), raw.as_mut_ptr(), raw.len() as u32, NONAME);
            LLVMSetInstructionCallConv(call, conv);
            let inst = InstructionValue::new(call);
            (inst, crate::ir::result_of(inst))
        }
    }

    /// Invokes the pointer `callee`, of function type `ty`, with convention `conv`, continuing at
    /// `normal` or unwinding to `unwind`.
    #[allow(clippy::too_many_arguments)]
    pub fn invoke_indirect(
        &self,
        ty: inkwell::types::FunctionType<'ctx>,
        callee: BasicValueEnum<'ctx>,
        args: &[BasicValueEnum<'ctx>],
        conv: u32,
        normal: inkwell::basic_block::BasicBlock<'ctx>,
        unwind: inkwell::basic_block::BasicBlock<'ctx>,
    ) -> (InstructionValue<'ctx>, Option<BasicValueEnum<'ctx>>) {
        let mut raw: Vec<LLVMValueRef> = args.iter().map(|a| a.as_value_ref()).collect();
        // SAFETY: args match `ty`'s parameters (callers guarantee it); the blocks are in this function.
        unsafe {
            let inst = LLVMBuildInvoke2(self.b(), inkwell::types::AsTypeRef::as_type_ref(&ty), callee.as_value_ref(), raw.as_mut_ptr(), raw.len() as u32, normal.as_mut_ptr(), unwind.as_mut_ptr(), NONAME);
            LLVMSetInstructionCallConv(inst, conv);
            let inst = InstructionValue::new(inst);
            (inst, crate::ir::result_of(inst))
        }
    }

    /// Calls the overloaded intrinsic `llvm.<name>` at the float type `ty`; `extra` lists further
    /// overload types (e.g. powi's integer exponent).
    pub fn intrinsic(&self, name: &str, overloads: &[BasicTypeEnum<'ctx>], args: &[BasicValueEnum<'ctx>]) -> Result<BasicValueEnum<'ctx>> {
        let full = format!("llvm.{name}");
        let intrinsic = Intrinsic::find(&full).ok_or_else(|| Error::Internal(format!("no intrinsic {full}")))?;
        let decl = intrinsic
            .get_declaration(self.module, overloads)
            .ok_or_else(|| Error::Internal(format!("cannot declare {full}")))?;
        self.call(decl, args).1.ok_or_else(|| Error::Internal(format!("{full} returned void")))
    }

    /// Whether `llvm.<name>` exists as an intrinsic.
    pub fn has_intrinsic(name: &str) -> bool {
        Intrinsic::find(&format!("llvm.{name}")).is_some()
    }

    /// Declares (or finds) a C function `name` with the given types.
    pub fn declare(&self, name: &str, ret: Option<BasicTypeEnum<'ctx>>, params: &[BasicTypeEnum<'ctx>]) -> FunctionValue<'ctx> {
        if let Some(f) = self.module.get_function(name) {
            return f;
        }
        let params: Vec<_> = params.iter().map(|t| (*t).into()).collect();
        let fty = match ret {
            Some(r) => r.fn_type(&params, false),
            None => self.module.get_context().void_type().fn_type(&params, false),
        };
        self.module.add_function(name, fty, Some(Linkage::External))
    }

    /// Clones `inst` with some operands replaced, inserted at the builder's position.
    pub fn clone_with(&self, inst: InstructionValue<'ctx>, replace: &[(u32, BasicValueEnum<'ctx>)]) -> InstructionValue<'ctx> {
        let clone = inst.explicit_clone();
        // The copy is a different store/alloca to debug info's assignment tracking (clang -O1 -g):
        // sharing the original's DIAssignID would tie two variables' locations together (and
        // crashes SROA).
        // SAFETY: the clone is a live instruction; a null node removes the attachment.
        unsafe {
            let ctx = LLVMGetTypeContext(LLVMTypeOf(clone.as_value_ref()));
            let kind = LLVMGetMDKindIDInContext(ctx, c"DIAssignID".as_ptr(), 10);
            LLVMSetMetadata(clone.as_value_ref(), kind, std::ptr::null_mut());
        }
        for (index, value) in replace {
            // SAFETY: index is an operand index of the clone; the value's type matches.
            unsafe { LLVMSetOperand(clone.as_value_ref(), *index, value.as_value_ref()) };
        }
        if !replace.is_empty() {
            forget_promises(clone, replace.iter().map(|(i, _)| *i));
        }
        self.builder.insert_instruction(&clone, None);
        clone
    }

    /// Fills a phi's incoming list.
    pub fn add_incoming(&self, phi: BasicValueEnum<'ctx>, incoming: &[(BasicValueEnum<'ctx>, inkwell::basic_block::BasicBlock<'ctx>)]) {
        let mut values: Vec<LLVMValueRef> = incoming.iter().map(|(v, _)| v.as_value_ref()).collect();
        let mut blocks: Vec<LLVMBasicBlockRef> = incoming.iter().map(|(_, b)| b.as_mut_ptr()).collect();
        // SAFETY: phi is a phi node; the slices have equal length.
        unsafe { LLVMAddIncoming(phi.as_value_ref(), values.as_mut_ptr(), blocks.as_mut_ptr(), values.len() as u32) }
    }

    pub fn phi(&self, ty: BasicTypeEnum<'ctx>) -> BasicValueEnum<'ctx> {
        // SAFETY: ty is a first-class type.
        unsafe { wrap(LLVMBuildPhi(self.b(), ty.as_type_ref(), NONAME)) }
    }
}

/// Metadata that promises something about a load's address or result; a clone that reads a shadow
/// (which the user allocated, with its own alignment, and which reverse mode writes) cannot keep it.
const VALUE_PROMISES: &[&str] = &["nonnull", "range", "noundef", "dereferenceable", "dereferenceable_or_null", "align", "invariant.load", "nofpclass"];

/// A clone now working on other values (shadows, tangents) drops what the original's attributes
/// and metadata promised about the replaced operands and the result: alignment, nonnull,
/// dereferenceable, noalias, ranges, fp classes.
fn forget_promises(clone: InstructionValue<'_>, replaced: impl Iterator<Item = u32>) {
    let raw = clone.as_value_ref();
    // SAFETY: `raw` is an instruction; attribute indices are 0 (return) or argument + 1.
    unsafe {
        for kind in VALUE_PROMISES {
            let id = LLVMGetMDKindID(kind.as_ptr() as *const _, kind.len() as u32);
            if !LLVMGetMetadata(raw, id).is_null() {
                LLVMSetMetadata(raw, id, std::ptr::null_mut());
            }
        }
        if LLVMIsACallInst(raw).is_null() {
            return;
        }
        let args = LLVMGetNumArgOperands(raw);
        let indices: Vec<u32> = std::iter::once(0).chain(replaced.filter(|i| *i < args).map(|i| i + 1)).collect();
        for index in indices {
            let count = LLVMGetCallSiteAttributeCount(raw, index);
            let mut attrs: Vec<LLVMAttributeRef> = vec![std::ptr::null_mut(); count as usize];
            LLVMGetCallSiteAttributes(raw, index, attrs.as_mut_ptr());
            for attr in attrs {
                if LLVMIsEnumAttribute(attr) != 0 {
                    LLVMRemoveCallSiteEnumAttribute(raw, index, LLVMGetEnumAttributeKind(attr));
                } else if LLVMIsStringAttribute(attr) != 0 {
                    let mut len = 0;
                    let key = LLVMGetStringAttributeKind(attr, &mut len);
                    LLVMRemoveCallSiteStringAttribute(raw, index, key, len);
                } else {
                    // Type attributes (byval, sret, elementtype) describe the ABI: they stay.
                }
            }
        }
    }
}

/// Replaces every use of `old` with `new` and erases `old`.
pub fn replace_and_erase<'ctx>(old: InstructionValue<'ctx>, new: Option<BasicValueEnum<'ctx>>) {
    // SAFETY: `new` (if any) has `old`'s type; without one, remaining uses (a `ret` rewritten
    // later) get poison rather than a dangling reference.
    unsafe {
        let raw = old.as_value_ref();
        match new {
            Some(n) => LLVMReplaceAllUsesWith(raw, n.as_value_ref()),
            None if !LLVMGetFirstUse(raw).is_null() => LLVMReplaceAllUsesWith(raw, LLVMGetPoison(LLVMTypeOf(raw))),
            None => {}
        }
        LLVMInstructionEraseFromParent(raw);
    }
}

impl<'a, 'ctx> Ops<'a, 'ctx> {
    /// Calls a void intrinsic such as `llvm.memset`.
    pub fn intrinsic_void(&self, name: &str, overloads: &[BasicTypeEnum<'ctx>], args: &[BasicValueEnum<'ctx>]) -> Result<()> {
        let full = format!("llvm.{name}");
        let intrinsic = Intrinsic::find(&full).ok_or_else(|| Error::Internal(format!("no intrinsic {full}")))?;
        let decl = intrinsic
            .get_declaration(self.module, overloads)
            .ok_or_else(|| Error::Internal(format!("cannot declare {full}")))?;
        self.call(decl, args);
        Ok(())
    }
}

impl<'a, 'ctx> Ops<'a, 'ctx> {
    /// `a + b` for floats, vectors of floats, and aggregates of them (field by field). Integer and
    /// pointer leaves carry no derivative: they keep `a`'s value (a shadow pointer stays in place).
    pub fn add_any(&self, a: BasicValueEnum<'ctx>, b: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        self.zip_leaves(a, b, &|a, b| if is_float_leaf(a.get_type()) { self.fadd(a, b) } else { a })
    }

    /// `*ptr += g` for memory other threads may add to at once (adjoints in an OpenMP parallel
    /// region): one `atomicrmw fadd` per float (vectors and aggregates element by element, each
    /// at its natural alignment); integer and pointer leaves carry nothing.
    pub fn atomic_add_into(&self, ptr: BasicValueEnum<'ctx>, g: BasicValueEnum<'ctx>) {
        let i32t = self.module.get_context().i32_type();
        let element_ptr = |ty: BasicTypeEnum<'ctx>, index: u32, in_struct: bool| -> BasicValueEnum<'ctx> {
            // SAFETY: `ty` is the aggregate/vector type `ptr` points to; the index is in range.
            unsafe {
                if in_struct {
                    wrap(LLVMBuildStructGEP2(self.b(), ty.as_type_ref(), ptr.as_value_ref(), index, NONAME))
                } else {
                    let mut indices = [i32t.const_zero().as_value_ref(), i32t.const_int(index as u64, false).as_value_ref()];
                    wrap(LLVMBuildInBoundsGEP2(self.b(), ty.as_type_ref(), ptr.as_value_ref(), indices.as_mut_ptr(), 2, NONAME))
                }
            }
        };
        match g.get_type() {
            BasicTypeEnum::FloatType(f) => {
                // double and float go through the OpenMP runtime's adder, which adds atomically
                // unless this thread runs alone (a one-thread team in no active region).
                let adder = if f == self.module.get_context().f64_type() {
                    "llad_omp_add_f64"
                } else if f == self.module.get_context().f32_type() {
                    "llad_omp_add_f32"
                } else {
                    ""
                };
                if !adder.is_empty() && crate::ir::link_omp_runtime(self.module).is_ok() {
                    if let Some(adder) = self.module.get_function(adder) {
                        self.call(adder, &[ptr, g]);
                        return;
                    }
                }
                let bytes = crate::ir::store_size(self.module, g.get_type()) as u32;
                // SAFETY: ptr points to a float of g's type.
                unsafe {
                    let rmw = LLVMBuildAtomicRMW(self.b(), llvm_sys::LLVMAtomicRMWBinOp::LLVMAtomicRMWBinOpFAdd, ptr.as_value_ref(), g.as_value_ref(), llvm_sys::LLVMAtomicOrdering::LLVMAtomicOrderingMonotonic, 0);
                    LLVMSetAlignment(rmw, bytes);
                }
            }
            BasicTypeEnum::VectorType(v) if v.get_element_type().is_float_type() => {
                for lane in 0..v.get_size() {
                    let p = element_ptr(g.get_type(), lane, false);
                    self.atomic_add_into(p, self.extract_element(g, lane));
                }
            }
            BasicTypeEnum::StructType(s) => {
                for i in 0..s.count_fields() {
                    let p = element_ptr(g.get_type(), i, true);
                    self.atomic_add_into(p, self.extract_value(g, i));
                }
            }
            BasicTypeEnum::ArrayType(a) => {
                for i in 0..a.len() {
                    let p = element_ptr(g.get_type(), i, false);
                    self.atomic_add_into(p, self.extract_value(g, i));
                }
            }
            _ => {}
        }
    }

    /// `add_any`, the float additions marked `reassoc` (see [`Ops::fadd_reassoc`]).
    pub fn add_any_reassociable(&self, a: BasicValueEnum<'ctx>, b: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        self.zip_leaves(a, b, &|a, b| if is_float_leaf(a.get_type()) { self.fadd_reassoc(a, b) } else { a })
    }

    /// `v` with every float leaf set to zero; integer and pointer leaves kept.
    pub fn floats_zeroed(&self, v: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        self.zip_leaves(v, v, &|a, _| if is_float_leaf(a.get_type()) { a.get_type().const_zero() } else { a })
    }

    /// `old` with its pointer leaves replaced by `new`'s (the other leaves of `old` stay).
    pub fn pointers_from(&self, old: BasicValueEnum<'ctx>, new: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        self.zip_leaves(old, new, &|o, n| if crate::ir::is_pointer_like(o.get_type()) { n } else { o })
    }

    /// Applies `leaf` to corresponding scalar/vector leaves of two values of one aggregate type.
    fn zip_leaves(
        &self,
        a: BasicValueEnum<'ctx>,
        b: BasicValueEnum<'ctx>,
        leaf: &dyn Fn(BasicValueEnum<'ctx>, BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx>,
    ) -> BasicValueEnum<'ctx> {
        let fields = match a.get_type() {
            BasicTypeEnum::StructType(s) => s.count_fields(),
            BasicTypeEnum::ArrayType(t) => t.len(),
            _ => return leaf(a, b),
        };
        let mut out = a;
        for i in 0..fields {
            let field = self.zip_leaves(self.extract_value(a, i), self.extract_value(b, i), leaf);
            out = self.insert_value(out, field, i);
        }
        out
    }

    /// `value`'s bytes as a `ty` of the same size (through a stack slot); `None` if the sizes differ.
    pub fn reinterpret(&self, value: BasicValueEnum<'ctx>, ty: BasicTypeEnum<'ctx>) -> Option<BasicValueEnum<'ctx>> {
        if value.get_type() == ty {
            return Some(value);
        }
        if crate::ir::store_size(self.module, value.get_type()) != crate::ir::store_size(self.module, ty) {
            return None;
        }
        let slot = self.alloca(value.get_type());
        self.store(value, slot);
        Some(self.load(ty, slot))
    }

    /// A vector of `lanes` copies of scalar `v`.
    pub fn splat(&self, v: BasicValueEnum<'ctx>, ty: BasicTypeEnum<'ctx>) -> BasicValueEnum<'ctx> {
        let BasicTypeEnum::VectorType(vt) = ty else { return v };
        let mut out = ty.const_zero();
        for lane in 0..vt.get_size() {
            out = self.insert_element(out, v, lane);
        }
        out
    }

    /// `index` as an i32 constant, or the value itself when it is not constant.
    pub fn insert_element_at(&self, vector: BasicValueEnum<'ctx>, v: BasicValueEnum<'ctx>, index: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        // SAFETY: index is an integer.
        unsafe { wrap(LLVMBuildInsertElement(self.b(), vector.as_value_ref(), v.as_value_ref(), index.as_value_ref(), NONAME)) }
    }

    pub fn extract_element_at(&self, vector: BasicValueEnum<'ctx>, index: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        // SAFETY: index is an integer.
        unsafe { wrap(LLVMBuildExtractElement(self.b(), vector.as_value_ref(), index.as_value_ref(), NONAME)) }
    }

    /// Integer comparison `a == b`.
    pub fn icmp_eq(&self, a: BasicValueEnum<'ctx>, b: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        // SAFETY: same-typed integer operands.
        unsafe { wrap(LLVMBuildICmp(self.b(), llvm_sys::LLVMIntPredicate::LLVMIntEQ, a.as_value_ref(), b.as_value_ref(), NONAME)) }
    }

    /// Byte-offset GEP.
    pub fn byte_offset(&self, ptr: BasicValueEnum<'ctx>, offset: u64) -> BasicValueEnum<'ctx> {
        if offset == 0 {
            return ptr;
        }
        let ctx = self.module.get_context();
        let mut idx = [ctx.i64_type().const_int(offset, false).as_value_ref()];
        // SAFETY: ptr is a pointer; i8 GEP with a constant offset.
        unsafe { wrap(LLVMBuildInBoundsGEP2(self.b(), ctx.i8_type().as_type_ref(), ptr.as_value_ref(), idx.as_mut_ptr(), 1, NONAME)) }
    }
}

impl<'a, 'ctx> Ops<'a, 'ctx> {
    /// `ptr + offset` bytes, the offset an i64 value.
    pub fn byte_offset_by(&self, ptr: BasicValueEnum<'ctx>, offset: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        let ctx = self.module.get_context();
        let mut idx = [offset.as_value_ref()];
        // SAFETY: ptr is a pointer, offset an integer; an i8 GEP.
        unsafe { wrap(LLVMBuildGEP2(self.b(), ctx.i8_type().as_type_ref(), ptr.as_value_ref(), idx.as_mut_ptr(), 1, NONAME)) }
    }

    /// `memset(ptr, 0, bytes)`.
    /// A pointer to a private constant C string holding `text` (one per distinct text).
    pub fn c_string(&self, text: &str) -> BasicValueEnum<'ctx> {
        // FNV-1a of the text: distinct texts, distinct globals (`for.body` is not `for_body`).
        let hash = text.bytes().fold(0xcbf29ce484222325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100000001b3));
        let name = format!("llad.str.{hash:016x}");
        let global = self.module.get_global(&name).unwrap_or_else(|| {
            let value = self.module.get_context().const_string(text.as_bytes(), true);
            let g = self.module.add_global(value.get_type(), None, &name);
            g.set_initializer(&value);
            g.set_constant(true);
            g.set_linkage(inkwell::module::Linkage::Private);
            g.set_unnamed_addr(true);
            g
        });
        global.as_pointer_value().into()
    }

    pub fn memset_zero(&self, ptr: BasicValueEnum<'ctx>, bytes: BasicValueEnum<'ctx>) -> Result<()> {
        let ctx = self.module.get_context();
        self.intrinsic_void("memset", &[ptr.get_type(), bytes.get_type()], &[ptr, ctx.i8_type().const_zero().into(), bytes, ctx.bool_type().const_zero().into()])
    }

    /// An unsigned size or count as an i64 (zero-extended, or truncated from a wider integer).
    pub fn as_i64(&self, v: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        let i64t = self.module.get_context().i64_type();
        match v {
            BasicValueEnum::IntValue(c) if c.get_type().get_bit_width() < 64 => self.cast(LLVMOpcode::LLVMZExt, v, i64t.into()),
            BasicValueEnum::IntValue(c) if c.get_type().get_bit_width() > 64 => self.cast(LLVMOpcode::LLVMTrunc, v, i64t.into()),
            _ => v,
        }
    }

    /// Size in bytes of `count` values of type `ty`, as an i64.
    pub fn size_of(&self, ty: BasicTypeEnum<'ctx>, count: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        let i64t = self.module.get_context().i64_type();
        let elem: BasicValueEnum = i64t.const_int(crate::ir::store_size(self.module, ty), false).into();
        self.binary(LLVMOpcode::LLVMMul, elem, self.as_i64(count))
    }
}

/// Floats and float vectors: the leaves that carry derivatives.
fn is_float_leaf(ty: BasicTypeEnum<'_>) -> bool {
    match ty {
        BasicTypeEnum::FloatType(_) => true,
        BasicTypeEnum::VectorType(v) => v.get_element_type().is_float_type(),
        _ => false,
    }
}
