//! What every derivative function shares: the primal's arguments, each followed by its shadow when
//! it has one, then mode-specific extras; and a clone of the primal body to build on.
use crate::ir;
use crate::model::{Activity, ValueId};
use inkwell::basic_block::BasicBlock;
use inkwell::module::{Linkage, Module};
use inkwell::types::{BasicMetadataTypeEnum, BasicType, BasicTypeEnum};
use inkwell::values::{BasicValueEnum, FunctionValue, InstructionValue};
use std::collections::HashMap;

/// Declares an internal function taking `primal`'s arguments with shadows (per `activities`) and
/// then `extra` parameters (named by `extra_names`), returning `ret` (void when `None`).
#[allow(clippy::too_many_arguments)]
pub fn declare<'ctx>(
    module: &Module<'ctx>,
    name: &str,
    primal: FunctionValue<'ctx>,
    activities: &[Activity],
    width: u32,
    extra: &[(BasicTypeEnum<'ctx>, &str)],
    ret: Option<BasicTypeEnum<'ctx>>,
) -> FunctionValue<'ctx> {
    let mut params: Vec<BasicMetadataTypeEnum> = Vec::new();
    let mut names = Vec::new();
    for (i, p) in primal.get_param_iter().enumerate() {
        let pname = ir::value_name(p);
        params.push(p.get_type().into());
        names.push(pname.clone());
        if activities[i].has_shadow() {
            for lane in 0..width {
                params.push(p.get_type().into());
                let suffix = if width > 1 { format!(".{lane}") } else { String::new() };
                names.push(if pname.is_empty() { String::new() } else { format!("d{pname}{suffix}") });
            }
        }
    }
    for (ty, pname) in extra {
        params.push((*ty).into());
        names.push(pname.to_string());
    }
    let fn_type = match ret {
        Some(r) => r.fn_type(&params, false),
        None => module.get_context().void_type().fn_type(&params, false),
    };
    let function = module.add_function(name, fn_type, Some(Linkage::Internal));
    ir::mark_derivative(function);
    // The primal's calling convention (`fastcc` for internal functions at -O1 and up) from the
    // start: calls built before the body is cloned (recursion) must already agree with it.
    function.set_call_conventions(primal.get_call_conventions());
    mark_noalias_shadows(primal, function, activities, width);
    for (i, pname) in names.iter().enumerate() {
        if let Some(p) = function.get_nth_param(i as u32) {
            p.set_name(pname);
        }
    }
    function
}

/// The shadow of a `noalias` (C `restrict`) argument is `noalias` too: shadows mirror the primal
/// memory they belong to, so nothing else reaches it either (as Enzyme assumes). Lets the
/// optimizer keep a derivative's stores into it apart from the primal's loads.
fn mark_noalias_shadows(primal: FunctionValue<'_>, function: FunctionValue<'_>, activities: &[Activity], width: u32) {
    let mut index = 0;
    for i in 0..primal.count_params() {
        index += 1;
        if activities[i as usize].has_shadow() {
            if ir::param_has_attribute(primal, i, "noalias") {
                (0..width).for_each(|lane| ir::mark_noalias(function, index + lane));
            }
            index += width;
        }
    }
}

/// The primal body cloned into a derivative function, and how the two correspond.
pub struct ClonedBody<'ctx> {
    /// Primal argument i -> its value in the derivative.
    pub args: Vec<BasicValueEnum<'ctx>>,
    /// Primal argument -> its shadow parameter(s), one per lane of a batched derivative.
    pub shadows: HashMap<ValueId, Vec<BasicValueEnum<'ctx>>>,
    /// Primal instruction -> its clone.
    pub clones: HashMap<ValueId, InstructionValue<'ctx>>,
    pub blocks: HashMap<BasicBlock<'ctx>, BasicBlock<'ctx>>,
    /// Index of the first parameter after the arguments and shadows.
    pub next_param: u32,
}

/// Clones `primal`'s body into `new` (declared by `declare` with the same activities).
pub fn clone_body<'ctx>(primal: FunctionValue<'ctx>, new: FunctionValue<'ctx>, activities: &[Activity], width: u32) -> ClonedBody<'ctx> {
    let mut args = Vec::new();
    let mut shadows = HashMap::new();
    let mut index = 0;
    for (i, p) in primal.get_param_iter().enumerate() {
        args.push(new.get_nth_param(index).expect("declared primal parameter"));
        index += 1;
        if activities[i].has_shadow() {
            let lanes = (0..width).map(|lane| new.get_nth_param(index + lane).expect("declared shadow parameter")).collect();
            shadows.insert(ValueId::of(p), lanes);
            index += width;
        }
    }
    ir::clone_function_into(new, primal, &args);
    // (cloning replaced the parameter attributes)
    mark_noalias_shadows(primal, new, activities, width);
    new.set_linkage(Linkage::Internal);
    let mut clones = HashMap::new();
    let mut blocks = HashMap::new();
    for (ob, nb) in primal.get_basic_block_iter().zip(new.get_basic_block_iter()) {
        blocks.insert(ob, nb);
        for (oi, ni) in ob.get_instructions().zip(nb.get_instructions()) {
            clones.insert(ValueId::of(oi), ni);
        }
    }
    ClonedBody { args, shadows, clones, blocks, next_param: index }
}
