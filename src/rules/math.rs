//! Parser for the `rules/*.rules` data files: partial derivatives of math functions as expressions,
//! and the list of known-inactive functions.
use super::linear::TangentRule;
use crate::diag::{Error, Result};
use std::collections::HashMap;

/// An expression over a function's arguments and result.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Number(f64),
    /// Argument by position.
    Arg(usize),
    Result,
    /// The tangent of an argument (instruction rules only: `da`).
    Tangent(usize),
    Neg(Box<Expr>),
    Binary(char, Box<Expr>, Box<Expr>),
    Call(String, Vec<Expr>),
}

impl Expr {
    /// Whether the expression can be infinite or NaN for finite arguments (a division, a log, a
    /// power...). Only such partials need a guard that makes `partial · 0` exactly zero.
    pub fn may_blow_up(&self) -> bool {
        let mut blows = false;
        self.visit(&mut |e| match e {
            Expr::Binary('/', _, _) => blows = true,
            Expr::Call(name, _) if !matches!(name.as_str(), "select" | "lt" | "le" | "gt" | "ge" | "copysign" | "sin" | "cos" | "trunc" | "fabs") => blows = true,
            _ => {}
        });
        blows
    }

    /// Calls `f` on this expression and every subexpression.
    pub fn visit(&self, f: &mut impl FnMut(&Expr)) {
        f(self);
        match self {
            Expr::Neg(e) => e.visit(f),
            Expr::Binary(_, a, b) => {
                a.visit(f);
                b.visit(f);
            }
            Expr::Call(_, args) => args.iter().for_each(|a| a.visit(f)),
            _ => {}
        }
    }
}

/// The derivative rule of one math function.
#[derive(Debug, Clone, PartialEq)]
pub struct MathRule {
    pub name: String,
    pub params: Vec<String>,
    /// One partial per argument; `None` for an argument without derivative (`_`).
    pub partials: Vec<Option<Expr>>,
    /// `linear`: the function is linear in its float arguments, so its tangent is the same call
    /// on the tangents (e.g. llvm.vector.reduce.fadd).
    pub linear: bool,
}

impl MathRule {
    /// The arguments (sorted) and whether the result are referenced by the partials of the
    /// arguments marked `active`: what a reverse sweep needs to evaluate them.
    pub fn references(&self, active: &[bool]) -> (Vec<usize>, bool) {
        let (mut args, mut result) = (std::collections::BTreeSet::new(), false);
        for (i, partial) in self.partials.iter().enumerate() {
            if let (Some(expr), true) = (partial, active.get(i).copied().unwrap_or(false)) {
                expr.visit(&mut |e| match e {
                    Expr::Arg(a) => {
                        args.insert(*a);
                    }
                    Expr::Result => result = true,
                    _ => {}
                });
            }
        }
        (args.into_iter().collect(), result)
    }
}

/// All math rules by every name they answer to, plus the inactive function names.
#[derive(Debug, Default, Clone)]
pub struct MathTable {
    by_name: HashMap<String, MathRule>,
    /// Tangent rules of instructions, by opcode name (`fmul`).
    instructions: HashMap<String, TangentRule>,
    inactive_exact: Vec<String>,
    inactive_prefix: Vec<String>,
}

/// The instructions `rules/instructions.rules` may give tangents (see `MathTable::for_opcode`).
const INSTRUCTIONS: &[&str] = &["fneg", "fadd", "fsub", "fmul", "fdiv", "frem"];

/// Helper functions usable in expressions besides the rules' own names.
pub const BUILTINS: &[&str] = &["select", "lt", "le", "gt", "ge"];

impl MathTable {
    /// The built-in tables embedded from `rules/`.
    pub fn builtin() -> Result<Self> {
        let mut table = MathTable::default();
        table.add_source("rules/math.rules", include_str!("../../rules/math.rules"))?;
        table.add_source("rules/instructions.rules", include_str!("../../rules/instructions.rules"))?;
        table.add_source("rules/inactive.rules", include_str!("../../rules/inactive.rules"))?;
        Ok(table)
    }

