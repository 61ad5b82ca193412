//! Memory views, lowered after every derivative is synthesized:
//! - `__enzyme_todense(load, store, extra...)` returns a pointer whose memory is the user's two
//!   functions: a load of `T` at byte offset `o` is `load(o, extra...)`, a store of `v` is
//!   `store(v, o, extra...)` (Enzyme's sparse derivatives: a one-hot seed read on demand, a
//!   Hessian's nonzeros stored as triplets).
//! - a constant primal pointer marked `enzyme_dupnoneed` (`(double*)0x1`): the caller needs only
//!   the shadow, so the primal stores through it are dropped, and a derivative that would still
//!   read that memory is an error instead of a dereference of a made-up address.
//!
//! A view reaches the memory accesses through pointer arithmetic, phis, selects and calls; each
//! function it is passed to is cloned for its views (extra arguments appended) and rewritten.
//! Anything else done with such a pointer (stored, compared with another pointer, passed to an
//! unknown function) is an error naming the instruction.
use crate::diag::{Error, Result};
use crate::ir::{self, Ops};
use crate::model::{location_of, ValueId};
use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::module::{Linkage, Module};
use inkwell::types::{BasicMetadataTypeEnum, BasicType, BasicTypeEnum};
use inkwell::values::{BasicValueEnum, FunctionValue, InstructionOpcode, InstructionValue};
use llvm_sys::LLVMOpcode;
use std::collections::{HashMap, HashSet};

/// The request function whose result is a view.
pub const TODENSE: &str = "__enzyme_todense";

/// The made-up address of offset 0 in a todense view: not null (null checks stay false) and
/// never dereferenced (every access becomes a call).
const VIEW_BASE: u64 = 1 << 44;

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Kind {
    /// `__enzyme_todense` with these load and store functions.
    Dense { load: ValueId, store: ValueId },
    /// A constant `enzyme_dupnoneed` primal: its memory is never touched.
    Discard,
}

#[derive(Clone)]
struct View<'ctx> {
    kind: Kind,
    functions: Option<(FunctionValue<'ctx>, FunctionValue<'ctx>)>,
    /// The trailing arguments of the load and store functions, as values of the function at hand.
    extras: Vec<BasicValueEnum<'ctx>>,
}

/// A function to rewrite, and the values in it that are views.
struct Job<'ctx> {
    function: FunctionValue<'ctx>,
    roots: Vec<(BasicValueEnum<'ctx>, View<'ctx>)>,
}

/// Which views a specialized clone's parameters carry.
type SpecializationKey = (ValueId, Vec<(u32, Kind, usize)>);

