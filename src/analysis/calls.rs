//! What a call does, as far as derivatives are concerned.
use crate::ir;
use crate::rules::{MathRule, MathTable};
use inkwell::values::{FunctionValue, InstructionValue};

#[derive(Debug, Clone)]
pub enum CallKind<'ctx> {
    /// Never carries a derivative (printing, timing, lifetime markers, inactive functions).
    Inactive,
    /// A math function with a rule in `rules/`.
    Math(MathRule),
    /// llvm.memcpy / llvm.memmove
    MemCopy,
    /// llvm.memset
    MemSet,
    /// malloc/calloc/realloc-like allocation (result is fresh memory; realloc moves its argument's).
    Alloc(&'static str),
    /// free
    Free,
    /// A function with a body in this module: differentiated recursively.
    Defined(FunctionValue<'ctx>),
    /// An external function without body or rule.
    Unknown(String),
    /// A call through a function pointer.
    Indirect,
    /// A BLAS routine with rules (`rules/blas.rs`); the function, whose code may be in the module.
    Blas(crate::rules::blas::BlasRoutine, FunctionValue<'ctx>),
    /// An OpenMP parallel region: `__kmpc_fork_call(loc, n, outlined, args...)` runs the outlined
    /// function (with a body here) on every thread as `outlined(&gtid, &btid, args...)`.
    ParallelRegion(FunctionValue<'ctx>),
    /// The OpenMP runtime's reduction protocol and synchronization inside a region.
    OpenMp(OpenMpCall),
    /// Blocking MPI communication llad differentiates (`rules/mpi.rs`).
    Mpi(&'static crate::rules::mpi::MpiRoutine),
}

/// Calls of the OpenMP runtime that derivatives treat specially (the rest are inactive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMpCall {
    /// `__kmpc_reduce[_nowait]` answers how this thread combines its private copies of a
    /// reduction (1: itself, after the runtime combined others into them; 2: with atomics).
    ReduceStart,
    /// `__kmpc_end_reduce` closes the protocol (with a barrier); `__kmpc_end_reduce_nowait`
    /// without.
    ReduceEnd,
    ReduceEndNowait,
    /// `__kmpc_barrier`: the reverse sweep waits at the same point.
    Barrier,
    /// `__kmpc_critical[_with_hint]` and `__kmpc_end_critical` (and a user lock's
    /// `omp_set_lock`/`omp_unset_lock`): the reverses of a team's critical sections run one at a
    /// time, in the reverse of the order the sections ran.
    Critical,
    EndCritical,
    /// `ordered` sections and `ordered(depend)` (doacross): not differentiated in reverse mode.
    Ordered,
}

/// The OpenMP runtime's entry for a parallel region (clang's `#pragma omp parallel`).
pub const OPENMP_FORK: &str = "__kmpc_fork_call";
/// Operands of the fork call before the outlined function's own arguments.
pub const OPENMP_FORK_ARGS: u32 = 3;

/// The outlined function of an OpenMP parallel region's fork call, if it has a body here.
pub fn parallel_region_body<'ctx>(call: InstructionValue<'ctx>) -> Option<FunctionValue<'ctx>> {
    let callee = ir::called_function(call)?;
    if ir::function_name(callee) != OPENMP_FORK {
        return None;
    }
    ir::operand(call, 2).map(ir::strip_casts).and_then(ir::as_function).filter(|f| f.get_first_basic_block().is_some())
}

/// Whether calling `f` synchronizes an OpenMP team (a barrier, a critical section, a blocking
/// reduction, in it or in what it calls): its reverse must then run even where no derivative
/// passes through the call, so that the team synchronizes there in reverse too.
pub fn synchronizes(f: FunctionValue<'_>, table: &MathTable) -> bool {
    // (Asked of every call without derivatives: a module that declares none of the runtime's
    // synchronization entry points answers at once.)
    const ENTRIES: [&str; 7] = ["__kmpc_barrier", "__kmpc_critical", "__kmpc_critical_with_hint", "__kmpc_end_reduce", "omp_set_lock", "omp_set_nest_lock", "__kmpc_end_critical"];
    if !ENTRIES.iter().any(|name| ir::sibling_function(f, name).is_some()) {
        return false;
    }
    fn walk(f: FunctionValue<'_>, table: &MathTable, depth: u32, seen: &mut std::collections::HashSet<crate::model::ValueId>) -> bool {
        if depth == 0 || !seen.insert(crate::model::ValueId::of(f.as_global_value().as_pointer_value())) {
            return false;
        }
        f.get_basic_block_iter().flat_map(|b| b.get_instructions()).filter(|i| i.get_opcode() == inkwell::values::InstructionOpcode::Call).any(|call| match classify(call, table) {
            CallKind::OpenMp(OpenMpCall::Barrier | OpenMpCall::Critical | OpenMpCall::EndCritical | OpenMpCall::ReduceEnd) => true,
            CallKind::Defined(g) => walk(g, table, depth - 1, seen),
            _ => false,
        })
    }
    walk(f, table, 4, &mut std::collections::HashSet::new())
}

pub fn classify<'ctx>(call: InstructionValue<'ctx>, table: &MathTable) -> CallKind<'ctx> {
    let Some(callee) = ir::called_function(call) else { return CallKind::Indirect };
    let name = ir::function_name(callee);
    // A rule applies to calls with its arguments (`cabsf` takes one `<2 x float>`, not cabs's two).
    let fits = |rule: &&crate::rules::MathRule| rule.params.len() == ir::call_arg_count(call) as usize;
    if callee.get_string_attribute(inkwell::attributes::AttributeLoc::Function, "enzyme_inactive").is_some() || table.is_inactive(&name) {
        return CallKind::Inactive;
    }
    // `"enzyme_math"="log1p"` (Enzyme's __enzyme_function_like): differentiated as that function.
    if let Some(like) = callee.get_string_attribute(inkwell::attributes::AttributeLoc::Function, "enzyme_math") {
        if let Some(rule) = table.lookup(&like.get_string_value().to_string_lossy()).filter(fits) {
            return CallKind::Math(rule.clone());
        }
    }
    if name.starts_with("llvm.memcpy") || name.starts_with("llvm.memmove") {
        return CallKind::MemCopy;
    }
    if name.starts_with("llvm.memset") {
        return CallKind::MemSet;
    }
    if let Some(kind) = allocation_kind(&name) {
        return CallKind::Alloc(kind);
    }
    if is_deallocation(&name) {
        return CallKind::Free;
    }
    if let Some(rule) = table.lookup(&name).filter(fits) {
        return CallKind::Math(rule.clone());
    }
    if let Some(blas) = crate::rules::blas::lookup(&name, ir::call_arg_count(call) as usize).filter(|b| blas_signature_fits(call, b)) {
        return CallKind::Blas(blas, callee);
    }
    if let Some(routine) = crate::rules::mpi::lookup(&name) {
        return CallKind::Mpi(routine);
    }
    match name.as_str() {
        "__kmpc_reduce" | "__kmpc_reduce_nowait" => return CallKind::OpenMp(OpenMpCall::ReduceStart),
        "__kmpc_end_reduce" => return CallKind::OpenMp(OpenMpCall::ReduceEnd),
        "__kmpc_end_reduce_nowait" => return CallKind::OpenMp(OpenMpCall::ReduceEndNowait),
        "__kmpc_barrier" => return CallKind::OpenMp(OpenMpCall::Barrier),
        "__kmpc_critical" | "__kmpc_critical_with_hint" | "omp_set_lock" | "omp_set_nest_lock" => return CallKind::OpenMp(OpenMpCall::Critical),
        "__kmpc_end_critical" | "omp_unset_lock" | "omp_unset_nest_lock" => return CallKind::OpenMp(OpenMpCall::EndCritical),
        "__kmpc_ordered" | "__kmpc_end_ordered" => return CallKind::OpenMp(OpenMpCall::Ordered),
        _ if name.starts_with("__kmpc_doacross") => return CallKind::OpenMp(OpenMpCall::Ordered),
        _ => {}
    }
    if let Some(outlined) = parallel_region_body(call) {
        return CallKind::ParallelRegion(outlined);
    }
    if callee.get_first_basic_block().is_some() {
        // A derivative of llad's own tape runtime (higher orders) differentiates the variant
        // without the shared spare tape buffer (`<name>.plain`): that state has no shadow.
        if name.starts_with("llad.tape.") {
            if let Some(plain) = ir::sibling_function(callee, &format!("{name}.plain")) {
                return CallKind::Defined(plain);
            }
        }
        return CallKind::Defined(callee);
    }
    CallKind::Unknown(name)
}

