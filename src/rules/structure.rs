//! Structural instructions, described once for every mode: each is linear in some operands (its
//! tangent, or a pointer's shadow, is the same instruction applied to their tangents/shadows),
//! reads the others as they are (a select's condition, a lane index), and has one transpose.
//! Activity analysis lets derivatives flow through the linear operands only; forward mode and the
//! augmented primal apply the instruction to their tangents/shadows (`synth::shadows`); the
//! reverse plan keeps what the transpose reads; the reverse sweep emits the [`Transpose`] named
//! here (`synth/reverse/sweep/adjoints.rs`). The unit tests check each transpose against the
//! instruction's meaning on random inputs.
use inkwell::values::InstructionOpcode;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Structure {
    /// Operands the result is linear in.
    pub linear: &'static [u32],
    /// Operands the transpose reads as primal values, and why (for `--print-tape`).
    pub reads: Option<(u32, &'static str)>,
    /// The transpose reads the shadow of operand 0 (a load's adjoint goes to shadow memory).
    pub reads_shadow: bool,
    /// How the result's adjoint goes back to the linear operands.
    pub transpose: Transpose,
}

/// The transpose of a structural instruction: where the adjoint of its result goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Transpose {
    /// Unchanged to operand 0 (`freeze`).
    Same,
    /// To operand 0 through the inverse float conversion (`fpext` ⇄ `fptrunc`).
    InverseConversion,
    /// To operand 0, read as that operand's floats of the same size (`bitcast`).
    Reinterpret,
    /// To the operand the condition chose, zero to the other (`select`).
    ByCondition,
    /// Into a zero aggregate or vector, at the index the instruction read (`extractvalue`,
    /// `extractelement`).
    IntoZeroAt,
    /// The element at the index to the inserted value (operand 1), the rest to the aggregate
    /// (`insertvalue`, `insertelement`).
    SplitAt,
    /// Each result lane back to the lane the mask took it from, summed (`shufflevector`).
    ThroughMask,
    /// Added into the shadow memory the value was read from (`load`).
    IntoShadowMemory,
    /// Addresses carry shadows, not adjoints (`getelementptr`, `ptrtoint`, `inttoptr`,
    /// `addrspacecast`): an active one is an error.
    NoAdjoint,
}

const fn linear(operands: &'static [u32], transpose: Transpose) -> Structure {
    Structure { linear: operands, reads: None, reads_shadow: false, transpose }
}

