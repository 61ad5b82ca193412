//! The pass-plugin entry points (the C++ half is `ir/shim.cpp`): `llvmGetPassPluginInfo` for
//! `opt -load-pass-plugin` / `clang -fpass-plugin`, and the module hook the C++ pass calls.
//! No panic crosses the FFI boundary: it becomes an LLVM error.
use crate::ir;
use std::ffi::c_char;

/// Which extension point called us (must match the C++ `Phase` enum).
const PHASE_EXPLICIT: i32 = 0;
const PHASE_PROTECT: i32 = 1;
const PHASE_DIFFERENTIATE: i32 = 2;

#[repr(C)]
pub struct PassPluginLibraryInfo {
    api_version: u32,
    plugin_name: *const c_char,
    plugin_version: *const c_char,
    register_callbacks: unsafe extern "C" fn(*mut std::ffi::c_void),
}

extern "C" {
    fn llad_register_callbacks(builder: *mut std::ffi::c_void);
}

/// LLVM's plugin API version (`LLVM_PLUGIN_API_VERSION`).
const LLVM_PLUGIN_API_VERSION: u32 = 1;

#[no_mangle]
pub extern "C" fn llvmGetPassPluginInfo() -> PassPluginLibraryInfo {
    PassPluginLibraryInfo {
        api_version: LLVM_PLUGIN_API_VERSION,
        plugin_name: c"llad".as_ptr(),
        plugin_version: c"0.1.0".as_ptr(),
        register_callbacks: llad_register_callbacks,
    }
}

/// Called by the C++ pass. Returns 0 (unchanged), 1 (changed) or -1 (error, message in `*error`).
#[no_mangle]
pub extern "C" fn llad_run_on_module(module: llvm_sys::prelude::LLVMModuleRef, phase: i32, error: *mut *mut c_char) -> i32 {
    let outcome = std::panic::catch_unwind(|| run(module, phase));
    match outcome {
        Ok(Ok(changed)) => i32::from(changed),
        Ok(Err(e)) => {
            ir::write_c_message(error, &e.to_string());
            -1
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown panic".into());
            ir::write_c_message(error, &format!("internal error (please report this): {what}"));
            -1
        }
    }
}

#[no_mangle]
pub extern "C" fn llad_free_message(message: *mut c_char) {
    ir::free_c_message(message);
}

fn run(raw: llvm_sys::prelude::LLVMModuleRef, phase: i32) -> crate::diag::Result<bool> {
    let module = ir::borrow_module(raw);
    match phase {
        PHASE_PROTECT => crate::protect_rule_functions(&module),
        PHASE_EXPLICIT | PHASE_DIFFERENTIATE => {
            let options = options_from_env();
            let report = crate::differentiate_module(&module, &options)?;
            if !report.analyses.is_empty() {
                eprint!("{}", report.analyses);
            }
            // Even without requests llad may have changed the module (inlining state restored,
            // front-end registrations and `__enzyme_iter` calls removed).
            let _ = report.requests;
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// Plugin options come from `LLAD_OPTIONS` (e.g. `--print-activity --rules extra.rules`), since
/// neither opt nor clang passes arguments to pass plugins.
fn options_from_env() -> crate::Options {
    let mut options = crate::Options::default();
    let text = std::env::var("LLAD_OPTIONS").unwrap_or_default();
    let mut words = text.split_whitespace();
    while let Some(word) = words.next() {
        match word {
            "--print-types" => options.print_types = true,
            "--print-activity" => options.print_activity = true,
            "--print-tape" => options.print_tape = true,
            "--lint" => options.lint = true,
            "--rules" => options.rules_files.extend(words.next().map(Into::into)),
            _ => {}
        }
    }
    options
}