    /// Adds the entries of one rules file. A line with `=` is an instruction's tangent rule, a line
    /// with `(` or `:` a math rule, a bare name an inactive function.
    pub fn add_source(&mut self, file: &str, text: &str) -> Result<()> {
        let mut added = Vec::new();
        for (number, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let err = |what: String| Error::RuleFile { file: file.to_string(), line: number + 1, what };
            if line.contains('=') {
                let rule = parse_instruction_rule(line).map_err(err)?;
                self.check_calls(&rule.tangent).map_err(err)?;
                self.instructions.insert(rule.name.clone(), rule);
            } else if line.contains('(') || line.contains(':') {
                let (names, rule) = parse_rule(line).map_err(err)?;
                for name in names {
                    self.by_name.insert(name, rule.clone());
                }
                added.push((number + 1, rule));
            } else if let Some(prefix) = line.strip_suffix('*') {
                self.inactive_prefix.push(prefix.to_string());
            } else if line.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.') {
                self.inactive_exact.push(line.to_string());
            } else {
                return Err(err(format!("expected a function name or 'name(args): partials', found '{line}'")));
            }
        }
        // Calls are checked once the whole file is read: a rule may use one defined further down.
        for (line, rule) in added {
            for expr in rule.partials.iter().flatten() {
                self.check_calls(expr).map_err(|what| Error::RuleFile { file: file.to_string(), line, what })?;
            }
        }
        Ok(())
    }

    fn check_calls(&self, expr: &Expr) -> std::result::Result<(), String> {
        match expr {
            Expr::Call(name, args) => {
                if !self.by_name.contains_key(name) && !BUILTINS.contains(&name.as_str()) {
                    return Err(format!("unknown function '{name}' in expression"));
                }
                args.iter().try_for_each(|a| self.check_calls(a))
            }
            Expr::Neg(e) => self.check_calls(e),
            Expr::Binary(_, a, b) => {
                self.check_calls(a)?;
                self.check_calls(b)
            }
            _ => Ok(()),
        }
    }

    /// The rule for a called function: `llvm.sin.f64` → sin, `sinf`/`sinl` → sin, `sin` → sin.
    pub fn lookup(&self, function_name: &str) -> Option<&MathRule> {
        if let Some(rest) = function_name.strip_prefix("llvm.") {
            // `vector.reduce.fadd.v4f64` -> try `vector.reduce.fadd.v4f64`, `vector.reduce.fadd`, ...
            let parts: Vec<&str> = rest.split('.').collect();
            return (1..=parts.len()).rev().find_map(|n| self.by_name.get(&parts[..n].join(".")));
        }
        self.by_name.get(function_name).or_else(|| {
            let base = function_name.strip_suffix('f').or_else(|| function_name.strip_suffix('l'))?;
            self.by_name.get(base)
        })
    }

    /// The tangent rule of an instruction, by LLVM opcode name (`fmul`).
    pub fn instruction(&self, opcode: &str) -> Option<&TangentRule> {
        self.instructions.get(opcode)
    }

    /// The tangent rule of a float instruction, if it has one.
    pub fn for_opcode(&self, opcode: inkwell::values::InstructionOpcode) -> Option<&TangentRule> {
        use inkwell::values::InstructionOpcode::*;
        let name = match opcode {
            FNeg => "fneg",
            FAdd => "fadd",
            FSub => "fsub",
            FMul => "fmul",
            FDiv => "fdiv",
            FRem => "frem",
            _ => return None,
        };
        self.instruction(name)
    }

    /// The opcodes with tangent rules, sorted.
    pub fn instruction_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.instructions.keys().cloned().collect();
        names.sort();
        names
    }

    pub fn rule(&self, name: &str) -> Option<&MathRule> {
        self.by_name.get(name)
    }

    pub fn is_inactive(&self, function_name: &str) -> bool {
        self.inactive_exact.iter().any(|n| n == function_name) || self.inactive_prefix.iter().any(|p| function_name.starts_with(p.as_str()))
    }
}