/// Lowers every view in `module`. `discarded` lists the operands of derivative calls that are
/// constant `enzyme_dupnoneed` primals.
pub fn lower<'ctx>(module: &Module<'ctx>, discarded: &[(InstructionValue<'ctx>, u32)]) -> Result<()> {
    let todense: Vec<InstructionValue> = module.get_functions().filter(|f| ir::function_name(*f).contains(TODENSE)).flat_map(|f| calls_of(f)).collect();
    if todense.is_empty() && discarded.is_empty() {
        return Ok(());
    }
    let mut lowering =
        Lowering { module, discarded: discarded.iter().map(|(c, i)| (ValueId::of(*c), *i)).collect(), clones: HashMap::new(), queue: Vec::new() };
    // One job per function, in the module's order (clones are named in the order they are made).
    let mut jobs: Vec<Job> = Vec::new();
    let job_of = |function: FunctionValue<'ctx>, jobs: &mut Vec<Job<'ctx>>| match jobs.iter().position(|j| j.function == function) {
        Some(i) => i,
        None => {
            jobs.push(Job { function, roots: Vec::new() });
            jobs.len() - 1
        }
    };
    for call in &todense {
        let function = parent(*call);
        let view = dense_view(function, *call)?;
        let result =
            ir::result_of(*call).ok_or_else(|| unsupported(function, *call, "__enzyme_todense must return a pointer".into(), "declare it as returning T*"))?;
        let i = job_of(function, &mut jobs);
        jobs[i].roots.push((result, view));
    }
    for (call, _) in discarded {
        job_of(parent(*call), &mut jobs);
    }
    // The queue is a stack: the first function is rewritten first.
    lowering.queue.extend(jobs.into_iter().rev());
    while let Some(job) = lowering.queue.pop() {
        lowering.rewrite(job)?;
    }
    // What is left of a todense pointer is address arithmetic on the made-up base.
    for call in todense {
        let ty = ir::result_of(call).map(|r| r.get_type()).expect("checked above");
        ir::replace_and_erase(call, Some(view_base(module, ty)));
    }
    for f in module.get_functions().collect::<Vec<_>>() {
        if ir::function_name(f).contains(TODENSE) && f.get_first_basic_block().is_none() {
            ir::delete_function_if_unused(f);
        }
    }
    Ok(())
}

struct Lowering<'m, 'ctx> {
    module: &'m Module<'ctx>,
    discarded: HashSet<(ValueId, u32)>,
    clones: HashMap<SpecializationKey, FunctionValue<'ctx>>,
    queue: Vec<Job<'ctx>>,
}

/// What the walk from a function's views found.
#[derive(Default)]
struct Accesses<'ctx> {
    /// Value -> index of its view in the job's roots.
    derived: HashMap<ValueId, usize>,
    loads: Vec<(InstructionValue<'ctx>, usize)>,
    stores: Vec<(InstructionValue<'ctx>, usize)>,
    /// Merges and comparisons, checked once every derived value is known.
    to_check: Vec<InstructionValue<'ctx>>,
    calls: Vec<InstructionValue<'ctx>>,
    /// Hints and discarded memory intrinsics, erased.
    dropped: Vec<InstructionValue<'ctx>>,
}

impl<'m, 'ctx> Lowering<'m, 'ctx> {
    fn rewrite(&mut self, job: Job<'ctx>) -> Result<()> {
        let f = job.function;
        let found = self.walk(&job)?;
        for inst in &found.to_check {
            self.check_merge(&job, &found, *inst)?;
        }
        let ctx = self.module.get_context();
        let builder = ctx.create_builder();
        let ops = Ops::new(&builder, self.module);
        let mut dropped_primal_stores = false;
        for (store, view) in &found.stores {
            let view = &job.roots[*view].1;
            match view.kind {
                Kind::Discard => {
                    dropped_primal_stores = true;
                    store.erase_from_basic_block();
                }
                Kind::Dense { .. } => self.dense_store(&ops, f, *store, view)?,
            }
        }
        let mut discarded_loads = Vec::new();
        for (load, view) in &found.loads {
            let view = &job.roots[*view].1;
            match view.kind {
                Kind::Discard => discarded_loads.push(*load),
                Kind::Dense { .. } => self.dense_load(&ops, f, *load, view)?,
            }
        }
        for inst in &found.dropped {
            inst.erase_from_basic_block();
        }
        let mut specialized = HashSet::new();
        let calls_here: Vec<InstructionValue> = found
            .calls
            .iter()
            .copied()
            .chain(
                f.get_basic_block_iter()
                    .flat_map(|b| b.get_instructions())
                    .filter(|i| (0..arg_count(*i)).any(|k| self.discarded.contains(&(ValueId::of(*i), k)))),
            )
            .collect();
        for call in calls_here {
            if specialized.insert(ValueId::of(call)) {
                self.specialize(&ops, &job, &found, call)?;
            }
        }
        if !discarded_loads.is_empty() || dropped_primal_stores {
            remove_dead_code(f);
            let alive: HashSet<ValueId> = f.get_basic_block_iter().flat_map(|b| b.get_instructions()).map(ValueId::of).collect();
            for load in discarded_loads {
                if alive.contains(&ValueId::of(load)) {
                    return Err(unsupported(
                        f,
                        load,
                        "the derivative reads the primal memory behind a constant enzyme_dupnoneed pointer".into(),
                        "pass a real buffer as the primal (enzyme_dup), or make the function not read what it accumulates into",
                    ));
                }
            }
        }
        Ok(())
    }

    /// Follows every view of `job` through address arithmetic to its uses.
    fn walk(&self, job: &Job<'ctx>) -> Result<Accesses<'ctx>> {
        let f = job.function;
        let mut found = Accesses::default();
        let mut work: Vec<(BasicValueEnum<'ctx>, usize)> = job.roots.iter().enumerate().map(|(i, (v, _))| (*v, i)).collect();
        for (v, i) in &work {
            found.derived.insert(ValueId::of(*v), *i);
        }
        let mut seen_users = HashSet::new();
        while let Some((value, view)) = work.pop() {
            let discard = job.roots[view].1.kind == Kind::Discard;
            let mut users = ir::value_users(value);
            users.dedup();
            for user in users {
                let is_operand = |i: u32| ir::operand(user, i).is_some_and(|o| ValueId::of(o) == ValueId::of(value));
                let derive = |found: &mut Accesses<'ctx>, work: &mut Vec<_>| {
                    let result = ir::result_of(user).expect("pointer-valued instruction");
                    match found.derived.insert(ValueId::of(result), view) {
                        None => work.push((result, view)),
                        Some(other) if other != view => return Err(mixed(f, user)),
                        Some(_) => {}
                    }
                    Ok(())
                };
                match user.get_opcode() {
                    InstructionOpcode::GetElementPtr if is_operand(0) => {
                        ir::clear_wrap_flags(user);
                        derive(&mut found, &mut work)?;
                    }
                    InstructionOpcode::BitCast | InstructionOpcode::AddrSpaceCast | InstructionOpcode::Freeze => derive(&mut found, &mut work)?,
                    InstructionOpcode::Phi | InstructionOpcode::Select => {
                        if user.get_opcode() == InstructionOpcode::Select && is_operand(0) {
                            return Err(escapes(f, user, "used as a condition"));
                        }
                        derive(&mut found, &mut work)?;
                        if seen_users.insert(ValueId::of(user)) {
                            found.to_check.push(user);
                        }
                    }
                    InstructionOpcode::ICmp => {
                        if seen_users.insert(ValueId::of(user)) {
                            found.to_check.push(user);
                        }
                    }
                    InstructionOpcode::Load => {
                        if user.get_volatile().unwrap_or(false) {
                            return Err(escapes(f, user, "loaded from with a volatile load"));
                        }
                        if seen_users.insert(ValueId::of(user)) {
                            found.loads.push((user, view));
                        }
                    }
                    InstructionOpcode::Store if is_operand(0) => {
                        // Unoptimized code keeps every pointer in a local slot: its loads are the view.
                        let slot = ir::operand(user, 1).filter(|a| ir::is_local_slot(*a, true)).and_then(ir::defining_instruction);
                        let Some(slot) = slot else {
                            return Err(escapes(f, user, "stored to memory, where llad cannot follow it"));
                        };
                        if seen_users.insert(ValueId::of(user)) {
                            found.to_check.push(user);
                        }
                        for load in ir::users(slot).into_iter().filter(|u| u.get_opcode() == InstructionOpcode::Load) {
                            let result = ir::result_of(load).expect("a load has a result");
                            match found.derived.insert(ValueId::of(result), view) {
                                None => work.push((result, view)),
                                Some(other) if other != view => return Err(mixed(f, load)),
                                Some(_) => {}
                            }
                        }
                    }
                    InstructionOpcode::Store => {
                        if user.get_volatile().unwrap_or(false) {
                            return Err(escapes(f, user, "stored to with a volatile store"));
                        }
                        if seen_users.insert(ValueId::of(user)) {
                            found.stores.push((user, view));
                        }
                    }
                    InstructionOpcode::Call => {
                        let callee = ir::called_function(user);
                        let intrinsic = callee.and_then(ir::intrinsic_base_name);
                        match intrinsic.as_deref() {
                            Some("lifetime" | "assume" | "prefetch" | "invariant" | "experimental") => {
                                if seen_users.insert(ValueId::of(user)) {
                                    found.dropped.push(user);
                                }
                            }
                            Some("memset" | "memcpy" | "memmove" | "memcpy_inline" | "memset_inline") if discard && is_operand(0) && !is_operand(1) => {
                                if seen_users.insert(ValueId::of(user)) {
                                    found.dropped.push(user);
                                }
                            }
                            Some(_) => return Err(escapes(f, user, "passed to an intrinsic that reads or writes it as raw memory")),
                            None => {
                                let defined = callee.is_some_and(|c| c.get_first_basic_block().is_some() && !c.get_type().is_var_arg());
                                let is_callee = ir::operand(user, ir::call_arg_count(user)).is_some_and(|o| ValueId::of(o) == ValueId::of(value));
                                if !defined || is_callee {
                                    return Err(escapes(f, user, "passed to a function llad cannot see into"));
                                }
                                if seen_users.insert(ValueId::of(user)) {
                                    found.calls.push(user);
                                }
                            }
                        }
                    }
                    _ => return Err(escapes(f, user, "used by an instruction that is not address arithmetic, a load, a store or a call")),
                }
            }
        }
        Ok(found)
    }

    /// Phis and selects merge one view with itself; comparisons compare one view with itself or null.
    fn check_merge(&self, job: &Job<'ctx>, found: &Accesses<'ctx>, inst: InstructionValue<'ctx>) -> Result<()> {
        let f = job.function;
        let operands: Vec<BasicValueEnum> = match inst.get_opcode() {
            InstructionOpcode::Phi => ir::phi_incoming(inst).into_iter().map(|(v, _)| v).collect(),
            InstructionOpcode::Select => [1, 2].iter().filter_map(|i| ir::operand(inst, *i)).collect(),
            // A local slot holding a view holds nothing else.
            InstructionOpcode::Store => {
                let slot = ir::operand(inst, 1).and_then(ir::defining_instruction).expect("checked slot");
                ir::users(slot).into_iter().filter(|u| u.get_opcode() == InstructionOpcode::Store).filter_map(|s| ir::operand(s, 0)).collect()
            }
            _ => [0, 1].iter().filter_map(|i| ir::operand(inst, *i)).collect(),
        };
        let views: HashSet<Option<usize>> = operands
            .iter()
            .filter(|v| !(inst.get_opcode() == InstructionOpcode::ICmp && ir::is_null_pointer(**v)))
            .map(|v| found.derived.get(&ValueId::of(*v)).copied())
            .collect();
        if views.len() != 1 || views.contains(&None) {
            return Err(mixed(f, inst));
        }
        Ok(())
    }

    fn dense_load(&self, ops: &Ops<'_, 'ctx>, f: FunctionValue<'ctx>, load: InstructionValue<'ctx>, view: &View<'ctx>) -> Result<()> {
        let (load_fn, _) = view.functions.expect("dense view");
        let ty = ir::result_of(load).expect("a load has a result").get_type();
        let element = load_fn.get_type().get_return_type().ok_or_else(|| bad_function(f, load, load_fn, "returns nothing"))?;
        let lanes = lanes_of(ty, element)
            .ok_or_else(|| bad_function(f, load, load_fn, &format!("returns {}, but the derivative loads {}", type_text(element), type_text(ty))))?;
        ops.position_before(load);
        let offset = self.offset(ops, ir::operand(load, 0).expect("load address"));
        let mut result = None;
        for lane in 0..lanes.unwrap_or(1) {
            let at = self.plus(ops, offset, lane as u64 * ir::alloc_size(self.module, element));
            let args = self.arguments(f, load, load_fn, None, at, view)?;
            let (call, value) = ops.call(load_fn, &args);
            ir::copy_debug_location(load, call);
            let value = value.expect("the load function returns a value");
            result = Some(match (lanes, result) {
                (None, _) => value,
                (Some(_), None) => ops.insert_element(ir::undef(ty), value, lane),
                (Some(_), Some(vector)) => ops.insert_element(vector, value, lane),
            });
        }
        ir::replace_and_erase(load, result);
        Ok(())
    }

    fn dense_store(&self, ops: &Ops<'_, 'ctx>, f: FunctionValue<'ctx>, store: InstructionValue<'ctx>, view: &View<'ctx>) -> Result<()> {
        let (_, store_fn) = view.functions.expect("dense view");
        let value = ir::operand(store, 0).expect("stored value");
        let element = store_fn
            .get_type()
            .get_param_types()
            .first()
            .and_then(|t| BasicTypeEnum::try_from(*t).ok())
            .ok_or_else(|| bad_function(f, store, store_fn, "takes no value"))?;
        let lanes = lanes_of(value.get_type(), element).ok_or_else(|| {
            bad_function(f, store, store_fn, &format!("takes {}, but the derivative stores {}", type_text(element), type_text(value.get_type())))
        })?;
        ops.position_before(store);
        let offset = self.offset(ops, ir::operand(store, 1).expect("store address"));
        for lane in 0..lanes.unwrap_or(1) {
            let at = self.plus(ops, offset, lane as u64 * ir::alloc_size(self.module, element));
            let v = if lanes.is_some() { ops.extract_element(value, lane) } else { value };
            let args = self.arguments(f, store, store_fn, Some(v), at, view)?;
            let (call, _) = ops.call(store_fn, &args);
            ir::copy_debug_location(store, call);
        }
        store.erase_from_basic_block();
        Ok(())
    }

    /// `(value?, offset, extra...)` converted to the user function's parameter types.
    fn arguments(
        &self,
        f: FunctionValue<'ctx>,
        at: InstructionValue<'ctx>,
        function: FunctionValue<'ctx>,
        value: Option<BasicValueEnum<'ctx>>,
        offset: BasicValueEnum<'ctx>,
        view: &View<'ctx>,
    ) -> Result<Vec<BasicValueEnum<'ctx>>> {
        let params: Vec<BasicTypeEnum> = function.get_type().get_param_types().into_iter().filter_map(|t| BasicTypeEnum::try_from(t).ok()).collect();
        let expected = usize::from(value.is_some()) + 1 + view.extras.len();
        if params.len() != expected || function.get_type().is_var_arg() {
            return Err(bad_function(
                f,
                at,
                function,
                &format!(
                    "takes {} parameters, but __enzyme_todense passes {expected} ({}the byte offset and {} extra)",
                    params.len(),
                    if value.is_some() { "the value, " } else { "" },
                    view.extras.len()
                ),
            ));
        }
        let mut args: Vec<BasicValueEnum> = value.into_iter().collect();
        let offset_ty = params[args.len()];
        if !offset_ty.is_int_type() {
            return Err(bad_function(f, at, function, "takes a non-integer byte offset"));
        }
        args.push(ir::int_cast_before(at, offset, offset_ty));
        for (extra, ty) in view.extras.iter().zip(&params[args.len()..]) {
            if extra.get_type() != *ty {
                return Err(bad_function(f, at, function, &format!("takes {} where __enzyme_todense passes {}", type_text(*ty), type_text(extra.get_type()))));
            }
            args.push(*extra);
        }
        Ok(args)
    }

    /// The byte offset of a view pointer from its base.
    fn offset(&self, ops: &Ops<'_, 'ctx>, pointer: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        let i64t = self.module.get_context().i64_type();
        let address = ops.cast(LLVMOpcode::LLVMPtrToInt, pointer, i64t.into());
        ops.binary(LLVMOpcode::LLVMSub, address, i64t.const_int(VIEW_BASE, false).into())
    }

    fn plus(&self, ops: &Ops<'_, 'ctx>, offset: BasicValueEnum<'ctx>, bytes: u64) -> BasicValueEnum<'ctx> {
        if bytes == 0 {
            return offset;
        }
        ops.binary(LLVMOpcode::LLVMAdd, offset, self.module.get_context().i64_type().const_int(bytes, false).into())
    }

    /// Replaces `call` with a call to a clone of its callee that knows which arguments are views.
    fn specialize(&mut self, ops: &Ops<'_, 'ctx>, job: &Job<'ctx>, found: &Accesses<'ctx>, call: InstructionValue<'ctx>) -> Result<()> {
        let callee = ir::called_function(call).expect("a direct call");
        let mut params = Vec::new();
        for k in 0..ir::call_arg_count(call) {
            let arg = ir::operand(call, k).expect("argument");
            if let Some(view) = found.derived.get(&ValueId::of(arg)) {
                params.push((k, job.roots[*view].1.clone()));
            } else if self.discarded.contains(&(ValueId::of(call), k)) {
                params.push((k, View { kind: Kind::Discard, functions: None, extras: Vec::new() }));
            }
        }
        for k in 0..ir::call_arg_count(call) {
            // The call is replaced: its address may be reused by a new instruction.
            self.discarded.remove(&(ValueId::of(call), k));
        }
        let key: SpecializationKey = (ValueId::of(callee), params.iter().map(|(k, v)| (*k, v.kind, v.extras.len())).collect());
        let clone = match self.clones.get(&key) {
            Some(clone) => *clone,
            None => {
                let clone = self.clone_for_views(callee, &params);
                self.clones.insert(key, clone);
                clone
            }
        };
        ops.position_before(call);
        let mut args: Vec<BasicValueEnum> = (0..ir::call_arg_count(call)).filter_map(|k| ir::operand(call, k)).collect();
        args.extend(params.iter().flat_map(|(_, v)| v.extras.iter().copied()));
        let (new_call, result) = ops.call(clone, &args);
        ir::copy_call_attributes(call, new_call, 0);
        ir::copy_debug_location(call, new_call);
        remove_memory_attribute(AttributeLoc::Function, |loc, kind| {
            if let Ok(site) = inkwell::values::CallSiteValue::try_from(new_call) {
                site.remove_enum_attribute(loc, kind)
            }
        });
        ir::replace_and_erase(call, result);
        Ok(())
    }

    /// A copy of `callee` taking the views' extra arguments after its own, queued for rewriting.
    fn clone_for_views(&mut self, callee: FunctionValue<'ctx>, params: &[(u32, View<'ctx>)]) -> FunctionValue<'ctx> {
        let fty = callee.get_type();
        let mut types: Vec<BasicMetadataTypeEnum> = fty.get_param_types().into_iter().map(Into::into).collect();
        for (_, view) in params {
            types.extend(view.extras.iter().map(|e| BasicMetadataTypeEnum::from(e.get_type())));
        }
        let new_ty = match fty.get_return_type() {
            Some(r) => r.fn_type(&types, false),
            None => self.module.get_context().void_type().fn_type(&types, false),
        };
        let name = format!("{}.view", ir::function_name(callee));
        let clone = self.module.add_function(&name, new_ty, Some(Linkage::Internal));
        let own: Vec<BasicValueEnum> = (0..callee.count_params()).filter_map(|i| clone.get_nth_param(i)).collect();
        ir::clone_function_into(clone, callee, &own);
        clone.set_linkage(Linkage::Internal);
        clone.set_call_conventions(callee.get_call_conventions());
        // The clone now calls the user's load and store functions: what the original declared
        // about its memory no longer holds.
        remove_memory_attribute(AttributeLoc::Function, |loc, kind| clone.remove_enum_attribute(loc, kind));
        let mut next = callee.count_params();
        let mut roots = Vec::new();
        for (k, view) in params {
            let extras: Vec<BasicValueEnum> = (next..next + view.extras.len() as u32).filter_map(|i| clone.get_nth_param(i)).collect();
            next += view.extras.len() as u32;
            let root = clone.get_nth_param(*k).expect("parameter of the clone");
            roots.push((root, View { kind: view.kind, functions: view.functions, extras }));
        }
        self.queue.push(Job { function: clone, roots });
        clone
    }
}