/// The structure of a linear instruction; `None` for everything else (arithmetic has tangent
/// rules in `rules/instructions.rules`, stores, calls and phis their own handling).
pub fn structure(opcode: InstructionOpcode) -> Option<Structure> {
    use InstructionOpcode::*;
    use Transpose::*;
    Some(match opcode {
        Freeze => linear(&[0], Same),
        FPTrunc | FPExt => linear(&[0], InverseConversion),
        BitCast => linear(&[0], Reinterpret),
        GetElementPtr | PtrToInt | IntToPtr | AddrSpaceCast => linear(&[0], NoAdjoint),
        ExtractValue => linear(&[0], IntoZeroAt),
        InsertValue => linear(&[0, 1], SplitAt),
        ShuffleVector => linear(&[0, 1], ThroughMask),
        Select => Structure { linear: &[1, 2], reads: Some((0, "select condition")), reads_shadow: false, transpose: ByCondition },
        ExtractElement => Structure { linear: &[0], reads: Some((1, "vector lane")), reads_shadow: false, transpose: IntoZeroAt },
        InsertElement => Structure { linear: &[0, 1], reads: Some((2, "vector lane")), reads_shadow: false, transpose: SplitAt },
        Load => Structure { linear: &[0], reads: None, reads_shadow: true, transpose: IntoShadowMemory },
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

    /// What the non-linear operands of one instance are: a condition, an index, a mask.
    struct Instance {
        condition: bool,
        index: usize,
        mask: Vec<i32>,
    }

    /// The instruction's meaning on its linear operands (vectors of reals; a scalar has one
    /// element, an aggregate one per field), as LLVM defines it. Conversions and loads are the
    /// identity on the reals they carry.
    fn apply(opcode: InstructionOpcode, at: &Instance, x: &[Vec<f64>]) -> Vec<f64> {
        use InstructionOpcode::*;
        match opcode {
            Freeze | FPTrunc | FPExt | BitCast | Load => x[0].clone(),
            Select => (if at.condition { &x[0] } else { &x[1] }).clone(),
            ExtractValue | ExtractElement => vec![x[0][at.index]],
            InsertValue | InsertElement => {
                let mut r = x[0].clone();
                r[at.index] = x[1][0];
                r
            }
            ShuffleVector => {
                let both: Vec<f64> = x[0].iter().chain(&x[1]).copied().collect();
                at.mask.iter().map(|&m| if m < 0 { 0.0 } else { both[m as usize] }).collect()
            }
            other => panic!("{other:?} has no model"),
        }
    }

    /// The adjoints of the linear operands (shaped like `shapes`) for the result's adjoint `w`,
    /// as the reverse sweep computes them for each kind of transpose.
    fn transpose(kind: Transpose, at: &Instance, shapes: &[usize], w: &[f64]) -> Vec<Vec<f64>> {
        let mut out: Vec<Vec<f64>> = shapes.iter().map(|n| vec![0.0; *n]).collect();
        match kind {
            Transpose::Same | Transpose::InverseConversion | Transpose::Reinterpret | Transpose::IntoShadowMemory => out[0] = w.to_vec(),
            Transpose::ByCondition => out[if at.condition { 0 } else { 1 }] = w.to_vec(),
            Transpose::IntoZeroAt => out[0][at.index] = w[0],
            Transpose::SplitAt => {
                out[1][0] = w[at.index];
                out[0] = w.to_vec();
                out[0][at.index] = 0.0;
            }
            Transpose::ThroughMask => {
                let n = shapes[0];
                for (j, &m) in at.mask.iter().enumerate() {
                    if m >= 0 {
                        let (target, lane) = if (m as usize) < n { (0, m as usize) } else { (1, m as usize - n) };
                        out[target][lane] += w[j];
                    }
                }
            }
            Transpose::NoAdjoint => panic!("addresses have no adjoint"),
        }
        out
    }

    fn uniform(state: &mut u64) -> f64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        (*state >> 11) as f64 / (1u64 << 53) as f64 * 4.0 - 2.0
    }

    /// Every structural instruction with an adjoint: its transpose satisfies <A v, w> = <v, Aᵀ w>
    /// for its meaning `A`, on random operands, indices, conditions and masks (with repeated and
    /// undefined lanes).
    #[test]
    fn transposes_are_transposes() {
        use InstructionOpcode::*;
        let mut state = 0x2545F4914F6CDD1Du64;
        let opcodes = [Freeze, FPTrunc, FPExt, BitCast, Load, Select, ExtractValue, ExtractElement, InsertValue, InsertElement, ShuffleVector];
        for opcode in opcodes {
            let s = structure(opcode).expect("structural");
            for trial in 0..40 {
                let n = 1 + trial % 5;
                let shapes: Vec<usize> = match opcode {
                    InsertValue | InsertElement => vec![n, 1],
                    ShuffleVector => vec![n, n],
                    _ => s.linear.iter().map(|_| n).collect(),
                };
                let mask = (0..(trial % 7 + 1)).map(|_| ((uniform(&mut state) + 2.0) / 4.0 * (2 * n + 1) as f64) as i32 - 1).collect();
                let at = Instance { condition: trial % 2 == 0, index: trial % n, mask };
                let v: Vec<Vec<f64>> = shapes.iter().map(|k| (0..*k).map(|_| uniform(&mut state)).collect()).collect();
                let av = apply(opcode, &at, &v);
                let w: Vec<f64> = av.iter().map(|_| uniform(&mut state)).collect();
                let atw = transpose(s.transpose, &at, &shapes, &w);
                let lhs: f64 = av.iter().zip(&w).map(|(a, b)| a * b).sum();
                let rhs: f64 = v.iter().flatten().zip(atw.iter().flatten()).map(|(a, b)| a * b).sum();
                assert!((lhs - rhs).abs() < 1e-12, "{opcode:?} ({:?}) mask {:?}: <Av,w> = {lhs}, <v,Aᵀw> = {rhs}", s.transpose, at.mask);
            }
        }
    }
}