/// `opcode(a, b) = tangent`, the tangent linear in `da`, `db`.
fn parse_instruction_rule(line: &str) -> std::result::Result<TangentRule, String> {
    let (head, body) = line.split_once('=').ok_or("missing '=' between the instruction and its tangent")?;
    let open = head.find('(').ok_or("missing '(' in the instruction")?;
    let close = head.rfind(')').ok_or("missing ')' in the instruction")?;
    let name = head[..open].trim().to_string();
    if !INSTRUCTIONS.contains(&name.as_str()) {
        return Err(format!("'{name}' is not an instruction with a tangent rule (one of {})", INSTRUCTIONS.join(", ")));
    }
    let params: Vec<String> = head[open + 1..close].split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
    let mut parser = Parser { tokens: tokenize(body)?, pos: 0, params: &params, tangents: true };
    let tangent = parser.expr()?;
    if parser.pos != parser.tokens.len() {
        return Err(format!("unexpected '{}' in the tangent", parser.tokens[parser.pos]));
    }
    super::linear::check_linear(&tangent)?;
    Ok(TangentRule { name, params, tangent })
}

fn parse_rule(line: &str) -> std::result::Result<(Vec<String>, MathRule), String> {
    let (head, body) = line.split_once(':').ok_or("missing ':' between the signature and the partial derivatives")?;
    let open = head.find('(').ok_or("missing '(' in the signature")?;
    let close = head.rfind(')').ok_or("missing ')' in the signature")?;
    let names: Vec<String> = head[..open].split('|').map(|s| s.trim().to_string()).collect();
    let valid_name = |n: &String| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    if !names.iter().all(valid_name) {
        return Err(format!("bad function name(s) '{}'", &head[..open]));
    }
    let params: Vec<String> = head[open + 1..close].split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
    if body.trim() == "linear" {
        let partials = params.iter().map(|_| Some(Expr::Number(1.0))).collect();
        return Ok((names.clone(), MathRule { name: names[0].clone(), params, partials, linear: true }));
    }
    let mut partials = Vec::new();
    for part in split_top_level(body) {
        let part = part.trim();
        if part == "_" {
            partials.push(None);
            continue;
        }
        let mut parser = Parser { tokens: tokenize(part)?, pos: 0, params: &params, tangents: false };
        let expr = parser.expr()?;
        if parser.pos != parser.tokens.len() {
            return Err(format!("unexpected '{}' in '{part}'", parser.tokens[parser.pos]));
        }
        partials.push(Some(expr));
    }
    if partials.len() != params.len() {
        return Err(format!("{} argument(s) but {} partial derivative(s)", params.len(), partials.len()));
    }
    let rule = MathRule { name: names[0].clone(), params, partials, linear: false };
    Ok((names, rule))
}

/// Splits at commas that are not inside parentheses.
fn split_top_level(text: &str) -> Vec<&str> {
    let (mut depth, mut start, mut parts) = (0i32, 0usize, Vec::new());
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

fn tokenize(text: &str) -> std::result::Result<Vec<String>, String> {
    let mut tokens = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if "+-*/(),".contains(c) {
            tokens.push(c.to_string());
            i += 1;
        } else if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_' || chars[i] == '.') {
                i += 1;
            }
            tokens.push(chars[start..i].iter().collect());
        } else {
            return Err(format!("unexpected character '{c}'"));
        }
    }
    Ok(tokens)
}

