//! Running a module in LLVM's JIT (MCJIT), for `llad check` on IR from any front end.
use crate::diag::{Error, Result};
use inkwell::module::Module;
use inkwell::targets::{InitializationConfig, Target};
use inkwell::OptimizationLevel;

/// Compiles `module` and calls its `int entry(void)`. Library calls resolve against this
/// process, plus libm (loaded here: the module's math calls need it).
pub fn run_i32(module: &Module<'_>, entry: &str) -> Result<i32> {
    Target::initialize_native(&InitializationConfig::default()).map_err(Error::Internal)?;
    for library in [c"libm.so.6", c"libc.so.6"] {
        // SAFETY: a NUL-terminated library name; the library stays loaded for the process.
        // (If one is missing, what the module needs from it is an unresolved symbol below.)
        unsafe { llvm_sys::support::LLVMLoadLibraryPermanently(library.as_ptr()) };
    }
    let engine = module.create_jit_execution_engine(OptimizationLevel::Default).map_err(|e| Error::Internal(format!("JIT: {e}")))?;
    // SAFETY: the driver llad generated has exactly this signature.
    let function = unsafe { engine.get_function::<unsafe extern "C" fn() -> i32>(entry) }.map_err(|e| Error::Internal(format!("JIT: {entry}: {e}")))?;
    // SAFETY: the module verified; what it does is the user's program under test.
    Ok(unsafe { function.call() })
}
