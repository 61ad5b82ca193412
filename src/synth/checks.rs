//! Conditions under which llad refuses to differentiate, shared by every mode: each would
//! otherwise lose a derivative silently.
use crate::analysis::activity::{self, ActivityFacts};
use crate::analysis::calls::CallKind;
use crate::analysis::types::{Base, TypeFacts};
use crate::diag::{Error, Result};
use crate::ir;
use crate::model::location_of;
use crate::rules::MathTable;
use inkwell::values::{BasicValue, BasicValueEnum, FunctionValue, InstructionOpcode, InstructionValue};

pub struct Checks<'a, 'ctx> {
    pub function: FunctionValue<'ctx>,
    pub act: &'a ActivityFacts,
    pub types: &'a TypeFacts,
    pub table: &'a MathTable,
    /// The function is the target of a request (not called from differentiated code).
    pub top_level: bool,
}

impl<'a, 'ctx> Checks<'a, 'ctx> {
    pub fn error(&self, inst: InstructionValue<'ctx>, what: impl Into<String>, hint: impl Into<String>) -> Error {
        Error::Unsupported { location: location_of(self.function, inst), what: what.into(), hint: hint.into() }
    }

    /// Active data written into memory without a shadow loses its derivative. That is only harmless
    /// when the memory is a constant argument of the request itself and nothing differentiated
    /// reads it back; anything else is an error rather than a silently zero derivative.
    pub fn check_write_to_constant_memory(&self, inst: InstructionValue<'ctx>, ptr: BasicValueEnum<'ctx>) -> Result<()> {
        // Through local slots: at -O0 an argument is reached through the variable holding it.
        let objects = activity::pointer_sources(self.function, ptr);
        // Globals marked inactive drop derivatives by the user's choice.
        let inactive_global = |o: &BasicValueEnum<'ctx>| ir::as_global_variable(*o).is_some_and(|g| ir::meta::variable_metadata(g, "llad.inactive").is_some());
        if objects.iter().all(inactive_global) {
            return Ok(());
        }
        let harmless = self.top_level
            && objects.iter().all(|o| ir::is_argument(*o))
            && !activity::reads_objects(self.function, &objects, inst, self.table);
        if harmless {
            return Ok(());
        }
        // Memory an OpenMP or MPI runtime call handed out (a task's captured variables, an MPI buffer).
        // (also one pointer away: the shareds of an OpenMP task are reached through its descriptor)
        let mut origins = objects.clone();
        for o in &objects {
            if let Some(load) = o.as_instruction_value().filter(|i| i.get_opcode() == InstructionOpcode::Load) {
                origins.extend(ir::operand(load, 0).map(|from| activity::pointer_sources(self.function, from)).unwrap_or_default());
            }
        }
        let from_runtime = origins.iter().filter_map(|o| o.as_instruction_value()).filter_map(ir::called_function).map(ir::function_name).find_map(|name| parallel_construct(&name).map(|(runtime, construct)| (runtime, construct, name)));
        if let Some((runtime, construct, name)) = from_runtime {
            return Err(self.error(inst, format!("{runtime} {construct} ('{name}') on active data is not supported by llad yet: an active value is written into memory it allocated"), "supported in forward and reverse mode: parallel, for (any schedule), firstprivate/private/shared, reduction(+), atomic update, critical, barrier, single, master"));
        }
        Err(self.error(
            inst,
            "an active value is written into memory that has no shadow (a constant argument, a global, or memory llad cannot track) and may be read back",
            "pass that memory with enzyme_dup (or enzyme_dupnoneed) so its derivative has somewhere to go",
        ))
    }

