//! Structural instructions, described once for every mode: each is linear in some operands (its
//! tangent, or a pointer's shadow, is the same instruction applied to their tangents/shadows) and
//! reads the others as they are (a select's condition, a lane index). Activity analysis lets
//! derivatives flow through the linear operands only; forward mode and the augmented primal apply
//! the instruction to their tangents/shadows (`synth::shadows`); the reverse plan keeps what the
//! transpose reads; the transposes themselves are in `synth/reverse/sweep/adjoints.rs`.
use inkwell::values::InstructionOpcode;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Structure {
    /// Operands the result is linear in.
    pub linear: &'static [u32],
    /// Operands the transpose reads as primal values, and why (for `--print-tape`).
    pub reads: Option<(u32, &'static str)>,
    /// The transpose reads the shadow of operand 0 (a load's adjoint goes to shadow memory).
    pub reads_shadow: bool,
}

const fn linear(operands: &'static [u32]) -> Structure {
    Structure { linear: operands, reads: None, reads_shadow: false }
}

/// The structure of a linear instruction; `None` for everything else (arithmetic has tangent
/// rules in `rules/instructions.rules`, stores, calls and phis their own handling).
pub fn structure(opcode: InstructionOpcode) -> Option<Structure> {
    use InstructionOpcode::*;
    Some(match opcode {
        FPTrunc | FPExt | BitCast | AddrSpaceCast | Freeze | GetElementPtr | PtrToInt | IntToPtr | ExtractValue => linear(&[0]),
        InsertValue | ShuffleVector => linear(&[0, 1]),
        Select => Structure { linear: &[1, 2], reads: Some((0, "select condition")), reads_shadow: false },
        ExtractElement => Structure { linear: &[0], reads: Some((1, "vector lane")), reads_shadow: false },
        InsertElement => Structure { linear: &[0, 1], reads: Some((2, "vector lane")), reads_shadow: false },
        Load => Structure { linear: &[0], reads: None, reads_shadow: true },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_and_lanes_are_read_not_differentiated() {
        use InstructionOpcode::*;
        for opcode in [Select, ExtractElement, InsertElement] {
            let s = structure(opcode).expect("structural");
            let (read, _) = s.reads.expect("reads an index or condition");
            assert!(!s.linear.contains(&read), "{opcode:?} reads operand {read} it is linear in");
        }
        assert!(structure(Load).is_some_and(|s| s.reads_shadow));
        assert!(structure(FMul).is_none() && structure(Store).is_none() && structure(Phi).is_none());
    }
}
