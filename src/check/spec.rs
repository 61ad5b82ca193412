//! What a check request asks for: its pattern text read into the activity combinations (test
//! sets) to run, and its options. Pure: shapes and rule patterns in, combinations out.
use crate::model::Activity;
use crate::rules::custom::Pattern;

/// The mode a check runs the derivative in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckMode {
    Forward,
    Reverse,
}

impl CheckMode {
    pub fn name(self) -> &'static str {
        match self {
            CheckMode::Forward => "forward",
            CheckMode::Reverse => "reverse",
        }
    }
}

/// What a parameter or the return is, as far as activities go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// No return value.
    Void,
    /// An array of floating-point elements (a pointer parameter).
    FloatArray,
    /// An array of integers: no derivative, but a shadow may be passed.
    IntArray,
    /// A floating-point scalar.
    Float,
    /// An integer scalar: always const.
    Int,
}

impl Shape {
    /// The activities a value of this shape can take in `mode` (as an argument, or the return).
    fn admissible(self, mode: CheckMode, is_return: bool) -> &'static [Activity] {
        use Activity::*;
        match (self, mode, is_return) {
            (Shape::Void | Shape::Int, _, _) => &[Const],
            (Shape::Float, CheckMode::Forward, true) => &[Const, DupNoNeed, Dup],
            (Shape::Float, CheckMode::Reverse, true) => &[Const, Out],
            (Shape::FloatArray | Shape::IntArray, _, true) => &[Const],
            (Shape::Float, CheckMode::Forward, false) => &[Const, Dup],
            (Shape::Float, CheckMode::Reverse, false) => &[Const, Out],
            (Shape::FloatArray | Shape::IntArray, _, false) => &[Const, Dup],
        }
    }
}

/// One activity combination: the return's, then each argument's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivitySet {
    pub ret: Activity,
    pub args: Vec<Activity>,
}

/// Tolerances and the like, from words after the pattern.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CheckOptions {
    pub rtol: f64,
    pub atol: f64,
    pub seed: u64,
    pub verbose: bool,
}

/// A parsed check request: the combinations to run and the options.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckSpec {
    pub sets: Vec<ActivitySet>,
    pub options: CheckOptions,
}

/// Reads `text` ("ret=... args=... [rtol=..] [atol=..] [seed=..] [verbose]", or "all"/"" for
/// every combination) for a function of the given shapes. `own_rules`: the patterns of the
/// function's own rules of this mode, which "all" means when there are any.
pub fn parse(text: &str, mode: CheckMode, ret: Shape, params: &[Shape], own_rules: &[Pattern]) -> Result<CheckSpec, String> {
    let mut pattern_words = Vec::new();
    let mut options = CheckOptions::default();
    for word in text.split_whitespace() {
        let number = |v: &str| v.parse::<f64>().ok().filter(|x| x.is_finite() && *x >= 0.0).ok_or_else(|| format!("'{word}': expected a non-negative number"));
        match word.split_once('=') {
            Some(("rtol", v)) => options.rtol = number(v)?,
            Some(("atol", v)) => options.atol = number(v)?,
            Some(("seed", v)) => options.seed = v.parse().map_err(|_| format!("'{word}': expected an integer seed"))?,
            None if word == "verbose" => options.verbose = true,
            None if word == "all" => {}
            _ => pattern_words.push(word),
        }
    }
    let sets = if pattern_words.is_empty() {
        every_combination(mode, ret, params, own_rules)
    } else {
        let pattern = Pattern::parse(&pattern_words.join(" "), params.len())?;
        let sets = cross_product(&pattern);
        for set in &sets {
            check_admissible(set, mode, ret, params)?;
        }
        sets
    };
    Ok(CheckSpec { sets, options })
}

/// "all": the function's own rules' combinations (those its shapes admit), or every one.
fn every_combination(mode: CheckMode, ret: Shape, params: &[Shape], own_rules: &[Pattern]) -> Vec<ActivitySet> {
    let everything = Pattern { ret: ret.admissible(mode, true).to_vec(), args: params.iter().map(|p| p.admissible(mode, false).to_vec()).collect() };
    let patterns = if own_rules.is_empty() { std::slice::from_ref(&everything) } else { own_rules };
    let mut sets: Vec<ActivitySet> = Vec::new();
    for set in patterns.iter().flat_map(cross_product) {
        if check_admissible(&set, mode, ret, params).is_ok() && !sets.contains(&set) {
            sets.push(set);
        }
    }
    sets
}

