//! The crate's one error type. Every error about user code names the function, the instruction and,
//! when debug info is present, the source line, and carries a hint on how to fix it.
use std::fmt;

/// Where in the user's program an error happened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    pub function: String,
    /// The offending instruction, printed as IR (one line).
    pub instruction: Option<String>,
    /// `file:line:column` from debug info, when present.
    pub source: Option<String>,
    /// Set when the error is about a global variable (a registration global) rather than code.
    pub global: Option<String>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(source) = &self.source {
            write!(f, "{source}: ")?;
        }
        match &self.global {
            Some(global) => write!(f, "in global '{global}'")?,
            None => write!(f, "in function '{}'", self.function)?,
        }
        if let Some(inst) = &self.instruction {
            write!(f, ", instruction `{}`", inst.trim())?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A construct llad cannot differentiate correctly.
    #[error("{location}: cannot differentiate: {what}\n  hint: {hint}")]
    Unsupported { location: Location, what: String, hint: String },

    /// A malformed `__enzyme_*` request call.
    #[error("{location}: invalid derivative request: {what}\n  hint: {hint}")]
    BadRequest { location: Location, what: String, hint: String },

    /// A malformed custom rule or inactive marker.
    #[error("{location}: invalid custom rule: {what}\n  hint: {hint}")]
    BadRule { location: Location, what: String, hint: String },

    /// A malformed entry in a rules data file.
    #[error("{file}:{line}: invalid rule: {what}")]
    RuleFile { file: String, line: usize, what: String },

    /// Reading or parsing the input IR failed.
    #[error("cannot read '{path}': {what}")]
    Input { path: String, what: String },

    /// The input is not a usable LLVM 19 module: empty, truncated, corrupt, not IR at all, or IR
    /// that does not verify. `location` is the file, with `:line:column` for text parse errors.
    #[error("{location}: {what}")]
    BadInput { location: String, what: String },

    /// Writing the output failed.
    #[error("cannot write '{path}': {what}")]
    Output { path: String, what: String },

    /// llad produced IR that does not verify: always a bug in llad.
    #[error("internal error: llad produced invalid IR (please report this): {0}")]
    InvalidOutput(String),

    /// LLVM's lint finds undefined behaviour in llad's output (checked on request, `--lint`).
    #[error("internal error: LLVM's lint finds undefined behaviour in llad's output (please report this):\n{0}")]
    Lint(String),

    /// An LLVM builder call failed: always a bug in llad.
    #[error("internal error: {0}")]
    Internal(String),
}

pub type Result<T> = std::result::Result<T, Error>;

impl From<inkwell::builder::BuilderError> for Error {
    fn from(e: inkwell::builder::BuilderError) -> Self {
        Error::Internal(format!("IR builder: {e}"))
    }
}