fn remove_memory_attribute(loc: AttributeLoc, mut remove: impl FnMut(AttributeLoc, u32)) {
    for name in ["memory", "readnone", "readonly", "writeonly"] {
        remove(loc, Attribute::get_named_enum_kind_id(name));
    }
}

/// `Some(None)`: `ty` is `element`; `Some(Some(n))`: a vector of `n` of them.
fn lanes_of(ty: BasicTypeEnum<'_>, element: BasicTypeEnum<'_>) -> Option<Option<u32>> {
    if ty == element {
        return Some(None);
    }
    match ty {
        BasicTypeEnum::VectorType(v) if v.get_element_type() == element => Some(Some(v.get_size())),
        _ => None,
    }
}

fn dense_view<'ctx>(function: FunctionValue<'ctx>, call: InstructionValue<'ctx>) -> Result<View<'ctx>> {
    let arg = |i: u32| ir::operand(call, i).filter(|_| i < ir::call_arg_count(call)).map(ir::through_local_copies).and_then(ir::as_function);
    let (Some(load), Some(store)) = (arg(0), arg(1)) else {
        return Err(unsupported(
            function,
            call,
            "__enzyme_todense's first two arguments must be the load and store functions".into(),
            "e.g. __enzyme_todense((void*)my_load, (void*)my_store, extra...)",
        ));
    };
    let extras = (2..ir::call_arg_count(call)).filter_map(|i| ir::operand(call, i)).collect();
    Ok(View { kind: Kind::Dense { load: ValueId::of(load), store: ValueId::of(store) }, functions: Some((load, store)), extras })
}

