//! Type analysis: what each value holds (float of which width, integer, pointer) and, for pointers,
//! what the memory behind them holds at each byte offset. Opaque pointers carry no pointee type, so
//! the facts come from typed uses: loads, stores, float casts, GEP offsets and clang's TBAA tags,
//! propagated through the function until nothing changes.
//!
//! It matters where the IR's own types lie: clang copies doubles with `i64` loads and stores at -O2,
//! and those integers must carry derivatives exactly when the memory holds floats.
use crate::ir;
use crate::model::ValueId;
use inkwell::module::Module;
use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValue, BasicValueEnum, FunctionValue, InstructionOpcode, InstructionValue};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

mod layout;
use layout::{aggregate_offset, struct_layout_hints};

/// What a value (or a memory location) holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Base {
    Float(u32),
    Integer,
    Pointer,
}

impl fmt::Display for Base {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Base::Float(bits) => write!(f, "float{bits}"),
            Base::Integer => write!(f, "int"),
            Base::Pointer => write!(f, "ptr"),
        }
    }
}

/// The byte offsets type analysis tracks around a pointer.
const MIN_OFFSET: i64 = -4096;
const MAX_OFFSET: i64 = 65536;
/// Rounds of the type-analysis fixed point before giving up on more facts.
const MAX_ROUNDS: usize = 64;

/// The facts for one function.
#[derive(Debug, Default, Clone)]
pub struct TypeFacts {
    values: HashMap<ValueId, Base>,
    memory: HashMap<ValueId, BTreeMap<i64, Base>>,
    /// 32-bit integers of unknown content loaded from one half of an 8-byte slot whose other half
    /// is loaded the same way: two floats, or one double split in halves?
    slot_halves: HashSet<ValueId>,
}

impl TypeFacts {
    /// Whether `value` is a 32-bit integer of unknown content that may be half of a double (see
    /// `slot_halves`): its bits cannot be given a float type.
    pub fn is_slot_half(&self, value: BasicValueEnum<'_>) -> bool {
        self.slot_halves.contains(&ValueId::of(value))
    }

    /// What `value` holds, if known.
    pub fn base(&self, value: BasicValueEnum<'_>) -> Option<Base> {
        self.values.get(&ValueId::of(value)).copied().or_else(|| base_of_type(value.get_type()))
    }

    /// What is known of the memory from `start` to `end` bytes behind pointer `value` (`end`
    /// `None`: everything known at or after `start`).
    pub fn memory_in(&self, value: BasicValueEnum<'_>, start: i64, end: Option<i64>) -> Vec<Base> {
        let Some(map) = self.memory.get(&ValueId::of(value)) else { return Vec::new() };
        match end {
            Some(end) => map.range(start..end).map(|(_, b)| *b).collect(),
            None => map.range(start..).map(|(_, b)| *b).collect(),
        }
    }

    /// The known cells (offset, base) of the memory behind `value` in `[start, end)`.
    pub fn memory_cells(&self, value: BasicValueEnum<'_>, start: i64, end: i64) -> Vec<(i64, Base)> {
        let Some(map) = self.memory.get(&ValueId::of(value)) else { return Vec::new() };
        map.range(start..end).map(|(o, b)| (*o, *b)).collect()
    }

    /// What the memory `offset` bytes behind pointer `value` holds, if known.
    pub fn memory(&self, value: BasicValueEnum<'_>, offset: i64) -> Option<Base> {
        self.memory.get(&ValueId::of(value)).and_then(|m| m.get(&offset)).copied()
    }

    /// Whether `value` (of any IR type) may carry floating-point data.
    pub fn may_hold_float(&self, value: BasicValueEnum<'_>) -> bool {
        if ir::carries_float(value.get_type()) {
            return true;
        }
        match self.base(value) {
            Some(Base::Float(_)) => true,
            Some(_) => false,
            // An integer of float width (or a multiple: i128) whose content is unknown: it may hold float bits.
            None => matches!(value.get_type(), BasicTypeEnum::IntType(t) if t.get_bit_width() >= 32 && t.get_bit_width() % 32 == 0)
                || matches!(value.get_type(), BasicTypeEnum::VectorType(_) | BasicTypeEnum::ArrayType(_) | BasicTypeEnum::StructType(_)),
        }
    }