struct Parser<'a> {
    tokens: Vec<String>,
    pos: usize,
    params: &'a [String],
    /// `d<param>` names the tangent of a parameter (instruction rules).
    tangents: bool,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.pos).map(|s| s.as_str())
    }
    fn next(&mut self) -> std::result::Result<String, String> {
        let t = self.tokens.get(self.pos).cloned().ok_or("unexpected end of expression")?;
        self.pos += 1;
        Ok(t)
    }
    fn expect(&mut self, want: &str) -> std::result::Result<(), String> {
        let got = self.next()?;
        if got == want { Ok(()) } else { Err(format!("expected '{want}', found '{got}'")) }
    }
    fn expr(&mut self) -> std::result::Result<Expr, String> {
        let mut left = self.term()?;
        while let Some(op) = self.peek().filter(|t| *t == "+" || *t == "-").map(|t| t.chars().next().unwrap_or('+')) {
            self.pos += 1;
            left = Expr::Binary(op, Box::new(left), Box::new(self.term()?));
        }
        Ok(left)
    }
    fn term(&mut self) -> std::result::Result<Expr, String> {
        let mut left = self.unary()?;
        while let Some(op) = self.peek().filter(|t| *t == "*" || *t == "/").map(|t| t.chars().next().unwrap_or('*')) {
            self.pos += 1;
            left = Expr::Binary(op, Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }
    fn unary(&mut self) -> std::result::Result<Expr, String> {
        if self.peek() == Some("-") {
            self.pos += 1;
            return Ok(Expr::Neg(Box::new(self.unary()?)));
        }
        self.primary()
    }
    fn primary(&mut self) -> std::result::Result<Expr, String> {
        let token = self.next()?;
        if token == "(" {
            let e = self.expr()?;
            self.expect(")")?;
            return Ok(e);
        }
        if let Ok(x) = token.parse::<f64>() {
            return Ok(Expr::Number(x));
        }
        if !token.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_') {
            return Err(format!("unexpected '{token}'"));
        }
        if self.peek() == Some("(") {
            self.pos += 1;
            let mut args = Vec::new();
            if self.peek() != Some(")") {
                loop {
                    args.push(self.expr()?);
                    if self.peek() == Some(",") {
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
            }
            self.expect(")")?;
            return Ok(Expr::Call(token, args));
        }
        if token == "result" {
            return Ok(Expr::Result);
        }
        if let Some(i) = token.strip_prefix('d').filter(|_| self.tangents).and_then(|p| self.params.iter().position(|q| q == p)) {
            return Ok(Expr::Tangent(i));
        }
        match self.params.iter().position(|p| *p == token) {
            Some(i) => Ok(Expr::Arg(i)),
            None => Err(format!("unknown name '{token}' (arguments are {})", self.params.join(", "))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_tables_parse() {
        let table = MathTable::builtin().expect("embedded rules parse");
        let pow = table.lookup("llvm.pow.f64").expect("pow rule");
        assert_eq!(pow.params, vec!["x", "y"]);
        assert_eq!(table.lookup("sinf").map(|r| r.name.as_str()), Some("sin"));
        assert_eq!(table.lookup("llvm.minnum.v4f64").map(|r| r.name.as_str()), Some("fmin"));
        assert!(table.is_inactive("printf"));
        assert!(table.is_inactive("llvm.lifetime.start.p0"));
        assert!(!table.is_inactive("sin"));
        assert!(table.lookup("llvm.vector.reduce.fadd.v4f64").is_some_and(|r| r.linear));
        assert_eq!(table.lookup("llvm.fmuladd.f64").map(|r| r.name.as_str()), Some("fma"));
    }

    #[test]
    fn precedence_and_unary_minus() {
        let (_, rule) = parse_rule("f(x, y): -x * y + 2 / x, _").expect("parses");
        let expected = Expr::Binary(
            '+',
            Box::new(Expr::Binary('*', Box::new(Expr::Neg(Box::new(Expr::Arg(0)))), Box::new(Expr::Arg(1)))),
            Box::new(Expr::Binary('/', Box::new(Expr::Number(2.0)), Box::new(Expr::Arg(0)))),
        );
        assert_eq!(rule.partials, vec![Some(expected), None]);
    }

    #[test]
    fn malformed_rules_name_file_and_line() {
        let mut table = MathTable::default();
        let err = table.add_source("extra.rules", "# comment\nsin(x): cos(x)\nbad(x): x +\n").unwrap_err();
        assert_eq!(err.to_string(), "extra.rules:3: invalid rule: unexpected end of expression");
        let err = MathTable::default().add_source("e.rules", "g(x, y): 1\n").unwrap_err();
        assert_eq!(err.to_string(), "e.rules:1: invalid rule: 2 argument(s) but 1 partial derivative(s)");
        let err = MathTable::default().add_source("e.rules", "g(x): q\n").unwrap_err();
        assert!(err.to_string().contains("unknown name 'q'"), "{err}");
        let err = MathTable::default().add_source("e.rules", "\ng(x): nosuch(x)\n").unwrap_err();
        assert_eq!(err.to_string(), "e.rules:2: invalid rule: unknown function 'nosuch' in expression");
    }
}
