//! The IR layer: the only place with `unsafe`. Safe helpers over inkwell, llvm-sys and the C++ shim
//! (`shim.cpp`) for what inkwell does not offer: type-generic instruction building, cloning function
//! bodies, debug locations, call targets, metadata.
pub mod jit;
mod input;
mod functions;
mod inspect;
pub mod meta;
mod ops;

pub use input::{check_text_output, install_error_handlers, read_module};
pub use functions::*;
pub use inspect::*;
pub use ops::Ops;

use inkwell::values::{AsValueRef, BasicValue, BasicValueEnum, FunctionValue};
use llvm_sys::prelude::LLVMValueRef;

extern "C" {
    fn llad_clone_function_into(new_fn: LLVMValueRef, old_fn: LLVMValueRef, arg_map: *mut LLVMValueRef);
}

/// Clones `old`'s body into the empty function `new`; `arg_map[i]` replaces `old`'s argument i.
/// Blocks and instructions keep their order, so positions in `old` identify their clones in `new`.
pub fn clone_function_into<'ctx>(new: FunctionValue<'ctx>, old: FunctionValue<'ctx>, arg_map: &[BasicValueEnum<'ctx>]) {
    assert_eq!(arg_map.len(), old.count_params() as usize, "argument map must cover every argument");
    assert!(new.get_first_basic_block().is_none(), "clone target must be empty");
    let mut raw: Vec<LLVMValueRef> = arg_map.iter().map(|v| v.as_value_ref()).collect();
    // SAFETY: both are functions of the same module; `raw` has one entry per argument of `old`.
    unsafe { llad_clone_function_into(new.as_value_ref(), old.as_value_ref(), raw.as_mut_ptr()) }
}
pub use ops::replace_and_erase;

/// Deletes a global variable that nothing uses any more.
pub fn delete_global_if_unused(global: inkwell::values::GlobalValue<'_>) {
    if global.as_pointer_value().get_first_use().is_none() {
        // SAFETY: no uses remain, so no dangling references are left behind.
        unsafe { global.delete() };
    }
}

/// Deletes a function that nothing uses any more.
pub fn delete_function_if_unused(function: FunctionValue<'_>) {
    if function.as_global_value().as_pointer_value().get_first_use().is_none() {
        // SAFETY: no uses remain.
        unsafe { function.delete() };
    }
}

/// Wraps a module owned by someone else (the plugin's host) without taking ownership.
pub fn borrow_module<'ctx>(raw: llvm_sys::prelude::LLVMModuleRef) -> std::mem::ManuallyDrop<inkwell::module::Module<'ctx>> {
    // SAFETY: the host keeps the module alive for the duration of the pass; ManuallyDrop stops
    // inkwell from disposing of it.
    std::mem::ManuallyDrop::new(unsafe { inkwell::module::Module::new(raw) })
}

extern "C" {
    fn llad_demangle(name: *const std::ffi::c_char, out: *mut std::ffi::c_char, cap: usize) -> usize;
}

/// A C++ name demangled (`_Z1qPKdd` → `q(double const*, double)`); other names as they are.
pub fn demangle(name: &str) -> String {
    let Ok(c_name) = std::ffi::CString::new(name) else { return name.to_string() };
    let mut buffer = vec![0u8; 256];
    loop {
        // SAFETY: `buffer` has `len` writable bytes; the shim writes at most that many.
        let needed = unsafe { llad_demangle(c_name.as_ptr(), buffer.as_mut_ptr() as *mut std::ffi::c_char, buffer.len()) };
        if needed < buffer.len() {
            return String::from_utf8_lossy(&buffer[..needed]).into_owned();
        }
        buffer.resize(needed + 1, 0);
    }
}

extern "C" {
    fn llad_param_debug_name(function: llvm_sys::prelude::LLVMValueRef, index: u32, out: *mut std::ffi::c_char, cap: usize) -> usize;
}