fn view_base<'ctx>(module: &Module<'ctx>, ty: BasicTypeEnum<'ctx>) -> BasicValueEnum<'ctx> {
    let address = module.get_context().i64_type().const_int(VIEW_BASE, false);
    match ty {
        BasicTypeEnum::PointerType(p) => address.const_to_pointer(p).into(),
        _ => ir::undef(ty),
    }
}

fn calls_of(f: FunctionValue<'_>) -> Vec<InstructionValue<'_>> {
    ir::value_users(f.as_global_value().as_pointer_value().into()).into_iter().filter(|u| ir::called_function(*u) == Some(f)).collect()
}

fn arg_count(inst: InstructionValue<'_>) -> u32 {
    if inst.get_opcode() == InstructionOpcode::Call {
        ir::call_arg_count(inst)
    } else {
        0
    }
}

fn parent<'ctx>(inst: InstructionValue<'ctx>) -> FunctionValue<'ctx> {
    inst.get_parent().and_then(|b| b.get_parent()).expect("instruction inside a function")
}

fn type_text(ty: BasicTypeEnum<'_>) -> String {
    ty.print_to_string().to_string()
}

fn unsupported(f: FunctionValue<'_>, at: InstructionValue<'_>, what: String, hint: &str) -> Error {
    Error::Unsupported { location: location_of(f, at), what, hint: hint.into() }
}