/// Whether a call of a BLAS routine's name passes what the routine takes (integers for options
/// and sizes, floats for scalars, pointers for arrays) and returns a float where it should: a
/// function that merely shares the name is an ordinary call.
fn blas_signature_fits(call: InstructionValue<'_>, blas: &crate::rules::blas::BlasRoutine) -> bool {
    use crate::rules::blas::Role;
    let args_fit = blas.routine.params.iter().enumerate().all(|(i, (_, role))| {
        let Some(arg) = ir::operand(call, i as u32) else { return false };
        let ty = arg.get_type();
        match role {
            Role::Layout | Role::Trans | Role::Uplo | Role::Int => ty.is_int_type(),
            Role::Scalar => ty.is_float_type(),
            Role::Array | Role::Info => ty.is_pointer_type(),
        }
    });
    let result = ir::result_of(call).map(|r| r.get_type());
    let result_fits = if blas.routine.returns_scalar { result.is_some_and(|t| t.is_float_type()) } else { result.is_none() };
    args_fit && result_fits
}

/// Whether a function of this name frees memory (`free`, C++ operator delete / delete[]).
pub fn is_deallocation(name: &str) -> bool {
    matches!(name, "free" | "_ZdlPv" | "_ZdaPv" | "_ZdlPvm" | "_ZdaPvm")
}