/// Parameter `index`'s name in the source, from debug info (`None` without).
pub fn param_debug_name(function: FunctionValue<'_>, index: u32) -> Option<String> {
    let mut buffer = vec![0u8; 256];
    loop {
        // SAFETY: `function` is a function; `buffer` has `len` writable bytes.
        let len = unsafe { llad_param_debug_name(function.as_value_ref(), index, buffer.as_mut_ptr() as *mut std::ffi::c_char, buffer.len()) };
        if len == 0 {
            return None;
        }
        if len < buffer.len() {
            return Some(String::from_utf8_lossy(&buffer[..len]).into_owned());
        }
        buffer.resize(len + 1, 0);
    }
}

/// Frees a message string handed to C++ by `into_c_message`.
pub fn free_c_message(message: *mut std::ffi::c_char) {
    if !message.is_null() {
        // SAFETY: the pointer came from CString::into_raw in `into_c_message`.
        drop(unsafe { std::ffi::CString::from_raw(message) });
    }
}

/// Hands a message to C++ (released with `free_c_message`).
pub fn into_c_message(text: &str) -> *mut std::ffi::c_char {
    std::ffi::CString::new(text.replace('\0', " ")).map(|c| c.into_raw()).unwrap_or(std::ptr::null_mut())
}

/// Stores `message` through a C out-pointer, if the pointer is non-null.
pub fn write_c_message(out: *mut *mut std::ffi::c_char, text: &str) {
    if !out.is_null() {
        // SAFETY: the C++ caller passes a valid pointer to a `char*`.
        unsafe { *out = into_c_message(text) };
    }
}

/// Links the tape runtime (`synth/tape.ll`) into `module` unless it is there already.
pub fn link_tape_runtime(module: &inkwell::module::Module<'_>) -> crate::diag::Result<()> {
    link_runtime(module, include_bytes!("../synth/tape.ll"), "tape", "llad.tape.push")
}

/// Links the check runtime (`check/runtime.c`, compiled to bitcode by build.rs) into `module`
/// unless it is there already (`entry` is its one external function).
pub fn link_check_runtime(module: &inkwell::module::Module<'_>, entry: &str) -> crate::diag::Result<()> {
    link_runtime(module, include_bytes!(concat!(env!("OUT_DIR"), "/llad_check.ll")), "check", entry)
}

/// Links the adjoints of non-blocking MPI (`synth/mpi_runtime.c`) into `module` unless there.
pub fn link_mpi_runtime(module: &inkwell::module::Module<'_>) -> crate::diag::Result<()> {
    link_runtime(module, include_bytes!(concat!(env!("OUT_DIR"), "/llad_mpi.ll")), "MPI", "llad_mpi_op_post")
}

/// Links the thread tapes of OpenMP regions in reverse mode (`synth/omp_runtime.c`) into `module`
/// unless there.
pub fn link_omp_runtime(module: &inkwell::module::Module<'_>) -> crate::diag::Result<()> {
    link_runtime(module, include_bytes!(concat!(env!("OUT_DIR"), "/llad_omp.ll")), "OpenMP", "llad_omp_tapes_new")
}

/// Links complex multiplication (`synth/complex_runtime.c`: `__muldc3`, `__mulsc3` as Annex G
/// specifies them) into `module` unless defined there, so that derivatives can go through it.
pub fn link_complex_runtime(module: &inkwell::module::Module<'_>) -> crate::diag::Result<()> {
    link_runtime(module, include_bytes!(concat!(env!("OUT_DIR"), "/llad_complex.ll")), "complex multiplication", "__muldc3")
}

