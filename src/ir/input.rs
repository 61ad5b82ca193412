//! Reading modules from untrusted bytes (the CLI) and checking what the CLI writes. LLVM's readers
//! are not hardened against corrupt files, so the bytes are parsed and checked first in a forked
//! child process with a memory budget (`llad_read_module` in shim.cpp); a crash, abort or runaway
//! allocation there becomes an error message instead of killing llad.
use crate::diag::Error;
use inkwell::context::Context;
use inkwell::module::Module;
use llvm_sys::prelude::{LLVMContextRef, LLVMModuleRef};
use std::ffi::{c_char, c_int, CStr, CString};

extern "C" {
    fn llad_install_error_handlers(prefix: *const c_char);
    fn llad_read_module(
        context: LLVMContextRef,
        data: *const c_char,
        len: usize,
        name: *const c_char,
        isolate: c_int,
        out: *mut LLVMModuleRef,
        line: *mut c_int,
        column: *mut c_int,
        message: *mut *mut c_char,
    ) -> c_int;
}

/// Makes LLVM's fatal errors and allocation failures print `llad: error: <file>: ...` and exit
/// with code 1 instead of aborting. For the CLI only (a plugin's host keeps its own handlers).
pub fn install_error_handlers(file: &str) {
    let prefix = CString::new(format!("llad: error: {}: ", printable(file))).unwrap_or_default();
    // SAFETY: the shim copies the prefix.
    unsafe { llad_install_error_handlers(prefix.as_ptr()) }
}

/// Escapes what would garble a terminal (control bytes other than newline and tab).
fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Why bytes are not a usable module.
struct ReadFailure {
    line: i32,
    column: i32,
    message: String,
    /// 1: the parser rejected it; 2: it parsed but is not valid or usable IR; 3: the reader crashed.
    status: i32,
}

fn read(context: LLVMContextRef, bytes: &[u8], name: &str, isolate: bool, parse_here: bool) -> Result<Option<LLVMModuleRef>, ReadFailure> {
    let c_name = CString::new(name.replace('\0', " ")).unwrap_or_default();
    let mut module: LLVMModuleRef = std::ptr::null_mut();
    let (mut line, mut column) = (0, 0);
    let mut message: *mut c_char = std::ptr::null_mut();
    // SAFETY: `bytes` outlives the call (the shim copies nothing it keeps: modules own their data);
    // `message` is malloc'ed by the shim and freed below.
    let status = unsafe {
        llad_read_module(
            context,
            bytes.as_ptr() as *const c_char,
            bytes.len(),
            c_name.as_ptr(),
            isolate as c_int,
            if parse_here { &mut module } else { std::ptr::null_mut() },
            &mut line,
            &mut column,
            &mut message,
        )
    };
    let text = if message.is_null() {
        String::new()
    } else {
        // SAFETY: a NUL-terminated string from strdup.
        let text = unsafe { CStr::from_ptr(message) }.to_string_lossy().into_owned();
        unsafe { llvm_sys::core::LLVMDisposeMessage(message) };
        text
    };
    if status == 0 {
        return Ok((!module.is_null()).then_some(module));
    }
    Err(ReadFailure { line, column, message: printable(strip_same_producer(text.trim_end())), status })
}

/// Drops the bitcode reader's ` (Producer: 'LLVM19.1.7' Reader: 'LLVM 19.1.7')` suffix when both
/// are the same LLVM: it only helps when the file comes from another version.
fn strip_same_producer(message: &str) -> &str {
    let Some(start) = message.rfind(" (Producer: '") else { return message };
    let suffix = &message[start..];
    let quoted: Vec<&str> = suffix.split('\'').collect();
    match quoted.as_slice() {
        [_, producer, _, reader, _] if producer.replace(' ', "") == reader.replace(' ', "") => &message[..start],
        _ => message,
    }
}

/// Whether `bytes` start like LLVM bitcode (raw, or in the wrapper Darwin uses).
fn looks_like_bitcode(bytes: &[u8]) -> bool {
    bytes.starts_with(b"BC\xc0\xde") || bytes.starts_with(&[0xde, 0xc0, 0x17, 0x0b])
}

/// Whether `bytes` look like neither text nor bitcode: more than 1% control bytes.
fn looks_binary(bytes: &[u8]) -> bool {
    let control = bytes.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)).count();
    control * 100 > bytes.len()
}

/// Parses LLVM IR text or bitcode read from `name` (for messages). Every problem — empty,
/// truncated or corrupt input, IR that does not verify or that LLVM could not write back as text —
/// is an `Error::BadInput`; a crash of LLVM's reader is contained in a child process. The bytes are
/// parsed twice (child, then here). Forks: call it while the process has one thread (the CLI).
pub fn read_module<'ctx>(context: &'ctx Context, bytes: &[u8], name: &str) -> Result<Module<'ctx>, Error> {
    let shown = printable(name);
    if bytes.is_empty() {
        return Err(Error::BadInput { location: shown, what: "the file is empty (expected LLVM IR text or bitcode)".into() });
    }
    match read(context.raw(), bytes, name, true, true) {
        // SAFETY: the shim created the module in `context` and hands over ownership.
        Ok(Some(raw)) => Ok(unsafe { Module::new(raw) }),
        Ok(None) => Err(Error::Internal(format!("reading '{shown}' produced no module"))),
        Err(f) => {
            let location = if f.line > 0 { format!("{shown}:{}:{}", f.line, f.column) } else { shown };
            let what = match f.status {
                1 if looks_like_bitcode(bytes) => format!("invalid bitcode: {}", f.message),
                1 if looks_binary(bytes) => {
                    format!("{} (the file is neither LLVM bitcode nor LLVM IR text)", f.message)
                }
                _ => f.message,
            };
            Err(Error::BadInput { location, what })
        }
    }
}

/// Checks that `text` (llad's `-S` output) parses back and verifies, in a child process: some
/// names, attribute keys and strings LLVM prints verbatim would not.
pub fn check_text_output(text: &[u8]) -> Result<(), String> {
    let context = Context::create();
    match read(context.raw(), text, "<output>", true, false) {
        Ok(_) => Ok(()),
        Err(f) if f.line > 0 => Err(format!("line {}:{}: {}", f.line, f.column, f.message)),
        Err(f) => Err(f.message),
    }
}