    /// A call llad cannot look into (an external function without rule, or through a pointer)
    /// is fine only when no derivative has to pass through it.
    pub fn check_opaque_call(&self, inst: InstructionValue<'ctx>, kind: &CallKind<'ctx>, args: &[BasicValueEnum<'ctx>], any_varied: bool, result_active: bool) -> Result<()> {
        match kind {
            // A function of scalars that returns no float (lround, isnan, ...) has no derivative to lose.
            CallKind::Unknown(_) if !result_active && args.iter().all(|a| !ir::contains_pointer(a.get_type())) => Ok(()),
            CallKind::Unknown(name) if !any_varied && result_active => Err(self.error(
                inst,
                format!("the result of external function '{name}' would need a shadow (active data is stored into it), and llad does not know what it returns"),
                "if it allocates memory, register it like malloc; otherwise provide its body or a custom rule",
            )),
            CallKind::Unknown(name) if (any_varied || result_active) && parallel_construct(name).is_some() => {
                let (runtime, construct) = parallel_construct(name).expect("checked");
                Err(self.error(
                    inst,
                    format!("{runtime} {construct} ('{name}') on active data is not supported by llad yet"),
                    if runtime == "MPI" { "keep the communication outside the differentiated function, or give the function that wraps it a custom rule" } else { "supported in forward and reverse mode: parallel, for (any schedule), firstprivate/private/shared, reduction(+), atomic update, critical, barrier, single, master" },
                ))
            }
            CallKind::Unknown(name) if (any_varied || result_active) && is_complex_division(name) => Err(self.error(
                inst,
                format!("complex division (`/` on _Complex or std::complex values, which clang turns into a call of the C runtime's '{name}') is not differentiated by llad yet: the runtime's scaled algorithm is out of reach, and a substitute would change the primal's values"),
                "divide with real arithmetic, (a + bi) / (c + di) = ((ac + bd) + (bc - ad) i) / (c^2 + d^2), or multiply by a reciprocal computed that way (complex multiplication is supported)",
            )),
            CallKind::Unknown(name) if any_varied || result_active => Err(self.error(
                inst,
                format!("call to external function '{name}' with active arguments, and llad has no derivative for it"),
                "provide its body in this module, give it a custom rule, or mark it inactive",
            )),
            CallKind::Indirect if any_varied || result_active => {
                Err(self.error(
                    inst,
                    "indirect call (through a function pointer) with active arguments, and no function of its type has its address taken in this module",
                    "define the functions it may call in this module (llad differentiates each one whose address the module takes), or call the function directly",
                ))
            }
            _ => Ok(()),
        }
    }

    /// An integer loaded from memory that holds floats, and used as a true integer (shifted,
    /// truncated: type analysis calls it `int`), would carry those floats' derivatives away.
    fn check_float_bytes_loaded_as_integer(&self, inst: InstructionValue<'ctx>) -> Result<()> {
        let (Some(ptr), Some(r)) = (ir::operand(inst, 0), ir::result_of(inst)) else { return Ok(()) };
        let Some(bits) = ir::integer_bits(r.get_type()) else { return Ok(()) };
        if !self.act.is_varied(ptr) || self.types.base(r) != Some(Base::Integer) {
            return Ok(());
        }
        let float_at = (0..i64::from(bits / 8)).find_map(|o| match self.types.memory(ptr, o) {
            Some(b @ Base::Float(_)) => Some((o, b)),
            _ => None,
        });
        match float_at {
            Some((offset, base)) => Err(self.error(
                inst,
                format!("the {} loaded here takes the bytes of a {base} (at offset {offset}) that carries a derivative, and is then used as an integer (shifted, truncated, ...); llad cannot follow a derivative through integer operations", r.get_type().print_to_string().to_string()),
                "copy floating-point data with its own type (a double load/store or memcpy); at -O2 this can come from the optimizer splitting a copy, where -O1 or a noinline helper avoids it",
            )),
            None => Ok(()),
        }
    }

    /// `check_handled` for every instruction of the function, terminators (`invoke`) included,
    /// before reverse mode builds on it.
    pub fn check_every_instruction(&self) -> Result<()> {
        self.function.get_basic_block_iter().flat_map(|b| b.get_instructions()).try_for_each(|inst| self.check_handled_in(inst, false))
    }

    /// Forward mode: as `check_every_instruction`.
    pub fn check_every_instruction_forward(&self) -> Result<()> {
        self.function.get_basic_block_iter().flat_map(|b| b.get_instructions()).try_for_each(|inst| self.check_handled_in(inst, true))
    }

    /// Whether `inst` is an atomic update llad differentiates: one linear in its value (`fadd`,
    /// `fsub`; in forward mode `xchg` too) on memory with a shadow, whose old value carries
    /// nothing (an OpenMP reduction's atomic path, `#pragma omp atomic`).
    pub fn differentiated_atomic(&self, inst: InstructionValue<'ctx>, forward: bool) -> bool {
        let linear = if forward { ir::atomic_rmw_is_linear(inst) } else { ir::atomic_rmw_is_additive(inst) };
        linear && ir::operand(inst, 0).is_some_and(|p| self.act.is_varied(p)) && !ir::result_of(inst).is_some_and(|r| self.act.is_active(r))
    }

    /// `check_handled`, except for the atomic updates the mode differentiates.
    pub fn check_handled_in(&self, inst: InstructionValue<'ctx>, forward: bool) -> Result<()> {
        if self.differentiated_atomic(inst, forward) {
            return Ok(());
        }
        self.check_handled(inst)
    }

    pub fn check_handled(&self, inst: InstructionValue<'ctx>) -> Result<()> {
        use InstructionOpcode::*;
        if !matches!(inst.get_opcode(), AtomicRMW | AtomicCmpXchg | Invoke | VAArg | CallBr | LandingPad | Resume | CatchPad | CleanupPad) {
            return Ok(());
        }
        let touches_active = (0..inst.get_num_operands()).filter_map(|i| ir::operand(inst, i)).any(|v| self.act.is_varied(v));
        if touches_active && inst.get_opcode() == AtomicRMW {
            return Err(self.error(
                inst,
                "an atomic update of active data other than an addition or subtraction whose old value is unused (as OpenMP's atomic capture, read or write, or an atomic min/max)",
                "llad differentiates `#pragma omp atomic` updates (x += v, x -= v) and reduction(+); use one, or a critical section",
            ));
        }
        if touches_active {
            let hint = if matches!(inst.get_opcode(), Invoke | LandingPad | Resume | CleanupPad | CatchPad) {
                "a call that may throw a C++ exception: compile the differentiated code with -fno-exceptions, or at -O1 and up (where clang turns most invokes into calls)"
            } else {
                "keep atomics and varargs out of differentiated code, or give the function a custom rule"
            };
            return Err(self.error(inst, format!("no derivative rule for the '{:?}' instruction on active data", inst.get_opcode()), hint));
        }
        Ok(())
    }

    /// An integer operation whose result holds a float (it is bitcast to one) but whose operand
    /// type analysis took for a true integer: the optimizer split a copy of floats into integer
    /// shifts and truncations (`lshr i128 %v, 64` + `trunc` + `bitcast` to double), and the
    /// derivative carried by those bits would be lost on the way.
    fn check_float_extracted_from_integer(&self, inst: InstructionValue<'ctx>) -> Result<()> {
        let Some(r) = ir::result_of(inst) else { return Ok(()) };
        if !matches!(self.types.base(r), Some(Base::Float(_))) {
            return Ok(());
        }
        for i in 0..inst.get_num_operands() {
            let Some(v) = ir::operand(inst, i) else { continue };
            if ir::is_constant(v) || matches!(self.types.base(v), Some(Base::Float(_))) || !self.bits_from_varied_memory(v, 8) {
                continue;
            }
            return Err(self.error(
                inst,
                format!("a floating-point value is taken out of the bits of the integer `{}` by integer operations; llad cannot follow a derivative through them", ir::value_text(v).trim()),
                "copy floating-point data with its own type (a double load/store or memcpy); at -O2 this can come from the optimizer splitting a copy, where -O1 or a noinline helper avoids it",
            ));
        }
        Ok(())
    }

    /// Whether integer `v` is varied, or computed by integer operations from a load of memory that
    /// carries derivatives (activity calls such a load inactive when type analysis took it for
    /// a true integer).
    fn bits_from_varied_memory(&self, v: BasicValueEnum<'ctx>, depth: u32) -> bool {
        use InstructionOpcode::*;
        if self.act.is_varied(v) {
            return true;
        }
        let Some(inst) = v.as_instruction_value().filter(|_| depth > 0) else { return false };
        match inst.get_opcode() {
            Load => ir::operand(inst, 0).is_some_and(|p| self.act.is_varied(p)),
            And | Or | Xor | Shl | LShr | AShr | Trunc | ZExt | SExt | BitCast | Freeze => {
                (0..inst.get_num_operands()).filter_map(|i| ir::operand(inst, i)).any(|o| self.bits_from_varied_memory(o, depth - 1))
            }
            _ => false,
        }
    }

    /// Integer arithmetic on bits that hold a float (or a shadowed pointer) would lose the
    /// derivative silently.
    pub fn check_integer_bits(&self, inst: InstructionValue<'ctx>) -> Result<()> {
        use InstructionOpcode::*;
        if inst.get_opcode() == Load {
            return self.check_float_bytes_loaded_as_integer(inst);
        }
        if !matches!(inst.get_opcode(), And | Or | Xor | Add | Sub | Mul | Shl | LShr | AShr | Trunc | ZExt | SExt) {
            return Ok(());
        }
        self.check_float_extracted_from_integer(inst)?;
        for i in 0..inst.get_num_operands() {
            let Some(v) = ir::operand(inst, i) else { continue };
            if !self.act.is_varied(v) {
                continue;
            }
            // Type analysis may call the integer `int` because of this very use: a bitcast of a
            // float holds float bits whatever it is used for.
            let base = if ir::is_bitcast_of_float(v) { Some(Base::Float(64)) } else { self.types.base(v) };
            match base {
                Some(Base::Float(_)) => {
                    return Err(self.error(
                        inst,
                        "integer arithmetic on the bits of an active floating-point value",
                        "use floating-point operations (fabs, copysign, ...) instead of bit manipulation",
                    ))
                }
                // Address differences and alignment tests (vectorizer runtime checks) are fine;
                // an address rebuilt from integers would lose its shadow.
                Some(Base::Pointer) if ir::becomes_pointer(inst) => {
                    return Err(self.error(
                        inst,
                        "integer arithmetic on the address of memory that has a shadow",
                        "index with getelementptr (ordinary C pointer arithmetic) instead of casting pointers to integers",
                    ))
                }
                _ => {}
            }
        }
        Ok(())
    }

}

/// The C runtime's complex divisions (`__divdc3`, `__divsc3`, `__divxc3`, `__divtc3`).
fn is_complex_division(name: &str) -> bool {
    matches!(name, "__divdc3" | "__divsc3" | "__divxc3" | "__divtc3")
}

/// The parallel runtime a function belongs to and the construct it implements (for errors): MPI's
/// `MPI_*`, OpenMP's `__kmpc_*` (what clang emits for each pragma) and `omp_*`.
pub fn parallel_construct(name: &str) -> Option<(&'static str, String)> {
    if name.starts_with("MPI_") || name.starts_with("PMPI_") {
        return Some(("MPI", "communication".into()));
    }
    if !name.starts_with("__kmpc_") && !name.starts_with("omp_") {
        return None;
    }
    const CONSTRUCTS: &[(&str, &str)] = &[
        ("__kmpc_omp_task", "task"),
        ("__kmpc_taskloop", "taskloop"),
        ("__kmpc_taskgroup", "taskgroup"),
        ("__kmpc_end_taskgroup", "taskgroup"),
        ("__kmpc_fork_teams", "teams"),
        ("__kmpc_atomic", "atomic"),
        ("__kmpc_copyprivate", "single copyprivate"),
        ("__kmpc_threadprivate", "threadprivate"),
        ("__kmpc_doacross", "ordered(depend)"),
        ("__kmpc_fork_call", "parallel region (outlined function not in this module)"),
        ("__kmpc_reduce", "reduction"),
        ("__kmpc_alloc", "allocate"),
    ];
    let construct = CONSTRUCTS.iter().find(|(prefix, _)| name.starts_with(prefix)).map(|(_, c)| (*c).to_string()).unwrap_or_else(|| "runtime call".into());
    Some(("OpenMP", construct))
}
