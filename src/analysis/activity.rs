//! Activity analysis: which values carry derivatives. A value is active when it may depend on an
//! active input ("varied") and may influence an active output ("useful"); both are fixed points over
//! values and memory. Pointers are "shadowed" when they point at memory that has a shadow.
//! Integers carry derivatives only when type analysis says they hold float bits.
use super::calls::{classify, CallKind};
use super::types::{Base, TypeFacts};
use crate::ir;
use crate::model::ValueId;
use crate::rules::structure::structure;
use crate::rules::MathTable;
use inkwell::values::{BasicValue, BasicValueEnum, FunctionValue, InstructionOpcode, InstructionValue};
use std::collections::{HashMap, HashSet};

/// What the caller says about the function's boundary.
#[derive(Debug, Clone)]
pub struct Boundary {
    /// Per argument: it carries a tangent / points at shadowed memory.
    pub arg_active: Vec<bool>,
    /// The return's derivative is wanted.
    pub ret_active: bool,
}

/// The facts for one function under one boundary.
#[derive(Debug, Default, Clone)]
pub struct ActivityFacts {
    varied: HashSet<ValueId>,
    useful: HashSet<ValueId>,
    /// Why a value is varied: the value it got it from (for `--print-activity`).
    origin: HashMap<ValueId, String>,
    /// Which callees may write through which pointer parameters.
    writes: super::writes::WriteSummaries,
}

impl ActivityFacts {
    /// The value needs a tangent (or, for a pointer, a shadow pointer).
    pub fn is_active(&self, v: BasicValueEnum<'_>) -> bool {
        let k = ValueId::of(v);
        self.is_varied(v) && (self.useful.contains(&k) || ir::contains_pointer(v.get_type()))
    }
    /// The value may carry a derivative (whether or not it is needed). A constant address into
    /// a global is varied when the global is (it has a shadow global), and always into a global
    /// whose shadow the user named (`!enzyme_shadow`: reading it alone carries a derivative).
    pub fn is_varied(&self, v: BasicValueEnum<'_>) -> bool {
        self.varied.contains(&ValueId::of(v))
            || (ir::is_constant(v) && ir::global_base(v).is_some_and(|g| self.varied.contains(&ValueId::of(g.as_pointer_value())) || super::globals::has_user_shadow(g)))
    }
    pub fn origin(&self, v: BasicValueEnum<'_>) -> Option<&str> {
        self.origin.get(&ValueId::of(v)).map(|s| s.as_str())
    }
}

/// The objects a pointer may be based on: allocas, arguments, globals, calls, loads.
pub fn underlying_objects<'ctx>(ptr: BasicValueEnum<'ctx>) -> Vec<BasicValueEnum<'ctx>> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut work = vec![ptr];
    while let Some(v) = work.pop() {
        if !seen.insert(ValueId::of(v)) {
            continue;
        }
        let v = ir::strip_casts(v);
        match v.as_instruction_value().map(|i| (i, i.get_opcode())) {
            Some((i, InstructionOpcode::GetElementPtr | InstructionOpcode::BitCast | InstructionOpcode::AddrSpaceCast)) => {
                work.extend(ir::operand(i, 0));
            }
            Some((i, InstructionOpcode::Phi)) => work.extend(ir::phi_incoming(i).into_iter().map(|(v, _)| v)),
            Some((i, InstructionOpcode::Select)) => work.extend([1, 2].into_iter().filter_map(|n| ir::operand(i, n))),
            // A constant address into a global (`getelementptr (@g, 0, 1)`) is based on the global.
            None if ir::is_constant(v) => out.push(ir::global_base(v).map(|g| g.as_pointer_value().into()).unwrap_or(v)),
            _ => out.push(v),
        }
    }
    out
}