/// Every combination of a pattern's alternatives, the last argument varying fastest.
fn cross_product(pattern: &Pattern) -> Vec<ActivitySet> {
    let mut sets = vec![ActivitySet { ret: Activity::Const, args: Vec::new() }];
    sets = pattern.ret.iter().flat_map(|r| sets.iter().map(move |s| ActivitySet { ret: *r, ..s.clone() })).collect();
    for alternatives in &pattern.args {
        sets = sets
            .iter()
            .flat_map(|s| {
                alternatives.iter().map(move |a| {
                    let mut args = s.args.clone();
                    args.push(*a);
                    ActivitySet { ret: s.ret, args }
                })
            })
            .collect();
    }
    sets
}

fn check_admissible(set: &ActivitySet, mode: CheckMode, ret: Shape, params: &[Shape]) -> Result<(), String> {
    let allowed = |shape: Shape, is_return: bool| shape.admissible(mode, is_return).iter().map(|a| a.name()).collect::<Vec<_>>().join("|");
    if !ret.admissible(mode, true).contains(&set.ret) {
        return Err(format!("ret={} in {} mode: a {} return can be {}", set.ret.name(), mode.name(), ret.describe(), allowed(ret, true)));
    }
    for (i, (a, shape)) in set.args.iter().zip(params).enumerate() {
        if !shape.admissible(mode, false).contains(a) {
            return Err(format!("argument {} is {} in {} mode: a {} argument can be {}", i + 1, a.name(), mode.name(), shape.describe(), allowed(*shape, false)));
        }
    }
    Ok(())
}

impl Shape {
    fn describe(self) -> &'static str {
        match self {
            Shape::Void => "void",
            Shape::FloatArray => "floating-point array",
            Shape::IntArray => "integer array",
            Shape::Float => "floating-point",
            Shape::Int => "integer",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Activity::*;

    const SEED: [Shape; 2] = [Shape::FloatArray, Shape::FloatArray];

    #[test]
    fn the_seeds_forward_sets_are_twelve() {
        let spec = parse("ret=const|dupnoneed|dup args=const|dup,const|dup", CheckMode::Forward, Shape::Float, &SEED, &[]).unwrap();
        assert_eq!(spec.sets.len(), 12);
        assert_eq!(spec.sets[0], ActivitySet { ret: Const, args: vec![Const, Const] });
        assert_eq!(spec.sets[1], ActivitySet { ret: Const, args: vec![Const, Dup] });
        assert_eq!(spec.sets[11], ActivitySet { ret: Dup, args: vec![Dup, Dup] });
    }

    #[test]
    fn all_means_the_own_rules_or_everything() {
        let rule = Pattern::parse("ret=active args=dup,dup", 2).unwrap();
        let spec = parse("all", CheckMode::Reverse, Shape::Float, &SEED, &[rule]).unwrap();
        assert_eq!(spec.sets, vec![ActivitySet { ret: Out, args: vec![Dup, Dup] }]);
        let spec = parse("", CheckMode::Reverse, Shape::Float, &[Shape::Float, Shape::Int], &[]).unwrap();
        assert_eq!(spec.sets.len(), 4, "ret const|active × a const|active × n const");
    }

    #[test]
    fn options_follow_the_pattern() {
        let spec = parse("ret=dup args=dup,dup rtol=1e-8 seed=7 verbose", CheckMode::Forward, Shape::Float, &SEED, &[]).unwrap();
        assert_eq!(spec.options, CheckOptions { rtol: 1e-8, atol: 0.0, seed: 7, verbose: true });
    }

    #[test]
    fn activities_the_shapes_do_not_admit_are_errors() {
        let e = parse("ret=active args=dup,dup", CheckMode::Forward, Shape::Float, &SEED, &[]).unwrap_err();
        assert!(e.contains("ret=active in forward mode"), "{e}");
        let e = parse("ret=active args=active", CheckMode::Reverse, Shape::Float, &[Shape::FloatArray], &[]).unwrap_err();
        assert!(e.contains("argument 1 is active"), "{e}");
        let e = parse("ret=dup args=dup", CheckMode::Forward, Shape::Float, &SEED, &[]).unwrap_err();
        assert!(e.contains("lists 1 argument(s) but the function takes 2"), "{e}");
        assert!(parse("rtol=-1", CheckMode::Forward, Shape::Float, &SEED, &[]).is_err());
    }
}