    /// Whether the memory behind `ptr` is known to hold no floats and no pointers.
    pub fn memory_is_integer(&self, ptr: BasicValueEnum<'_>) -> bool {
        self.memory.get(&ValueId::of(ptr)).is_some_and(|m| !m.is_empty() && m.values().all(|b| *b == Base::Integer))
    }

    fn set_value(&mut self, v: BasicValueEnum<'_>, b: Base) -> bool {
        if base_of_type(v.get_type()).is_some() || ir::is_constant(v) && !ir::is_global(v) {
            return false;
        }
        self.values.insert(ValueId::of(v), b) != Some(b)
    }

    fn set_memory(&mut self, ptr: BasicValueEnum<'_>, offset: i64, b: Base) -> bool {
        // A pointer advanced by a constant in a loop (`p = p + 1`) relates to itself at ever
        // larger offsets: facts are kept within a window, so the fixed point is reached.
        if !(MIN_OFFSET..=MAX_OFFSET).contains(&offset) {
            return false;
        }
        let map = self.memory.entry(ValueId::of(ptr)).or_default();
        match map.get(&offset) {
            Some(old) if *old == b => false,
            // A global's bytes (or a constant address into one) that hold a float somewhere are a
            // float's, even where -O2 also reads them as an integer (a copy split into integers):
            // which fact came first depends on the order of the instructions, and taking them for
            // an integer would drop their derivative silently.
            Some(Base::Integer) if matches!(b, Base::Float(_)) && ir::is_constant(ptr) => {
                map.insert(offset, b);
                true
            }
            // Conflicting facts: the first one wins (unions and type punning stay conservative).
            Some(_) => false,
            None => {
                map.insert(offset, b);
                true
            }
        }
    }

    /// Copies memory facts between pointers `from` and `to = from + shift`.
    fn relate(&mut self, from: BasicValueEnum<'_>, to: BasicValueEnum<'_>, shift: i64) -> bool {
        // Null (or undef) points to no memory: relating through it would make one hub of every
        // phi that may be null (each container's empty state) and merge unrelated buffers.
        if [from, to].iter().any(|v| ir::is_null_pointer(*v) || ir::is_zero_or_undef(*v)) {
            return false;
        }
        let mut changed = false;
        let forward: Vec<(i64, Base)> = self.memory.get(&ValueId::of(from)).map(|m| m.iter().map(|(o, b)| (*o - shift, *b)).collect()).unwrap_or_default();
        for (o, b) in forward {
            changed |= self.set_memory(to, o, b);
        }
        let backward: Vec<(i64, Base)> = self.memory.get(&ValueId::of(to)).map(|m| m.iter().map(|(o, b)| (*o + shift, *b)).collect()).unwrap_or_default();
        for (o, b) in backward {
            changed |= self.set_memory(from, o, b);
        }
        changed
    }
}

/// The base a type determines by itself (integers are decided by use).
fn base_of_type(ty: BasicTypeEnum<'_>) -> Option<Base> {
    match ty {
        BasicTypeEnum::FloatType(f) => Some(Base::Float(float_bits(f))),
        BasicTypeEnum::PointerType(_) => Some(Base::Pointer),
        BasicTypeEnum::VectorType(v) => base_of_type(v.get_element_type()),
        _ => None,
    }
}

fn float_bits(f: inkwell::types::FloatType<'_>) -> u32 {
    let s = f.print_to_string().to_string();
    match s.as_str() {
        "half" | "bfloat" => 16,
        "float" => 32,
        "double" => 64,
        "x86_fp80" => 80,
        _ => 128,
    }
}

fn tbaa_base(name: &str) -> Option<Base> {
    match name {
        "double" => Some(Base::Float(64)),
        "float" => Some(Base::Float(32)),
        "any pointer" => Some(Base::Pointer),
        n if n.starts_with("p1 ") || n.starts_with("p2 ") => Some(Base::Pointer),
        "int" | "long" | "long long" | "short" | "_Bool" | "bool" => Some(Base::Integer),
        _ => None,
    }
}

/// Byte offset of a GEP when all its indices are constants.
fn constant_gep_offset<'ctx>(module: &Module<'ctx>, gep: InstructionValue<'ctx>) -> Option<i64> {
    let indices: Vec<BasicValueEnum> = (1..gep.get_num_operands()).filter_map(|i| ir::operand(gep, i)).collect();
    gep_offset(module, ir::gep_source_type(gep)?, &indices)
}