/// Links a runtime (IR text or bitcode) into `module`, its functions made internal, unless the
/// module has `probe` defined already.
fn link_runtime(module: &inkwell::module::Module<'_>, bytes: &[u8], what: &str, probe: &str) -> crate::diag::Result<()> {
    if module.get_function(probe).is_some_and(|f| f.get_first_basic_block().is_some()) {
        return Ok(());
    }
    let buffer = inkwell::memory_buffer::MemoryBuffer::create_from_memory_range_copy(bytes, what);
    let context = module.get_context();
    // clang's context discards value names, and the IR parser refuses to run on such a context.
    // SAFETY: the context is valid; the setting is restored right after parsing.
    let raw_context = unsafe { llvm_sys::core::LLVMGetModuleContext(module.as_mut_ptr()) };
    let discards = unsafe { llvm_sys::core::LLVMContextShouldDiscardValueNames(raw_context) };
    unsafe { llvm_sys::core::LLVMContextSetDiscardValueNames(raw_context, 0) };
    let parsed = context.create_module_from_ir(buffer);
    unsafe { llvm_sys::core::LLVMContextSetDiscardValueNames(raw_context, discards) };
    let runtime = parsed.map_err(|e| crate::diag::Error::Internal(format!("{what} runtime: {e}")))?;
    // A runtime compiled for the host (the check runtime) runs only on that architecture.
    let arch = |t: &inkwell::targets::TargetTriple| t.as_str().to_string_lossy().split('-').next().unwrap_or_default().to_string();
    let (host, target) = (arch(&runtime.get_triple()), arch(&module.get_triple()));
    if !host.is_empty() && !target.is_empty() && host != target {
        return Err(crate::diag::Error::Unsupported {
            location: Default::default(),
            what: format!("llad's {what} runtime is built for {host}, this module targets {target}"),
            hint: "run the checks on the machine llad was built for".into(),
        });
    }
    runtime.set_triple(&module.get_triple());
    runtime.set_data_layout(&module.get_data_layout());
    let names: Vec<String> = runtime.get_functions().filter(|f| f.get_first_basic_block().is_some()).map(function_name).collect();
    // Not inkwell's link_in_module: it installs its own diagnostic handler on the context and
    // leaves it there, which swallows the errors the host (clang, opt) should report later.
    let source = runtime.as_mut_ptr();
    std::mem::forget(runtime);
    // SAFETY: LLVMLinkModules2 takes ownership of `source` (forgotten above) and links it into
    // the module, both in the same context.
    let failed = unsafe { llvm_sys::linker::LLVMLinkModules2(module.as_mut_ptr(), source) };
    if failed != 0 {
        return Err(crate::diag::Error::Internal(format!("linking the {what} runtime failed")));
    }
    // Linked as external (the linker drops unreferenced internal functions), then made internal.
    for name in names {
        if let Some(f) = module.get_function(&name) {
            f.set_linkage(inkwell::module::Linkage::Internal);
        }
    }
    Ok(())
}

/// Marks a function as llad-made (the string attribute `llad-derivative`): the optimizations llad
/// runs on derivative code (ir/jam.cpp) leave the user's functions alone. Kept across body clones.
pub fn mark_derivative(function: FunctionValue<'_>) {
    let attr = function.get_type().get_context().create_string_attribute("llad-derivative", "");
    function.add_attribute(inkwell::attributes::AttributeLoc::Function, attr);
}

/// Sets the alignment of a load or store.
pub fn set_alignment(inst: inkwell::values::InstructionValue<'_>, bytes: u32) {
    // SAFETY: only called on loads and stores.
    unsafe { llvm_sys::core::LLVMSetAlignment(inst.as_value_ref(), bytes) }
}

/// Drops a GEP's `inbounds`/`nuw`/`nusw`: its base is not an allocated object (a view's made-up
/// address), so only plain address arithmetic is meant.
pub fn clear_wrap_flags(gep: inkwell::values::InstructionValue<'_>) {
    // SAFETY: only called on getelementptr instructions.
    unsafe { llvm_sys::core::LLVMGEPSetNoWrapFlags(gep.as_value_ref(), 0) }
}

/// Marks parameter `index` `noalias`: nothing else reaches the memory it points to (the tape).
pub fn mark_noalias(function: FunctionValue<'_>, index: u32) {
    let ctx = function.get_type().get_context();
    let kind = inkwell::attributes::Attribute::get_named_enum_kind_id("noalias");
    function.add_attribute(inkwell::attributes::AttributeLoc::Param(index), ctx.create_enum_attribute(kind, 0));
}

extern "C" {
    fn llad_invoke_to_call(invoke: LLVMValueRef);
}