/// Whether every use of the pointer `v` names a function to call: the argument of
/// `llad.function.key` (a dispatched indirect call), or a phi/select used only so.
fn only_called(v: BasicValueEnum<'_>) -> bool {
    fn walk(v: BasicValueEnum<'_>, seen: &mut HashSet<ValueId>) -> bool {
        if !seen.insert(ValueId::of(v)) {
            return true;
        }
        let Some(inst) = v.as_instruction_value() else { return false };
        let users = ir::users(inst);
        !users.is_empty()
            && users.into_iter().all(|u| match u.get_opcode() {
                InstructionOpcode::Call => ir::called_function(u).is_some_and(|f| ir::function_name(f) == "llad.function.key"),
                InstructionOpcode::Phi | InstructionOpcode::Select => ir::result_of(u).is_some_and(|r| walk(r, seen)),
                _ => false,
            })
    }
    v.get_type().is_pointer_type() && walk(v, &mut HashSet::new())
}

/// Whether the pointer `v` is null or computed from null only (`getelementptr (null, n)`: an
/// empty container's end): a pointer into nothing, its own shadow.
pub fn based_on_null(v: BasicValueEnum<'_>) -> bool {
    v.get_type().is_pointer_type() && underlying_objects(v).iter().all(|o| ir::is_null_pointer(*o))
}

/// Whether anything in `function` other than `writer` may read memory based on `objects`: loads,
/// memcpy sources, and calls that receive such a pointer.
pub fn reads_objects<'ctx>(function: FunctionValue<'ctx>, objects: &[BasicValueEnum<'ctx>], writer: InstructionValue<'ctx>, table: &MathTable) -> bool {
    // Through local slots, as the writer's objects are found (-O0 keeps every pointer in one).
    let stores = stores_of(function);
    // A pointer from memory or a call may point anywhere, the written objects included.
    let identified = |o: &BasicValueEnum<'ctx>| {
        ir::is_argument(*o) || ir::as_global_variable(*o).is_some() || o.as_instruction_value().is_some_and(|i| i.get_opcode() == InstructionOpcode::Alloca || super::objects::is_allocation_call(i))
    };
    let hits = |ptr: BasicValueEnum<'ctx>| pointer_sources_with(ptr, &stores).iter().any(|o| !identified(o) || objects.iter().any(|x| ValueId::of(*x) == ValueId::of(*o)));
    function.get_basic_block_iter().flat_map(|b| b.get_instructions()).any(|inst| {
        if inst == writer {
            return false;
        }
        match inst.get_opcode() {
            InstructionOpcode::Load => ir::operand(inst, 0).is_some_and(hits),
            InstructionOpcode::Call | InstructionOpcode::Invoke => match classify(inst, table) {
                CallKind::Inactive | CallKind::OpenMp(_) | CallKind::Free | CallKind::MemSet => false,
                CallKind::MemCopy => ir::operand(inst, 1).is_some_and(hits),
                _ => (0..ir::call_arg_count(inst)).filter_map(|i| ir::operand(inst, i)).filter(|a| ir::is_pointer_like(a.get_type())).any(hits),
            },
            _ => false,
        }
    })
}