/// The byte offset of a GEP with constant indices over `source`.
fn gep_offset<'ctx>(module: &Module<'ctx>, source: BasicTypeEnum<'ctx>, indices: &[BasicValueEnum<'ctx>]) -> Option<i64> {
    let mut ty = source;
    let first = ir::const_int(*indices.first()?)?;
    let mut offset = first * ir::store_size(module, ty) as i64;
    for index in &indices[1..] {
        let idx = ir::const_int(*index)?;
        match ty {
            BasicTypeEnum::StructType(s) => {
                let field = u32::try_from(idx).ok()?;
                offset += struct_field_offset(module, s, field)? as i64;
                ty = s.get_field_type_at_index(field)?;
            }
            BasicTypeEnum::ArrayType(a) => {
                ty = a.get_element_type();
                offset += idx * ir::store_size(module, ty) as i64;
            }
            BasicTypeEnum::VectorType(v) => {
                ty = v.get_element_type();
                offset += idx * ir::store_size(module, ty) as i64;
            }
            _ => return None,
        }
    }
    Some(offset)
}

fn struct_field_offset(module: &Module<'_>, s: inkwell::types::StructType<'_>, field: u32) -> Option<u64> {
    let mut offset = 0u64;
    for i in 0..=field {
        let fty = s.get_field_type_at_index(i)?;
        let size = ir::store_size(module, fty).max(1);
        let align = natural_align(module, fty);
        if !s.is_packed() {
            offset = offset.div_ceil(align) * align;
        }
        if i == field {
            return Some(offset);
        }
        offset += size;
    }
    None
}

fn natural_align(module: &Module<'_>, ty: BasicTypeEnum<'_>) -> u64 {
    match ty {
        BasicTypeEnum::StructType(s) => s.get_field_types().into_iter().map(|t| natural_align(module, t)).max().unwrap_or(1),
        BasicTypeEnum::ArrayType(a) => natural_align(module, a.get_element_type()),
        other => ir::store_size(module, other).clamp(1, 16).next_power_of_two(),
    }
}

/// How deep type analysis looks into callees for what their pointer arguments point to.
const CALLEE_DEPTH: usize = 2;

/// Runs type analysis on `function`.
pub fn analyze<'ctx>(module: &Module<'ctx>, function: FunctionValue<'ctx>) -> TypeFacts {
    analyze_within(module, function, &mut Vec::new())
}

/// `analyze`, inside the analyses of the callers in `outer` (which stop recursion).
fn analyze_within<'ctx>(module: &Module<'ctx>, function: FunctionValue<'ctx>, outer: &mut Vec<FunctionValue<'ctx>>) -> TypeFacts {
    let mut facts = TypeFacts::default();
    let insts: Vec<InstructionValue> = function.get_basic_block_iter().flat_map(|b| b.get_instructions()).collect();
    fixpoint(module, &mut facts, &insts);
    // What a defined callee reads and writes through its pointer parameters (a struct's pointer
    // member read only by the callee) is what the caller's arguments point to.
    if outer.len() < CALLEE_DEPTH {
        outer.push(function);
        if from_callees(module, &mut facts, &insts, outer) {
            fixpoint(module, &mut facts, &insts);
        }
        outer.pop();
    }
    // Weaker evidence last, only where nothing else is known: an address computed as an element
    // of a double (float) array points at one, even if this function reads it as integers only.
    if gep_element_hints(&mut facts, &insts) | struct_layout_hints(module, &mut facts, &insts) {
        fixpoint(module, &mut facts, &insts);
    }
    facts.slot_halves = slot_halves(module, &facts, &insts);
    facts
}

