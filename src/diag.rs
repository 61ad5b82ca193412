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
            None if self.function.is_empty() => write!(f, "in the module")?,
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

    /// A malformed check request (`llad_check.h`, `llad check`).
    #[error("{location}: invalid check: {what}\n  hint: {hint}")]
    BadCheck { location: Location, what: String, hint: String },

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

    /// An LLVM builder call failed, or llad's own bookkeeping did: always a bug in llad.
    #[error("internal error: {0}")]
    Internal(String),

    /// An internal error, located at the instruction llad was differentiating.
    #[error("{location}: internal error (please report this): {what}")]
    InternalAt { location: Location, what: String },
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// Places an internal error at `location` (the instruction being differentiated); other errors,
    /// and internal errors already placed deeper down, are returned as they are.
    pub fn at(self, location: impl FnOnce() -> Location) -> Error {
        match self {
            Error::Internal(what) => Error::InternalAt { location: location(), what },
            other => other,
        }
    }
}

impl Error {
    /// An error located in `function` (code llad made, such as the caller of a rule function a
    /// request names) is reported at `to` (the request) instead.
    pub fn moved_from(mut self, function: &str, to: &Location) -> Error {
        let location = match &mut self {
            Error::Unsupported { location, .. } | Error::BadRequest { location, .. } | Error::BadCheck { location, .. } | Error::BadRule { location, .. } | Error::InternalAt { location, .. } => location,
            _ => return self,
        };
        if location.function == function {
            *location = to.clone();
        }
        self
    }
}

impl Error {
    /// An error located in function `from` (a copy llad made) names function `to` instead.
    pub fn renamed(mut self, from: &str, to: &str) -> Error {
        if let Error::Unsupported { location, .. } | Error::BadRequest { location, .. } | Error::BadCheck { location, .. } | Error::BadRule { location, .. } | Error::InternalAt { location, .. } = &mut self {
            if location.function == from {
                location.function = to.to_string();
            }
        }
        self
    }
}

impl Error {
    /// The error with `note` after its hint (what llad was doing for the user when it happened).
    pub fn noted(mut self, note: &str) -> Error {
        if let Error::Unsupported { hint, .. } | Error::BadRequest { hint, .. } | Error::BadCheck { hint, .. } | Error::BadRule { hint, .. } = &mut self {
            hint.push_str(&format!("\n  note: {note}"));
        }
        self
    }
}

impl From<inkwell::builder::BuilderError> for Error {
    fn from(e: inkwell::builder::BuilderError) -> Self {
        Error::Internal(format!("IR builder: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_are_placed_once() {
        let here = || Location { function: "f".into(), instruction: Some("%m = fmul double %x, %y".into()), ..Default::default() };
        let placed = Error::Internal("slot missing".into()).at(here);
        assert_eq!(placed.to_string(), "in function 'f', instruction `%m = fmul double %x, %y`: internal error (please report this): slot missing");
        // The innermost place wins: a caller's instruction does not replace the callee's.
        let outer = || Location { function: "g".into(), ..Default::default() };
        assert!(placed.at(outer).to_string().starts_with("in function 'f'"));
        let user = Error::Unsupported { location: here(), what: "w".into(), hint: "h".into() };
        assert!(matches!(user.at(outer), Error::Unsupported { .. }));
    }
}