pub fn analyze<'ctx>(function: FunctionValue<'ctx>, boundary: &Boundary, types: &TypeFacts, table: &MathTable) -> ActivityFacts {
    let mut facts = ActivityFacts::default();
    for (i, p) in function.get_param_iter().enumerate() {
        if boundary.arg_active.get(i).copied().unwrap_or(false) {
            facts.varied.insert(ValueId::of(p));
            facts.origin.insert(ValueId::of(p), format!("argument {i}"));
        }
    }
    let insts: Vec<InstructionValue> = function.get_basic_block_iter().flat_map(|b| b.get_instructions()).collect();
    let stores = stores_of(function);
    // A returned pointer the caller gives a shadow (it writes derivatives through it): the memory
    // it points to needs one here, even when it is fresh (an allocator wrapper returns malloc's).
    let returned_pointers: Vec<BasicValueEnum> = if boundary.ret_active {
        insts.iter().filter(|i| i.get_opcode() == InstructionOpcode::Return).filter_map(|i| ir::operand(*i, 0)).filter(|v| ir::contains_pointer(v.get_type())).collect()
    } else {
        Vec::new()
    };
    loop {
        let mut changed = false;
        for &inst in &insts {
            changed |= vary(&mut facts, inst, types, table, &stores);
        }
        for &p in &returned_pointers {
            changed |= mark_memory(&mut facts, p, "returned with a shadow", &stores, table);
        }
        if !changed {
            break;
        }
    }
    // Useful: backwards from what leaves the function (returns, shadow stores, calls). A value
    // stored into a local variable (an alloca only loaded and stored, as -O0 keeps every local) is
    // useful only once a load of that variable is (the variable itself, which gets a shadow, is).
    let mut work: Vec<BasicValueEnum> = Vec::new();
    let mut stored_in_local: HashMap<ValueId, Vec<BasicValueEnum>> = HashMap::new();
    let is_local = |p: BasicValueEnum| p.as_instruction_value().is_some_and(|a| a.get_opcode() == InstructionOpcode::Alloca && !escapes(a));
    for &inst in &insts {
        let op = |i| ir::operand(inst, i);
        match inst.get_opcode() {
            InstructionOpcode::Return if boundary.ret_active => work.extend(op(0)),
            InstructionOpcode::Store => {
                if op(1).is_some_and(|p| facts.is_varied(p)) {
                    match (op(0), op(1)) {
                        (Some(v), Some(p)) if is_local(p) => {
                            stored_in_local.entry(ValueId::of(p)).or_default().push(v);
                            work.push(p);
                        }
                        _ => {
                            work.extend(op(0));
                            work.extend(op(1));
                        }
                    }
                }
            }
            // (like a store: the value combined into shadowed memory)
            InstructionOpcode::AtomicRMW if op(0).is_some_and(|p| facts.is_varied(p)) => {
                work.extend(op(1));
                work.extend(op(0));
            }
            InstructionOpcode::Call | InstructionOpcode::Invoke => {
                if !matches!(classify(inst, table), CallKind::Inactive) {
                    let n = ir::call_arg_count(inst);
                    let has_varied = (0..n).filter_map(op).any(|a| facts.is_varied(a));
                    if has_varied {
                        work.extend((0..n).filter_map(op));
                    }
                }
            }
            _ => {}
        }
    }
    while let Some(v) = work.pop() {
        if !facts.useful.insert(ValueId::of(v)) {
            continue;
        }
        if let Some(inst) = v.as_instruction_value() {
            if inst.get_opcode() == InstructionOpcode::Phi {
                work.extend(ir::phi_incoming(inst).into_iter().map(|(v, _)| v));
            } else if inst.get_opcode() == InstructionOpcode::Load {
                let slot = ir::operand(inst, 0);
                if let Some(values) = slot.and_then(|s| stored_in_local.remove(&ValueId::of(s))) {
                    work.extend(values);
                }
                work.extend(slot);
            } else {
                work.extend((0..inst.get_num_operands()).filter_map(|i| ir::operand(inst, i)));
            }
        }
    }
    facts
}

fn mark(facts: &mut ActivityFacts, v: BasicValueEnum<'_>, from: String) -> bool {
    if ir::is_constant(v) && !ir::is_global(v) {
        return false;
    }
    if facts.varied.insert(ValueId::of(v)) {
        facts.origin.insert(ValueId::of(v), from);
        true
    } else {
        false
    }
}

/// Where the memory behind a pointer was allocated, as far as freeing its shadow is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Every source is an allocation call of this function (or null): llad allocated the shadow.
    Allocated,
    /// No source is: the shadow belongs to the caller.
    Caller,
    /// Some of each.
    Mixed,
}