/// Facts about the memory behind each pointer argument of calls to defined functions, from the
/// callee's analysis of its parameter, where the caller knows nothing else.
fn from_callees<'ctx>(module: &Module<'ctx>, facts: &mut TypeFacts, insts: &[InstructionValue<'ctx>], outer: &mut Vec<FunctionValue<'ctx>>) -> bool {
    let mut changed = false;
    let mut analyzed: HashMap<FunctionValue<'ctx>, TypeFacts> = HashMap::new();
    for call in insts.iter().filter(|i| i.get_opcode() == InstructionOpcode::Call) {
        let Some(callee) = ir::called_function(*call).filter(|f| f.get_first_basic_block().is_some() && !outer.contains(f)) else { continue };
        let pointer_args: Vec<(u32, BasicValueEnum<'ctx>)> = (0..ir::call_arg_count(*call).min(callee.count_params())).filter_map(|i| ir::operand(*call, i).map(|a| (i, a))).filter(|(_, a)| a.get_type().is_pointer_type()).collect();
        if pointer_args.is_empty() {
            continue;
        }
        let callee_facts = analyzed.entry(callee).or_insert_with(|| analyze_within(module, callee, outer));
        for (i, arg) in pointer_args {
            let Some(param) = callee.get_nth_param(i) else { continue };
            let cells: Vec<(i64, Base)> = callee_facts.memory.get(&ValueId::of(param)).map(|m| m.iter().map(|(o, b)| (*o, *b)).collect()).unwrap_or_default();
            // Floats and pointers only: a callee reading bytes as integers (hashing, copying)
            // says nothing about what the caller keeps there.
            for (offset, base) in cells.into_iter().filter(|(_, b)| *b != Base::Integer) {
                changed |= facts.set_memory(arg, offset, base);
            }
        }
    }
    changed
}

/// Unknown 32-bit integer loads that read both halves of an 8-byte aligned slot (relative to the
/// same pointer, through constant offsets).
fn slot_halves<'ctx>(module: &Module<'ctx>, facts: &TypeFacts, insts: &[InstructionValue<'ctx>]) -> HashSet<ValueId> {
    let mut by_place: HashMap<(ValueId, i64), Vec<ValueId>> = HashMap::new();
    for inst in insts.iter().filter(|i| i.get_opcode() == InstructionOpcode::Load) {
        let (Some(ptr), Some(r)) = (ir::operand(*inst, 0), ir::result_of(*inst)) else { continue };
        if ir::integer_bits(r.get_type()) != Some(32) || facts.base(r).is_some() {
            continue;
        }
        let (root, offset) = root_and_offset(module, ptr);
        by_place.entry((ValueId::of(root), offset)).or_default().push(ValueId::of(r));
    }
    let mut halves = HashSet::new();
    for ((root, offset), values) in &by_place {
        let partner = if offset.rem_euclid(8) == 0 { offset + 4 } else { offset - 4 };
        if offset.rem_euclid(4) == 0 && by_place.contains_key(&(*root, partner)) {
            halves.extend(values.iter().copied());
        }
    }
    halves
}

/// `ptr` as a pointer it is a constant number of bytes away from, and that number.
fn root_and_offset<'ctx>(module: &Module<'ctx>, ptr: BasicValueEnum<'ctx>) -> (BasicValueEnum<'ctx>, i64) {
    let (mut ptr, mut offset) = (ptr, 0i64);
    while let Some(gep) = ptr.as_instruction_value().filter(|i| i.get_opcode() == InstructionOpcode::GetElementPtr) {
        let (Some(step), Some(base)) = (constant_gep_offset(module, gep), ir::operand(gep, 0)) else { break };
        offset += step;
        ptr = base;
    }
    (ptr, offset)
}

/// Facts only grow (within the offset window), so this converges; the round limit bounds the
/// cost on pathological code, leaving facts unknown rather than wrong.
fn fixpoint<'ctx>(module: &Module<'ctx>, facts: &mut TypeFacts, insts: &[InstructionValue<'ctx>]) {
    let links = constant_address_links(module, insts);
    for _ in 0..MAX_ROUNDS {
        let mut changed = false;
        for &inst in insts {
            changed |= step(module, facts, inst);
        }
        for (base, address, shift) in &links {
            changed |= facts.relate(*base, *address, *shift);
        }
        if !changed {
            break;
        }
    }
}