fn escapes(f: FunctionValue<'_>, at: InstructionValue<'_>, how: &str) -> Error {
    unsupported(
        f,
        at,
        format!("a pointer from __enzyme_todense (or a constant enzyme_dupnoneed pointer) is {how}"),
        "use such pointers only for loads, stores, address arithmetic and calls of functions defined in the module",
    )
}

fn mixed(f: FunctionValue<'_>, at: InstructionValue<'_>) -> Error {
    unsupported(
        f,
        at,
        "a pointer from __enzyme_todense (or a constant enzyme_dupnoneed pointer) is merged or compared with another pointer".into(),
        "keep each view in its own variable",
    )
}

fn bad_function(f: FunctionValue<'_>, at: InstructionValue<'_>, function: FunctionValue<'_>, what: &str) -> Error {
    unsupported(
        f,
        at,
        format!("the todense function '{}' {what}", ir::function_name(function)),
        "a load function is T load(int64_t offset, extra...), a store function void store(T value, int64_t offset, extra...)",
    )
}

/// Removes side-effect-free instructions whose results nothing needs (also dead cycles of phis).
fn remove_dead_code(f: FunctionValue<'_>) {
    let all: Vec<InstructionValue> = f.get_basic_block_iter().flat_map(|b| b.get_instructions()).collect();
    let mut live: HashSet<ValueId> = HashSet::new();
    let mut work: Vec<InstructionValue> = all.iter().copied().filter(|i| !removable(*i)).collect();
    for i in &work {
        live.insert(ValueId::of(*i));
    }
    while let Some(inst) = work.pop() {
        for k in 0..inst.get_num_operands() {
            let Some(op) = ir::operand(inst, k) else {
                continue;
            };
            if let Some(def) = ir::defining_instruction(op) {
                if live.insert(ValueId::of(def)) {
                    work.push(def);
                }
            }
        }
    }
    for inst in all {
        if !live.contains(&ValueId::of(inst)) {
            ir::replace_and_erase(inst, None);
        }
    }
}

fn removable(inst: InstructionValue<'_>) -> bool {
    use InstructionOpcode::*;
    match inst.get_opcode() {
        Load => !inst.get_volatile().unwrap_or(true) && inst.get_atomic_ordering().map_or(true, |o| o == inkwell::AtomicOrdering::NotAtomic),
        FAdd | FSub | FMul | FDiv | FRem | FNeg | Add | Sub | Mul | Shl | LShr | AShr | And | Or | Xor | GetElementPtr | BitCast | Trunc | ZExt | SExt
        | FPTrunc | FPExt | FPToSI | FPToUI | SIToFP | UIToFP | PtrToInt | IntToPtr | Phi | Select | ICmp | FCmp | ExtractValue | InsertValue
        | ExtractElement | InsertElement | ShuffleVector | Freeze => true,
        _ => false,
    }
}