/// Whether an alloca's address is used other than as the address of loads and stores.
fn escapes(alloca: InstructionValue<'_>) -> bool {
    ir::users(alloca).into_iter().any(|u| match u.get_opcode() {
        InstructionOpcode::Load => false,
        InstructionOpcode::Store => ir::operand(u, 0).is_some_and(|v| ValueId::of(v) == ValueId::of(alloca)),
        InstructionOpcode::Call => !ir::called_function(u).is_some_and(|f| ir::function_name(f).starts_with("llvm.lifetime")),
        _ => true,
    })
}

/// Every (stored value, address) pair of the function's stores.
fn stores_of<'ctx>(function: FunctionValue<'ctx>) -> Vec<(BasicValueEnum<'ctx>, BasicValueEnum<'ctx>)> {
    function
        .get_basic_block_iter()
        .flat_map(|b| b.get_instructions())
        .filter(|i| i.get_opcode() == InstructionOpcode::Store)
        .filter_map(|i| Some((ir::operand(i, 0)?, ir::operand(i, 1)?)))
        .collect()
}

/// The values the stores write into the memory `slot` points into.
fn stored_into<'a, 'ctx>(slot: BasicValueEnum<'ctx>, stores: &'a [(BasicValueEnum<'ctx>, BasicValueEnum<'ctx>)]) -> impl Iterator<Item = BasicValueEnum<'ctx>> + 'a {
    let slot_objects: HashSet<ValueId> = underlying_objects(slot).into_iter().map(ValueId::of).collect();
    stores.iter().filter(move |(_, target)| underlying_objects(*target).into_iter().any(|o| slot_objects.contains(&ValueId::of(o)))).map(|(value, _)| *value)
}

/// The sources of a pointer, looking through local slots (a variable at -O0 holding it).
pub fn pointer_sources<'ctx>(function: FunctionValue<'ctx>, ptr: BasicValueEnum<'ctx>) -> Vec<BasicValueEnum<'ctx>> {
    pointer_sources_with(ptr, &stores_of(function))
}

/// [`pointer_sources`] given the function's stores (`stores_of`), for callers asking many times.
fn pointer_sources_with<'ctx>(ptr: BasicValueEnum<'ctx>, stores: &[(BasicValueEnum<'ctx>, BasicValueEnum<'ctx>)]) -> Vec<BasicValueEnum<'ctx>> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut work = vec![ptr];
    while let Some(p) = work.pop() {
        if !seen.insert(ValueId::of(p)) {
            continue;
        }
        for object in underlying_objects(p) {
            let slot = object.as_instruction_value().filter(|i| i.get_opcode() == InstructionOpcode::Load).and_then(|l| ir::operand(l, 0));
            // Only a slot whose address never escapes: every write to it is one of the stores.
            let local_slot = slot.filter(|s| {
                let objects = underlying_objects(*s);
                objects.iter().all(|o| o.as_instruction_value().is_some_and(|i| i.get_opcode() == InstructionOpcode::Alloca && !escapes(i)))
            });
            match local_slot {
                Some(slot) => work.extend(stored_into(slot, stores)),
                None => out.push(object),
            }
        }
    }
    out
}

pub fn origin<'ctx>(function: FunctionValue<'ctx>, ptr: BasicValueEnum<'ctx>, table: &MathTable) -> Origin {
    let sources = pointer_sources(function, ptr);
    let allocated = |v: &BasicValueEnum<'ctx>| {
        ir::is_null_pointer(*v) || v.as_instruction_value().is_some_and(|i| i.get_opcode() == InstructionOpcode::Call && matches!(classify(i, table), CallKind::Alloc(_)))
    };
    match (sources.iter().all(allocated), sources.iter().any(allocated)) {
        (true, _) => Origin::Allocated,
        (false, false) => Origin::Caller,
        _ => Origin::Mixed,
    }
}