/// Constant addresses the instructions use (`getelementptr (i8, ptr @g, i64 24)`, as -O2 folds
/// them into loads and stores), each with its base and byte offset: what is known of `@g`'s memory
/// is known of theirs, and the other way round.
fn constant_address_links<'ctx>(module: &Module<'ctx>, insts: &[InstructionValue<'ctx>]) -> Vec<(BasicValueEnum<'ctx>, BasicValueEnum<'ctx>, i64)> {
    let mut links = Vec::new();
    let mut seen = HashSet::new();
    let mut work: Vec<BasicValueEnum> = insts.iter().flat_map(|i| (0..i.get_num_operands()).filter_map(|k| ir::operand(*i, k))).filter(|v| v.get_type().is_pointer_type() && ir::is_constant(*v)).collect();
    while let Some(address) = work.pop() {
        if !seen.insert(ValueId::of(address)) {
            continue;
        }
        let Some((base, source, indices)) = ir::constant_address_parts(address) else { continue };
        let shift = match source {
            Some(ty) => match gep_offset(module, ty, &indices) {
                Some(offset) => offset,
                None => continue,
            },
            None => 0,
        };
        links.push((base, address, shift));
        work.push(base);
    }
    links
}

/// `getelementptr double, ptr %p, i64 %k` (or into a `[N x double]`): the memory at the result
/// holds a double, where no other fact says what it holds.
fn gep_element_hints(facts: &mut TypeFacts, insts: &[InstructionValue<'_>]) -> bool {
    let mut changed = false;
    for inst in insts.iter().filter(|i| i.get_opcode() == InstructionOpcode::GetElementPtr) {
        let (Some(r), Some(source)) = (ir::result_of(*inst), ir::gep_source_type(*inst)) else { continue };
        let element = match source {
            BasicTypeEnum::ArrayType(a) if inst.get_num_operands() == 3 => a.get_element_type(),
            other => other,
        };
        if let (BasicTypeEnum::FloatType(f), None) = (element, facts.memory(r, 0)) {
            changed |= facts.set_memory(r, 0, Base::Float(float_bits(f)));
        }
    }
    changed
}

fn step<'ctx>(module: &Module<'ctx>, facts: &mut TypeFacts, inst: InstructionValue<'ctx>) -> bool {
    use InstructionOpcode::*;
    let mut changed = false;
    let result = ir::result_of(inst);
    let op = |i| ir::operand(inst, i);
    match inst.get_opcode() {
        Load => {
            let (Some(ptr), Some(r)) = (op(0), result) else { return false };
            // A pointer read back from a local variable written once (clang -O0 keeps every
            // pointer in one) is the pointer written there: the same memory.
            let written = ir::through_local_copies(r);
            if written != r && r.get_type().is_pointer_type() {
                changed |= facts.relate(written, r, 0);
            }
            if let Some(name) = ir::tbaa_access_type_name(inst) {
                if let Some(b) = tbaa_base(&name) {
                    changed |= facts.set_memory(ptr, 0, b);
                }
            }
            if let Some(b) = base_of_type(r.get_type()) {
                changed |= facts.set_memory(ptr, 0, b);
            } else if let Some(b) = facts.memory(ptr, 0) {
                changed |= facts.set_value(r, b);
            } else if let Some(b) = facts.values.get(&ValueId::of(r)).copied() {
                changed |= facts.set_memory(ptr, 0, b);
            }
        }
        Store => {
            let (Some(v), Some(ptr)) = (op(0), op(1)) else { return false };
            if let Some(name) = ir::tbaa_access_type_name(inst) {
                if let Some(b) = tbaa_base(&name) {
                    changed |= facts.set_memory(ptr, 0, b);
                }
            }
            if let Some(b) = facts.base(v) {
                changed |= facts.set_memory(ptr, 0, b);
            } else if let Some(b) = facts.memory(ptr, 0) {
                changed |= facts.set_value(v, b);
            }
        }
        GetElementPtr => {
            let (Some(base), Some(r)) = (op(0), result) else { return false };
            // Indices are integers.
            for i in 1..inst.get_num_operands() {
                if let Some(index) = op(i).filter(|v| !ir::is_constant(*v) && v.get_type().is_int_type()) {
                    if facts.base(index).is_none() {
                        changed |= facts.set_value(index, Base::Integer);
                    }
                }
            }
            // `p.next = p + k` feeding back into `p`'s phi walks an array of one layout: relate
            // the two without a shift, like a variable index, instead of at ever larger offsets.
            let loop_carried = base.as_instruction_value().filter(|b| b.get_opcode() == Phi).is_some_and(|phi| ir::phi_incoming(phi).iter().any(|(v, _)| *v == r));
            let shift = if loop_carried { 0 } else { constant_gep_offset(module, inst).unwrap_or(0) };
            changed |= facts.relate(base, r, shift);
        }
        BitCast | AddrSpaceCast | Freeze => {
            let (Some(src), Some(r)) = (op(0), result) else { return false };
            if let Some(b) = base_of_type(r.get_type()) {
                changed |= facts.set_value(src, b);
            } else if let Some(b) = facts.base(src) {
                changed |= facts.set_value(r, b);
            }
            if ir::is_pointer_like(r.get_type()) {
                changed |= facts.relate(src, r, 0);
            }
        }
        // A field of an aggregate loaded whole (`load { i64, i64 }`, a member function pointer)
        // is what the memory holds at the field's offset, and the other way round.
        ExtractValue => {
            let (Some(aggregate), Some(r)) = (op(0), result) else { return false };
            let Some(load) = aggregate.as_instruction_value().filter(|l| l.get_opcode() == Load) else { return false };
            let (Some(ptr), Some(offset)) = (ir::operand(load, 0), aggregate_offset(module, aggregate.get_type(), &ir::aggregate_indices(inst))) else { return false };
            if let Some(b) = facts.base(r) {
                changed |= facts.set_memory(ptr, offset, b);
            } else if let Some(b) = facts.memory(ptr, offset) {
                changed |= facts.set_value(r, b);
            }
        }
        PtrToInt => {
            if let Some(r) = result {
                changed |= facts.set_value(r, Base::Pointer);
            }
        }
        IntToPtr | SIToFP | UIToFP | Trunc | ZExt | SExt => {
            if let Some(src) = op(0) {
                // An integer turned into a pointer holds an address, not float bits.
                let base = if inst.get_opcode() == IntToPtr { Base::Pointer } else { Base::Integer };
                changed |= facts.set_value(src, base);
            }
        }
        Add | Sub | Mul | SDiv | UDiv | SRem | URem | Shl | LShr | AShr | ICmp => {
            for i in 0..inst.get_num_operands() {
                if let Some(v) = op(i) {
                    if !matches!(facts.base(v), Some(Base::Pointer)) {
                        changed |= facts.set_value(v, Base::Integer);
                    }
                }
            }
            if let Some(r) = result.filter(|_| inst.get_opcode() != ICmp) {
                changed |= facts.set_value(r, Base::Integer);
            }
        }
        Phi | Select => {
            let Some(r) = result else { return false };
            let first = if inst.get_opcode() == Select { 1 } else { 0 };
            let values: Vec<BasicValueEnum> = if inst.get_opcode() == Phi {
                ir::phi_incoming(inst).into_iter().map(|(v, _)| v).collect()
            } else {
                (first..3).filter_map(op).collect()
            };
            for v in &values {
                if let Some(b) = facts.values.get(&ValueId::of(*v)).copied() {
                    changed |= facts.set_value(r, b);
                }
                if ir::is_pointer_like(r.get_type()) {
                    changed |= facts.relate(*v, r, 0);
                }
            }
            if let Some(b) = facts.values.get(&ValueId::of(r)).copied() {
                for v in &values {
                    changed |= facts.set_value(*v, b);
                }
            }
        }
        Call => {
            // memcpy/memmove relate source and destination memory.
            if let Some(callee) = ir::called_function(inst) {
                let name = ir::function_name(callee);
                if name.starts_with("llvm.memcpy") || name.starts_with("llvm.memmove") {
                    if let (Some(d), Some(s)) = (op(0), op(1)) {
                        changed |= facts.relate(s, d, 0);
                        // clang's `!tbaa.struct` on a struct copy names each field's type.
                        for (offset, name) in ir::tbaa_struct_fields(inst) {
                            if let Some(b) = tbaa_base(&name) {
                                changed |= facts.set_memory(d, offset, b);
                                changed |= facts.set_memory(s, offset, b);
                            }
                        }
                    }
                }
            }
        }
        _ => {}
    }
    changed
}

/// `--print-types` output for one function.
pub fn print(function: FunctionValue<'_>, facts: &TypeFacts) -> String {
    super::print_per_value("types", function, |v| {
        let mut s = facts.base(v).map(|b| b.to_string()).unwrap_or_else(|| "?".into());
        if let Some(m) = facts.memory.get(&ValueId::of(v)).filter(|m| !m.is_empty()) {
            let cells: Vec<String> = m.iter().map(|(o, b)| format!("{o}:{b}")).collect();
            s.push_str(&format!(" -> [{}]", cells.join(", ")));
        }
        s
    })
}
