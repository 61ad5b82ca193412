//! The functions a check runs, with the uniform signatures of `abi.h`: a primal thunk, and per
//! activity combination derivative thunks whose bodies are ordinary derivative requests
//! (`__enzyme_fwddiff`, `__enzyme_augmentfwd` + `__enzyme_reverse` with `enzyme_tape`). The
//! requests are then answered by the usual pipeline, custom rules and all, so a check runs
//! exactly the derivative a program would get.
use super::spec::ActivitySet;
use crate::diag::{Error, Result};
use crate::ir::Ops;
use crate::model::Activity;
use crate::requests::marker_global;
use inkwell::module::{Linkage, Module};
use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, FunctionValue};

/// The checked function's signature, as the thunks see it.
pub struct Checked<'ctx> {
    pub function: FunctionValue<'ctx>,
    pub params: Vec<BasicTypeEnum<'ctx>>,
    pub ret: Option<BasicTypeEnum<'ctx>>,
}

/// The thunks' shared frame: a new internal function with `n` pointer parameters, the builder
/// at its entry.
struct Frame<'m, 'ctx> {
    module: &'m Module<'ctx>,
    builder: inkwell::builder::Builder<'ctx>,
    thunk: FunctionValue<'ctx>,
}

impl<'m, 'ctx> Frame<'m, 'ctx> {
    fn new(module: &'m Module<'ctx>, name: &str, n: usize) -> Frame<'m, 'ctx> {
        let ctx = module.get_context();
        let ptr = ctx.ptr_type(inkwell::AddressSpace::default());
        let params: Vec<_> = (0..n).map(|_| ptr.into()).collect();
        let thunk = module.add_function(name, ctx.void_type().fn_type(&params, false), Some(Linkage::Internal));
        let builder = ctx.create_builder();
        builder.position_at_end(ctx.append_basic_block(thunk, "entry"));
        Frame { module, builder, thunk }
    }

    fn ops(&self) -> Ops<'_, 'ctx> {
        Ops::new(&self.builder, self.module)
    }

    fn param(&self, i: u32) -> BasicValueEnum<'ctx> {
        self.thunk.get_nth_param(i).expect("thunk parameter")
    }

    /// Entry `i` of the pointer array `array` (a thunk parameter).
    fn entry(&self, array: u32, i: usize) -> BasicValueEnum<'ctx> {
        let ops = self.ops();
        let ptr = self.module.get_context().ptr_type(inkwell::AddressSpace::default());
        ops.load(ptr.into(), ops.byte_offset(self.param(array), 8 * i as u64))
    }

    /// Argument `i`'s value: the array pointer itself, or the scalar its slot holds.
    fn argument(&self, checked: &Checked<'ctx>, array: u32, i: usize) -> BasicValueEnum<'ctx> {
        let entry = self.entry(array, i);
        let ty = checked.params[i];
        if ty.is_pointer_type() {
            entry
        } else {
            self.ops().load(ty, entry)
        }
    }

    fn finish(self) -> Result<FunctionValue<'ctx>> {
        self.builder.build_return(None).map_err(|e| Error::Internal(e.to_string()))?;
        Ok(self.thunk)
    }
}

/// `void primal(void **args, void *ret)`: calls the function.
pub fn primal<'ctx>(module: &Module<'ctx>, checked: &Checked<'ctx>, name: &str) -> Result<FunctionValue<'ctx>> {
    let frame = Frame::new(module, name, 2);
    let args: Vec<_> = (0..checked.params.len()).map(|i| frame.argument(checked, 0, i)).collect();
    let (_, result) = frame.ops().call(checked.function, &args);
    if let Some(r) = result {
        frame.ops().store(r, frame.param(1));
    }
    frame.finish()
}

/// A request call's operands: the function, then markers and values.
struct Operands<'ctx> {
    values: Vec<BasicValueEnum<'ctx>>,
}

impl<'ctx> Operands<'ctx> {
    fn new(checked: &Checked<'ctx>) -> Self {
        Operands { values: vec![checked.function.as_global_value().as_pointer_value().into()] }
    }
    fn marker(&mut self, module: &Module<'ctx>, name: &str) {
        self.values.push(marker_global(module, name));
    }
    fn push(&mut self, v: BasicValueEnum<'ctx>) {
        self.values.push(v);
    }
}

/// The arguments of a derivative request: each argument's marker, value and shadow.
fn request_arguments<'ctx>(frame: &Frame<'_, 'ctx>, checked: &Checked<'ctx>, set: &ActivitySet, operands: &mut Operands<'ctx>) {
    for (i, activity) in set.args.iter().enumerate() {
        let value = frame.argument(checked, 0, i);
        match activity {
            Activity::Const => operands.marker(frame.module, "enzyme_const"),
            Activity::Out => operands.marker(frame.module, "enzyme_out"),
            Activity::Dup | Activity::DupNoNeed => operands.marker(frame.module, "enzyme_dup"),
        }
        operands.push(value);
        if activity.has_shadow() {
            operands.push(frame.argument(checked, 1, i));
        }
    }
}