/// Marks the memory objects behind `ptr` as shadowed (they receive derivative data). A pointer
/// loaded from a slot (e.g. a local variable at -O0) leads to the slot and to every pointer
/// stored into it.
fn mark_memory<'ctx>(facts: &mut ActivityFacts, ptr: BasicValueEnum<'ctx>, from: &str, stores: &[(BasicValueEnum<'ctx>, BasicValueEnum<'ctx>)], table: &MathTable) -> bool {
    let mut changed = false;
    let mut seen = HashSet::new();
    let mut work = vec![ptr];
    while let Some(p) = work.pop() {
        if !seen.insert(ValueId::of(p)) {
            continue;
        }
        for object in underlying_objects(p) {
            // A mutable global defined here that receives derivative data gets a shadow global.
            if let Some(g) = ir::as_global_variable(object) {
                let named_shadow = ir::meta::variable_metadata(g, "enzyme_shadow").is_some();
                let shadowable = !g.is_constant() && (g.get_initializer().is_some() || named_shadow) && ir::meta::variable_metadata(g, "llad.inactive").is_none();
                if shadowable {
                    changed |= mark(facts, object, from.to_string());
                }
                continue;
            }
            let Some(inst) = object.as_instruction_value() else { continue };
            match inst.get_opcode() {
                InstructionOpcode::Alloca => changed |= mark(facts, object, from.to_string()),
                InstructionOpcode::Call => {
                    changed |= mark(facts, object, from.to_string());
                    // A pointer returned by a function (not an allocator) may point into memory
                    // its pointer arguments reach (`vector::operator[]`): that memory needs a
                    // shadow too, so the callee's derivative can return the result's shadow.
                    if !matches!(classify(inst, table), CallKind::Alloc(_)) {
                        work.extend((0..ir::call_arg_count(inst)).filter_map(|i| ir::operand(inst, i)).filter(|a| ir::contains_pointer(a.get_type())));
                    }
                }
                InstructionOpcode::Load => {
                    let Some(slot) = ir::operand(inst, 0) else { continue };
                    let stored: Vec<BasicValueEnum> = stored_into(slot, stores).filter(|v| ir::contains_pointer(v.get_type())).collect();
                    // The slot needs a shadow (holding shadow pointers) only when a pointer with a
                    // shadow is stored in it; a constant argument kept in a slot (at -O0) stays
                    // constant, and writing derivatives through it is caught as such. The fixpoint
                    // comes back here once a stored pointer gets its shadow.
                    // Fresh memory a callee fills with pointers (a container of containers built by
                    // a library function: `__do_uninit_fill_n`) holds what that callee stores, which
                    // this function does not see: give it a shadow, and the callee the shadow to
                    // fill (its fresh pointers stored into shadowed memory get shadows).
                    // (What this function itself stores there may be null or pointers into the
                    // same storage: a vector's end moved by an inlined `resize`.)
                    let filled_by_callee = stored.iter().all(|v| ir::is_zero_or_undef(*v) || points_into_own_storage(*v, slot)) && local_storage(slot, stores, table, MAX_STORAGE_DEPTH);
                    if filled_by_callee || stored.iter().any(|v| facts.is_varied(*v)) {
                        work.push(slot);
                    }
                    work.extend(stored);
                }
                _ => {}
            }
        }
    }
    changed
}

/// How many loads and pointer-returning calls `local_storage` looks through.
const MAX_STORAGE_DEPTH: u32 = 3;

/// Whether `value` points into the storage `slot` itself points to (loaded from the same slot).
fn points_into_own_storage(value: BasicValueEnum<'_>, slot: BasicValueEnum<'_>) -> bool {
    let slot_objects: HashSet<ValueId> = underlying_objects(slot).into_iter().map(ValueId::of).collect();
    let objects = underlying_objects(value);
    !objects.is_empty()
        && objects.iter().all(|o| {
            o.as_instruction_value().is_some_and(|load| {
                load.get_opcode() == InstructionOpcode::Load && ir::operand(load, 0).is_some_and(|from| underlying_objects(from).iter().all(|x| slot_objects.contains(&ValueId::of(*x))))
            })
        })
}

