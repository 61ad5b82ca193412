//! Enzyme's source attributes (`__attribute__((enzyme_inactive))`, `enzyme_inactive_noblock`,
//! `enzyme_function_like("log1p")`) change derivatives, but clang only knows them with llad's
//! front-end half loaded (`-Xclang -load -Xclang libllad.so`); without it they are dropped with a
//! warning and the marked function would be differentiated as written. So before differentiating,
//! the module's main source file is read: if it uses one of these attributes and the module lacks
//! the front end's marker (`__llad_frontend_attributes`), that is an error, not a different
//! derivative. (Headers are not read; a source file that cannot be read is not checked.)
use crate::diag::{Error, Result};
use crate::ir;
use crate::model::location_of;
use inkwell::module::Module;
use inkwell::values::InstructionValue;

/// The attributes whose loss changes a derivative's value (hints such as enzyme_shouldrecompute
/// only change its cost).
const SEMANTIC: [&str; 3] = ["enzyme_inactive", "enzyme_inactive_noblock", "enzyme_function_like"];

/// The front end's marker global.
pub const MARKER: &str = "__llad_frontend_attributes";

/// Refuses to go on when the source of `module` uses Enzyme attributes that clang dropped.
/// `requests` locates the error (the first request).
pub fn check_not_dropped(module: &Module<'_>, requests: &[InstructionValue<'_>]) -> Result<()> {
    let Some(first) = requests.first() else { return Ok(()) };
    if module.get_globals().any(|g| ir::cstr_lossy(g.get_name()).contains(MARKER)) {
        return Ok(());
    }
    let path = module.get_source_file_name().to_string_lossy().into_owned();
    let Ok(text) = std::fs::read_to_string(&path) else { return Ok(()) };
    let Some((attribute, line)) = semantic_attributes(&text).into_iter().next() else { return Ok(()) };
    let function = first.get_parent().and_then(|b| b.get_parent()).expect("request inside a function");
    Err(Error::Unsupported {
        location: location_of(function, *first),
        what: format!("{path}:{line} marks a declaration `{attribute}`, but clang ignored the attribute (llad's front end was not loaded), so llad would differentiate it as written"),
        hint: "load llad into clang's front end too: add `-Xclang -load -Xclang <path>/libllad.so` (or `-fplugin=<path>/libllad.so`) beside `-fpass-plugin`".into(),
    })
}

/// The semantic Enzyme attributes used in C/C++ `text`, with their lines: identifiers inside
/// `__attribute__((...))` or `[[...]]`, outside comments and string literals.
pub fn semantic_attributes(text: &str) -> Vec<(String, usize)> {
    let code = without_comments_and_strings(text);
    let mut found = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        let region = if rest.starts_with(b"__attribute__") {
            bytes[i..].iter().position(|b| *b == b'(').and_then(|p| balanced(bytes, i + p))
        } else if rest.starts_with(b"[[") {
            rest.windows(2).position(|w| w == b"]]").map(|end| (i, i + end))
        } else {
            None
        };
        match region {
            Some((start, end)) => {
                for (name, offset) in identifiers(&code[start..end]) {
                    let name = name.strip_prefix("enzyme::").map(|n| format!("enzyme_{n}")).unwrap_or(name);
                    if SEMANTIC.contains(&name.as_str()) {
                        let line = bytes[..start + offset].iter().filter(|b| **b == b'\n').count() + 1;
                        found.push((name, line));
                    }
                }
                i = end.max(i + 1);
            }
            None => i += 1,
        }
    }
    found
}

/// The byte range of the parenthesized group opening at `open`.
fn balanced(bytes: &[u8], open: usize) -> Option<(usize, usize)> {
    let mut depth = 0;
    for (k, b) in bytes[open..].iter().enumerate() {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some((open, open + k + 1));
                }
            }
            _ => {}
        }
    }
    None
}

/// Identifiers (scoped ones such as `enzyme::inactive` whole) in `s`, with their offsets.
fn identifiers(s: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (at, c) in s.char_indices().chain([(s.len(), ' ')]) {
        let part = c.is_ascii_alphanumeric() || c == '_' || c == ':';
        match (part, start) {
            (true, None) => start = Some(at),
            (false, Some(b)) => {
                out.push((s[b..at].trim_matches(':').to_string(), b));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// `text` with comments and string/char literals blanked (newlines kept, so lines still count).
fn without_comments_and_strings(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                    }
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                out.push(' ');
            }
            '"' | '\'' => {
                let quote = c;
                let mut escaped = false;
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                    }
                    if !escaped && c == quote {
                        break;
                    }
                    escaped = !escaped && c == '\\';
                }
                out.push_str("\"\"");
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_attributes_in_code_only() {
        let src = "// __attribute__((enzyme_inactive)) in a comment\n\
                   /* [[enzyme::inactive]] */\n\
                   const char *s = \"__attribute__((enzyme_inactive))\";\n\
                   void *__enzyme_inactivefn_x[] = {0};\n\
                   __attribute__((noinline, enzyme_inactive)) void log_call(double);\n\
                   __attribute__ ((enzyme_function_like(\"log1p\"))) double f(double);\n\
                   [[enzyme::inactive_noblock]] void g(void);\n\
                   __attribute__((enzyme_shouldrecompute)) double h(double);\n";
        let found = semantic_attributes(src);
        assert_eq!(
            found,
            vec![("enzyme_inactive".to_string(), 5), ("enzyme_function_like".to_string(), 6), ("enzyme_inactive_noblock".to_string(), 7)]
        );
    }

    #[test]
    fn plain_code_has_none() {
        assert!(semantic_attributes("int enzyme_inactive = 3; double f(double x) { return x; }").is_empty());
        assert!(semantic_attributes("__attribute__((always_inline)) static int g(void);").is_empty());
    }
}