/// Replaces an `invoke` with a `call` and a branch to its normal destination (the unwind edge
/// goes away, and the landing pad's phis with it). Other instructions are left alone.
pub fn invoke_to_call(inst: inkwell::values::InstructionValue<'_>) {
    if inst.get_opcode() == inkwell::values::InstructionOpcode::Invoke {
        // SAFETY: `inst` is an invoke instruction in a function.
        unsafe { llad_invoke_to_call(inst.as_value_ref()) }
    }
}

extern "C" {
    fn llad_split_edge(from: llvm_sys::prelude::LLVMBasicBlockRef, to: llvm_sys::prelude::LLVMBasicBlockRef) -> llvm_sys::prelude::LLVMBasicBlockRef;
}

/// Puts a new block on the edge `from -> to` (phis in `to` now come from it) and returns it.
pub fn split_edge<'ctx>(from: inkwell::basic_block::BasicBlock<'ctx>, to: inkwell::basic_block::BasicBlock<'ctx>) -> inkwell::basic_block::BasicBlock<'ctx> {
    // SAFETY: `to` is a successor of `from` in the same function.
    unsafe { inkwell::basic_block::BasicBlock::new(llad_split_edge(from.as_mut_ptr(), to.as_mut_ptr())).expect("split block") }
}

extern "C" {
    fn llad_loop_trip_counts(function: llvm_sys::prelude::LLVMValueRef, headers: *mut llvm_sys::prelude::LLVMBasicBlockRef, n: u32, out: *mut llvm_sys::prelude::LLVMValueRef);
}

/// For each loop header: how many times the header runs per entry into its loop, computed (as an
/// i64) at the end of the loop's preheader; `None` where scalar evolution does not know it exactly.
pub fn loop_trip_counts<'ctx>(function: inkwell::values::FunctionValue<'ctx>, headers: &[inkwell::basic_block::BasicBlock<'ctx>]) -> Vec<Option<inkwell::values::IntValue<'ctx>>> {
    let mut raw: Vec<_> = headers.iter().map(|b| b.as_mut_ptr()).collect();
    let mut out = vec![std::ptr::null_mut(); headers.len()];
    // SAFETY: the headers are blocks of `function`; `out` has one slot per header.
    unsafe { llad_loop_trip_counts(function.as_value_ref(), raw.as_mut_ptr(), raw.len() as u32, out.as_mut_ptr()) };
    // SAFETY: non-null results are i64 values the C++ side created in `function`.
    out.into_iter().map(|v| (!v.is_null()).then(|| unsafe { inkwell::values::IntValue::new(v) })).collect()
}

/// The function named `name` in the module that holds `function`.
pub fn sibling_function<'ctx>(function: FunctionValue<'ctx>, name: &str) -> Option<FunctionValue<'ctx>> {
    let name = std::ffi::CString::new(name).ok()?;
    // SAFETY: `function` is valid and belongs to a module; the lookup returns a function or null.
    unsafe {
        let module = llvm_sys::core::LLVMGetGlobalParent(function.as_value_ref());
        FunctionValue::new(llvm_sys::core::LLVMGetNamedFunction(module, name.as_ptr()))
    }
}

/// Splits `inst`'s block before `inst`, which starts the returned new block; the old block
/// branches to it.
pub fn split_block_before<'ctx>(inst: inkwell::values::InstructionValue<'ctx>) -> inkwell::basic_block::BasicBlock<'ctx> {
    // SAFETY: `inst` is an instruction in a block (not a phi: callers split before calls).
    unsafe { inkwell::basic_block::BasicBlock::new(llad_split_block_before(inst.as_value_ref())).expect("split block") }
}

extern "C" {
    fn llad_split_block_before(inst: LLVMValueRef) -> llvm_sys::prelude::LLVMBasicBlockRef;
}

extern "C" {
    fn llad_delete_body(function: LLVMValueRef);
}

extern "C" {
    fn llad_normal_path_copy(function: LLVMValueRef) -> LLVMValueRef;
    fn llad_abort_on_unwind(function: LLVMValueRef, personality: LLVMValueRef, abort: LLVMValueRef);
}

/// Replaces operand `index` of `inst` by `value` (of the operand's type).
pub fn set_operand<'ctx>(inst: inkwell::values::InstructionValue<'ctx>, index: u32, value: BasicValueEnum<'ctx>) {
    // SAFETY: callers pass an operand index of `inst` and a value of the operand's type.
    unsafe { llvm_sys::core::LLVMSetOperand(inst.as_value_ref(), index, value.as_value_ref()) }
}