/// Whether the memory `slot` points into is this function's own storage, so a shadow for it can
/// always be made: allocated here (heap or stack), or reached from such storage through a callee
/// that returns a pointer into its argument (`vector::operator[]` at -O0) or through a pointer
/// only a callee stores there (a local `std::vector` whose `resize` allocates its elements).
fn local_storage<'ctx>(slot: BasicValueEnum<'ctx>, stores: &[(BasicValueEnum<'ctx>, BasicValueEnum<'ctx>)], table: &MathTable, depth: u32) -> bool {
    let objects: Vec<_> = underlying_objects(slot).into_iter().filter(|o| !ir::is_null_pointer(*o)).collect();
    !objects.is_empty()
        && objects.iter().all(|o| {
            let Some(inst) = o.as_instruction_value() else { return false };
            match inst.get_opcode() {
                InstructionOpcode::Alloca => true,
                InstructionOpcode::Call | InstructionOpcode::Invoke => match classify(inst, table) {
                    CallKind::Alloc(_) => true,
                    CallKind::Defined(_) if depth > 0 => {
                        let pointers: Vec<_> = (0..ir::call_arg_count(inst)).filter_map(|i| ir::operand(inst, i)).filter(|a| a.get_type().is_pointer_type()).collect();
                        !pointers.is_empty() && pointers.iter().all(|a| local_storage(*a, stores, table, depth - 1))
                    }
                    _ => false,
                },
                InstructionOpcode::Load if depth > 0 => ir::operand(inst, 0).is_some_and(|from| {
                    let stored_here_is_local = stored_into(from, stores)
                        .filter(|v| ir::contains_pointer(v.get_type()))
                        .all(|v| ir::is_zero_or_undef(v) || points_into_own_storage(v, from) || (v.get_type().is_pointer_type() && local_storage(v, stores, table, depth - 1)));
                    stored_here_is_local && local_storage(from, stores, table, depth - 1)
                }),
                _ => false,
            }
        })
}