/// Calls the request `kind` (`__enzyme_fwddiff`, ...) declared with exactly these operand types.
fn request<'ctx>(frame: &Frame<'_, 'ctx>, kind: &str, name: &str, ret: Option<BasicTypeEnum<'ctx>>, operands: &Operands<'ctx>) -> Option<BasicValueEnum<'ctx>> {
    let types: Vec<BasicTypeEnum> = operands.values.iter().map(|v| v.get_type()).collect();
    let ops = frame.ops();
    let declared = ops.declare(&format!("{kind}.{name}"), ret, &types);
    ops.call(declared, &operands.values).1
}

/// `void forward(void **args, void **shadows, void *ret, void *dret)`.
pub fn forward<'ctx>(module: &Module<'ctx>, checked: &Checked<'ctx>, set: &ActivitySet, name: &str) -> Result<FunctionValue<'ctx>> {
    let frame = Frame::new(module, name, 4);
    let mut operands = Operands::new(checked);
    // The return: Const gives the primal, DuplicatedNoNeed the tangent, Duplicated both.
    let result_ty = match (checked.ret, set.ret) {
        (None, _) => None,
        (Some(t), Activity::Const) => {
            operands.marker(module, "enzyme_const_return");
            operands.marker(module, "enzyme_primal_return");
            Some(t)
        }
        (Some(t), Activity::Dup) => {
            operands.marker(module, "enzyme_primal_return");
            Some(module.get_context().struct_type(&[t, t], false).into())
        }
        (Some(t), _) => Some(t),
    };
    request_arguments(&frame, checked, set, &mut operands);
    let result = request(&frame, "__enzyme_fwddiff", name, result_ty, &operands);
    let ops = frame.ops();
    match (result, set.ret) {
        (Some(r), Activity::Const) => drop(ops.store(r, frame.param(2))),
        (Some(r), Activity::Dup) => {
            ops.store(ops.extract_value(r, 0), frame.param(2));
            ops.store(ops.extract_value(r, 1), frame.param(3));
        }
        (Some(r), _) => drop(ops.store(r, frame.param(3))),
        (None, _) => {}
    }
    frame.finish()
}

/// The return markers of a split-mode request: the tape's slot, then Const or Active.
fn split_markers<'ctx>(frame: &Frame<'_, 'ctx>, checked: &Checked<'ctx>, set: &ActivitySet, operands: &mut Operands<'ctx>) {
    operands.marker(frame.module, "enzyme_tape");
    operands.push(frame.param(3));
    if checked.ret.is_some() && set.ret == Activity::Const {
        operands.marker(frame.module, "enzyme_const_return");
    }
}

/// `void augmented(void **args, void **shadows, void *ret, void **tape)`.
pub fn augmented<'ctx>(module: &Module<'ctx>, checked: &Checked<'ctx>, set: &ActivitySet, name: &str) -> Result<FunctionValue<'ctx>> {
    let frame = Frame::new(module, name, 4);
    let mut operands = Operands::new(checked);
    split_markers(&frame, checked, set, &mut operands);
    request_arguments(&frame, checked, set, &mut operands);
    if let Some(primal) = request(&frame, "__enzyme_augmentfwd", name, checked.ret, &operands) {
        frame.ops().store(primal, frame.param(2));
    }
    frame.finish()
}

/// `void reverse(void **args, void **shadows, void *dret, void **tape)`: the adjoints of Active
/// scalars go to their slots.
pub fn reverse<'ctx>(module: &Module<'ctx>, checked: &Checked<'ctx>, set: &ActivitySet, name: &str) -> Result<FunctionValue<'ctx>> {
    let frame = Frame::new(module, name, 4);
    let mut operands = Operands::new(checked);
    split_markers(&frame, checked, set, &mut operands);
    request_arguments(&frame, checked, set, &mut operands);
    if let (Some(t), Activity::Out) = (checked.ret, set.ret) {
        operands.push(frame.ops().load(t, frame.param(2)));
    }
    let active: Vec<usize> = (0..set.args.len()).filter(|i| set.args[*i] == Activity::Out).collect();
    let result_ty = match active.as_slice() {
        [] => None,
        [i] => Some(checked.params[*i]),
        many => Some(module.get_context().struct_type(&many.iter().map(|i| checked.params[*i]).collect::<Vec<_>>(), false).into()),
    };
    let result = request(&frame, "__enzyme_reverse", name, result_ty, &operands);
    let ops = frame.ops();
    for (k, i) in active.iter().enumerate() {
        let adjoint = match result {
            Some(r) if active.len() > 1 => ops.extract_value(r, k as u32),
            Some(r) => r,
            None => return Err(Error::Internal("reverse request without a result".into())),
        };
        ops.store(adjoint, frame.entry(1, *i));
    }
    frame.finish()
}