/// Whether `f` has calls that may throw C++ exceptions into its own handlers (`invoke`).
pub fn has_invokes(f: FunctionValue<'_>) -> bool {
    f.get_basic_block_iter().filter_map(|b| b.get_terminator()).any(|t| t.get_opcode() == inkwell::values::InstructionOpcode::Invoke)
}

/// A copy of `f` along its normal path (`<f>.llad.normal`): invokes become calls, the exception
/// handling code goes. Derivatives of `f` are built from it.
pub fn normal_path_copy<'ctx>(f: FunctionValue<'ctx>) -> FunctionValue<'ctx> {
    // SAFETY: f is a defined function of a live module; the copy is added to the same module.
    unsafe { FunctionValue::new(llad_normal_path_copy(f.as_value_ref())).expect("a function") }
}

/// Whether `f` has a personality function (C++ exception handling).
pub fn has_personality(f: FunctionValue<'_>) -> bool {
    // SAFETY: f is a live function.
    unsafe { llvm_sys::core::LLVMHasPersonalityFn(f.as_value_ref()) != 0 }
}

/// Makes the calls in `derivative` that may throw abort through `abort` when they do, with the
/// personality `original` has.
pub fn abort_on_unwind(derivative: FunctionValue<'_>, original: FunctionValue<'_>, abort: FunctionValue<'_>) {
    // SAFETY: all three are functions of one live module; the personality is read from `original`.
    unsafe {
        if llvm_sys::core::LLVMHasPersonalityFn(original.as_value_ref()) != 0 {
            let personality = llvm_sys::core::LLVMGetPersonalityFn(original.as_value_ref());
            llad_abort_on_unwind(derivative.as_value_ref(), personality, abort.as_value_ref());
        }
    }
}

/// Drops a function's body, leaving a valid declaration (for a run that failed halfway).
pub fn delete_body(function: FunctionValue<'_>) {
    // SAFETY: the function belongs to a live module; its body's references are dropped first.
    unsafe { llad_delete_body(function.as_value_ref()) }
}

const INLINE_STATE: &str = "llad-inline";

/// Makes `f` noinline (dropping alwaysinline), remembering what it was.
pub fn protect_from_inlining(f: FunctionValue<'_>) {
    use inkwell::attributes::{Attribute, AttributeLoc};
    if f.get_string_attribute(AttributeLoc::Function, INLINE_STATE).is_some() || f.get_first_basic_block().is_none() {
        return;
    }
    let ctx = f.get_type().get_context();
    let noinline = Attribute::get_named_enum_kind_id("noinline");
    let alwaysinline = Attribute::get_named_enum_kind_id("alwaysinline");
    let state = match (f.get_enum_attribute(AttributeLoc::Function, noinline).is_some(), f.get_enum_attribute(AttributeLoc::Function, alwaysinline).is_some()) {
        (true, _) => "noinline",
        (_, true) => "alwaysinline",
        _ => "default",
    };
    f.add_attribute(AttributeLoc::Function, ctx.create_string_attribute(INLINE_STATE, state));
    f.remove_enum_attribute(AttributeLoc::Function, alwaysinline);
    f.add_attribute(AttributeLoc::Function, ctx.create_enum_attribute(noinline, 0));
}

/// Records that `f`'s inlining state before llad made it noinline was `state` (what
/// `restore_inlining` returns it to), unless already recorded.
pub fn remember_inlining(f: FunctionValue<'_>, state: &str) {
    use inkwell::attributes::AttributeLoc;
    if f.get_string_attribute(AttributeLoc::Function, INLINE_STATE).is_none() && ["noinline", "alwaysinline", "default"].contains(&state) {
        f.add_attribute(AttributeLoc::Function, f.get_type().get_context().create_string_attribute(INLINE_STATE, state));
    }
}