fn vary<'ctx>(facts: &mut ActivityFacts, inst: InstructionValue<'ctx>, types: &TypeFacts, table: &MathTable, stores: &[(BasicValueEnum<'ctx>, BasicValueEnum<'ctx>)]) -> bool {
    use InstructionOpcode::*;
    let result = ir::result_of(inst);
    let op = |i| ir::operand(inst, i);
    let is_varied = |facts: &ActivityFacts, v: Option<BasicValueEnum>| v.is_some_and(|v| facts.is_varied(v));
    let text = || ir::instruction_text(inst);
    let any_operand = |facts: &ActivityFacts, range: std::ops::Range<u32>| range.into_iter().find(|i| is_varied(facts, op(*i)));
    let mut changed = false;
    match inst.get_opcode() {
        // Float arithmetic (rules/instructions.rules): derivatives flow from every operand.
        opcode if table.for_opcode(opcode).is_some() => {
            if let (Some(r), Some(_)) = (result, any_operand(facts, 0..inst.get_num_operands())) {
                changed |= mark(facts, r, text());
            }
        }
        // Structural instructions (rules/structure.rs): only from the operands they are linear in.
        opcode if opcode != Load && structure(opcode).is_some() => {
            let linear = structure(opcode).expect("checked").linear;
            // An integer taken out of an aggregate that type analysis knows holds no float (a
            // member function pointer's address, a size) carries nothing, as such a load does not.
            let integer_only = opcode == ExtractValue && result.is_some_and(|r| !ir::carries_float(r.get_type()) && !ir::contains_pointer(r.get_type()) && !types.may_hold_float(r));
            if let (Some(r), true, false) = (result, linear.iter().any(|i| is_varied(facts, op(*i))), integer_only) {
                changed |= mark(facts, r, text());
            }
        }
        // A function pointer only ever called (through llad's dispatch, `dispatch.rs`) needs no
        // shadow: the derivative follows the primal pointer.
        Phi | Select | Load if result.is_some_and(only_called) => {}
        Phi => {
            if let Some(r) = result {
                if ir::phi_incoming(inst).into_iter().any(|(v, _)| facts.is_varied(v)) {
                    changed |= mark(facts, r, text());
                }
            }
        }
        Load => {
            if let (Some(r), true) = (result, is_varied(facts, op(0))) {
                let integer_only = !ir::carries_float(r.get_type()) && !ir::contains_pointer(r.get_type()) && !types.may_hold_float(r);
                if !integer_only {
                    changed |= mark(facts, r, text());
                }
            }
        }
        Store => {
            if is_varied(facts, op(0)) {
                if let Some(p) = op(1) {
                    changed |= mark_memory(facts, p, &text(), stores, table);
                }
            } else if let (Some(v), true) = (op(0), is_varied(facts, op(1))) {
                // A pointer stored into shadowed memory needs a shadow beside it: fresh memory (a
                // container's `resize` storing its new buffer), an iterator a call returned, a
                // pointer read from a local variable. Its memory may receive derivatives through
                // that slot later, in the caller. (Constant arguments stay constant: mixing them in
                // is an error where the store is differentiated.)
                if v.get_type().is_pointer_type() {
                    changed |= mark_memory(facts, v, &text(), stores, table);
                }
            }
        }
        // An atomic update combines its value into memory (an OpenMP reduction's atomic path).
        AtomicRMW => {
            if is_varied(facts, op(1)) {
                if let Some(p) = op(0) {
                    changed |= mark_memory(facts, p, &text(), stores, table);
                }
            }
            if let (Some(r), true) = (result, is_varied(facts, op(0))) {
                if ir::carries_float(r.get_type()) {
                    changed |= mark(facts, r, text());
                }
            }
        }
        Call | Invoke => {
            let varied: Vec<bool> = (0..ir::call_arg_count(inst)).map(|i| is_varied(facts, op(i))).collect();
            let kind = classify(inst, table);
            let flow = kind.flow(inst, &varied);
            if let (Some(r), true) = (result, flow.result) {
                changed |= mark(facts, r, text());
            }
            // Memory a defined callee only reads keeps its own activity (a constant table stays
            // constant); memory it may write receives derivative data.
            let written: Vec<u32> = match kind {
                CallKind::Defined(callee) => flow.memory_of.into_iter().filter(|i| facts.writes.may_write_through(callee, *i, table) || facts.writes.may_return_through(callee, *i)).collect(),
                // (fork argument i is the outlined function's parameter i - 1, after &gtid, &btid)
                CallKind::ParallelRegion(outlined) => flow.memory_of.into_iter().filter(|i| *i >= crate::analysis::calls::OPENMP_FORK_ARGS && facts.writes.may_write_through(outlined, *i - 1, table)).collect(),
                _ => flow.memory_of,
            };
            for i in written {
                changed |= mark_memory(facts, op(i).expect("pointer argument"), &text(), stores, table);
            }
        }
        _ => {
            // Integer arithmetic, comparisons and int<->float conversions have zero derivative.
            let _ = Base::Integer;
        }
    }
    // Pointers derived from shadowed objects (allocas marked above) are shadowed too: GEPs/casts
    // are handled by the first arm on the next iteration.
    changed
}

/// `--print-activity` output for one function.
pub fn print(function: FunctionValue<'_>, facts: &ActivityFacts) -> String {
    super::print_per_value("activity", function, |v| {
        if facts.is_active(v) {
            match facts.origin(v) {
                Some(from) if from.starts_with("argument") => format!("active ({from})"),
                _ => "active".to_string(),
            }
        } else if facts.is_varied(v) {
            "inactive (varied, not needed)".into()
        } else {
            "inactive".into()
        }
    })
}