/// The allocation a function of this name makes (`malloc`, `calloc`, `aligned_alloc`, `realloc`,
/// `llad.shadow.alloc`), if it is an allocator.
pub fn allocation_kind(name: &str) -> Option<&'static str> {
    Some(match name {
        // C++ operator new / new[] (plain and nothrow) allocate like malloc.
        "malloc" | "_Znwm" | "_Znam" | "_ZnwmRKSt9nothrow_t" | "_ZnamRKSt9nothrow_t" => "malloc",
        "calloc" => "calloc",
        // (alignment, size): posix_memalign is lowered to aligned_alloc (`lower.rs`).
        "aligned_alloc" | "memalign" => "aligned_alloc",
        "realloc" => "realloc",
        // llad's own shadows (in a derivative being differentiated again): memory that receives
        // derivatives, from the start.
        "llad.shadow.alloc" => "llad.shadow.alloc",
        _ => return None,
    })
}

/// How a call passes variedness on, for activity analysis: whether its result may carry a
/// derivative, and which pointer arguments' memory may receive derivative data.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Flow {
    pub result: bool,
    pub memory_of: Vec<u32>,
}

impl CallKind<'_> {
    /// The flow of one call whose argument `i` is varied when `varied[i]`.
    pub fn flow(&self, call: InstructionValue<'_>, varied: &[bool]) -> Flow {
        let any = varied.iter().any(|v| *v);
        match self {
            // (the combining happens in the code around it: the atomic path, or the stores of path 1)
            CallKind::Inactive | CallKind::Free | CallKind::MemSet | CallKind::OpenMp(_) => Flow::default(),
            // What a rank receives may carry derivatives whatever this rank's own data does: the
            // decision must be the same on every rank (see rules/mpi.rs).
            // (and a non-blocking call of float data fills a request whose shadow tracks the
            // shadow communication)
            CallKind::Mpi(routine) => {
                let floats = routine.buffers.iter().any(|b| crate::rules::mpi::is_float_type(call, b.datatype));
                let received = routine.buffers.iter().filter(|b| b.receives && crate::rules::mpi::is_float_type(call, b.datatype)).map(|b| b.buffer);
                let request = routine.request.filter(|_| floats && !routine.buffers.is_empty());
                Flow { result: false, memory_of: received.chain(request).collect() }
            }
            // The copy carries the source's derivatives into the destination.
            CallKind::MemCopy => Flow { result: false, memory_of: if varied.get(1) == Some(&true) { vec![0] } else { Vec::new() } },
            // realloc moves the old contents (and their derivatives) into the new memory.
            CallKind::Alloc(kind) => Flow { result: (*kind == "realloc" && varied.first() == Some(&true)) || *kind == "llad.shadow.alloc", memory_of: Vec::new() },
            // The output array receives derivatives from the varied inputs (and its own, scaled);
            // a scalar result carries them.
            CallKind::Blas(blas, _) => {
                let carries = blas.routine.params.iter().zip(varied).any(|((_, role), v)| *v && matches!(role, crate::rules::blas::Role::Array | crate::rules::blas::Role::Scalar));
                Flow { result: carries && blas.routine.returns_scalar, memory_of: if carries { blas.routine.output_index().map(|o| o as u32).into_iter().collect() } else { Vec::new() } }
            }
            CallKind::Math(rule) => Flow { result: rule.partials.iter().zip(varied).any(|(p, v)| p.is_some() && *v), memory_of: Vec::new() },
            // A function llad differentiates (or refuses) may return derivatives and write them
            // through any pointer it gets.
            CallKind::Defined(_) | CallKind::ParallelRegion(_) | CallKind::Unknown(_) | CallKind::Indirect if any => {
                let returns = ir::result_of(call).is_some_and(|r| ir::carries_float(r.get_type()) || ir::contains_pointer(r.get_type()));
                let pointers = (0..varied.len() as u32).filter(|i| ir::operand(call, *i).is_some_and(|a| ir::is_pointer_like(a.get_type()))).collect();
                Flow { result: returns, memory_of: pointers }
            }
            CallKind::Defined(_) | CallKind::ParallelRegion(_) | CallKind::Unknown(_) | CallKind::Indirect => Flow::default(),
        }
    }
}