/// Undoes `protect_from_inlining`.
pub fn restore_inlining(f: FunctionValue<'_>) {
    use inkwell::attributes::{Attribute, AttributeLoc};
    let Some(state) = f.get_string_attribute(AttributeLoc::Function, INLINE_STATE) else { return };
    let state = state.get_string_value().to_string_lossy().into_owned();
    let ctx = f.get_type().get_context();
    f.remove_string_attribute(AttributeLoc::Function, INLINE_STATE);
    let noinline = Attribute::get_named_enum_kind_id("noinline");
    // optnone (clang -O0) requires noinline.
    let optnone = f.get_enum_attribute(AttributeLoc::Function, Attribute::get_named_enum_kind_id("optnone")).is_some();
    if state != "noinline" && !optnone {
        f.remove_enum_attribute(AttributeLoc::Function, noinline);
    }
    if state == "alwaysinline" {
        f.add_attribute(AttributeLoc::Function, ctx.create_enum_attribute(Attribute::get_named_enum_kind_id("alwaysinline"), 0));
    }
}

extern "C" {
    fn llad_lint_module(module: llvm_sys::prelude::LLVMModuleRef) -> *mut std::ffi::c_char;
}

/// What LLVM's lint (`opt -passes=lint`) reports about `module`: undefined behaviour such as calls
/// whose calling convention differs from the callee's; empty when nothing.
pub fn lint(module: &inkwell::module::Module<'_>) -> String {
    // Lint prints to stderr, which is redirected meanwhile: one lint at a time per process.
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: the module is valid; the returned text is malloc'ed by the shim and freed here.
    unsafe {
        let raw = llad_lint_module(module.as_mut_ptr());
        if raw.is_null() {
            return "lint could not run: no temporary file".into();
        }
        let text = std::ffi::CStr::from_ptr(raw).to_string_lossy().into_owned();
        llvm_sys::core::LLVMDisposeMessage(raw);
        text
    }
}

extern "C" {
    fn llad_define_poison_lanes(function: LLVMValueRef);
}

/// Gives every unused vector lane in `function` a defined value (undefined shuffle lanes read lane
/// 0, poison/undef vector and float constants become zero): a refinement of the function, after
/// which the reverse sweep's lane-wise products of adjoints and primal values are never poison.
pub fn define_poison_lanes(function: FunctionValue<'_>) {
    // SAFETY: `function` is a function of a live module.
    unsafe { llad_define_poison_lanes(function.as_value_ref()) }
}

/// A function that only calls `f` (same type, parameter attributes and calling convention), named
/// `<f>.llad.call` and made once per module. A derivative requested of a function with custom
/// rules is the derivative of this caller: the call inside meets the rules exactly as any other
/// call does, in every mode.
pub fn caller_of<'ctx>(module: &inkwell::module::Module<'ctx>, f: FunctionValue<'ctx>) -> FunctionValue<'ctx> {
    use inkwell::attributes::AttributeLoc;
    let name = format!("{}.llad.call", function_name(f));
    if let Some(existing) = module.get_function(&name) {
        return existing;
    }
    let wrapper = module.add_function(&name, f.get_type(), Some(inkwell::module::Linkage::Internal));
    wrapper.set_call_conventions(f.get_call_conventions());
    let ctx = module.get_context();
    let builder = ctx.create_builder();
    builder.position_at_end(ctx.append_basic_block(wrapper, "entry"));
    let args: Vec<inkwell::values::BasicMetadataValueEnum<'ctx>> = wrapper.get_param_iter().map(Into::into).collect();
    let call = builder.build_call(f, &args, "").expect("builder is positioned");
    call.set_call_convention(f.get_call_conventions());
    for i in 0..f.count_params() {
        for attr in f.attributes(AttributeLoc::Param(i)) {
            wrapper.add_attribute(AttributeLoc::Param(i), attr);
            call.add_attribute(AttributeLoc::Param(i), attr);
        }
    }
    for attr in f.attributes(AttributeLoc::Return) {
        wrapper.add_attribute(AttributeLoc::Return, attr);
    }
    let result = call.try_as_basic_value().basic();
    builder.build_return(result.as_ref().map(|r| r as &dyn inkwell::values::BasicValue)).expect("builder is positioned");
    wrapper
}
