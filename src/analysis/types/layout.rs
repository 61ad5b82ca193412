//! What the C/C++ types clang declares say about memory: the layout of a struct local or member
//! (weak evidence, used where nothing else is known), and where an extracted field of an
//! aggregate value lies.
use super::{base_of_type, constant_gep_offset, Base, TypeFacts};
use crate::ir;
use inkwell::module::Module;
use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, InstructionOpcode, InstructionValue};

/// Cells of one struct layout looked into; bigger aggregates give no hint.
const MAX_LAYOUT_CELLS: usize = 256;

/// A local of struct type (`alloca %struct.S`) or the address of a struct member
/// (`getelementptr %struct.S, ptr %p, 0, 2` where field 2 is a struct) holds what the struct's
/// declared fields say, where no other fact says what it holds: at -O0 a member struct is copied
/// with a `memcpy` whose bytes nothing else in the function types. Unions say nothing.
pub(super) fn struct_layout_hints<'ctx>(module: &Module<'ctx>, facts: &mut TypeFacts, insts: &[InstructionValue<'ctx>]) -> bool {
    let mut changed = false;
    // Only the C/C++ types clang declares (`%struct.S`, `%class.C`), not its ABI temporaries.
    let declared = |ty: BasicTypeEnum<'ctx>| {
        matches!(ty, BasicTypeEnum::StructType(s) if s.get_name().is_some_and(|n| {
            let n = n.to_string_lossy();
            n.starts_with("struct.") || n.starts_with("class.")
        }))
    };
    for inst in insts {
        // What an alloca or constant GEP addresses, and the object a constant struct GEP indexes
        // into (a member's address says what the whole object is).
        let mut addressed: Vec<(BasicValueEnum<'ctx>, BasicTypeEnum<'ctx>)> = Vec::new();
        if let (Some(r), Some(ty)) = (ir::result_of(*inst), addressed_type(module, *inst)) {
            addressed.push((r, ty));
        }
        if inst.get_opcode() == InstructionOpcode::GetElementPtr && constant_gep_offset(module, *inst).is_some() {
            if let (Some(base), Some(ty)) = (ir::operand(*inst, 0), ir::gep_source_type(*inst)) {
                addressed.push((base, ty));
            }
        }
        for (r, ty) in addressed {
            if !declared(ty) {
                continue;
            }
            let mut cells = Vec::new();
            if !layout_cells(module, ty, 0, &mut cells) {
                continue;
            }
            for (offset, base) in cells {
                if facts.memory(r, offset).is_none() {
                    changed |= facts.set_memory(r, offset, base);
                }
            }
        }
    }
    changed
}

/// The type of the memory an alloca allocates, or a GEP with constant struct indices addresses.
fn addressed_type<'ctx>(module: &Module<'ctx>, inst: InstructionValue<'ctx>) -> Option<BasicTypeEnum<'ctx>> {
    match inst.get_opcode() {
        InstructionOpcode::Alloca => ir::allocated_type(inst),
        InstructionOpcode::GetElementPtr => {
            constant_gep_offset(module, inst)?;
            let mut ty = ir::gep_source_type(inst)?;
            for i in 2..inst.get_num_operands() {
                ty = match ty {
                    BasicTypeEnum::StructType(s) => s.get_field_type_at_index(u32::try_from(ir::const_int(ir::operand(inst, i)?)?).ok()?)?,
                    BasicTypeEnum::ArrayType(a) => a.get_element_type(),
                    _ => return None,
                };
            }
            Some(ty)
        }
        _ => None,
    }
}

/// Flattens `ty` at `offset` into cells; false for unions (clang names them `union.`), opaque
/// structs and layouts too large to look into.
fn layout_cells(module: &Module<'_>, ty: BasicTypeEnum<'_>, offset: i64, cells: &mut Vec<(i64, Base)>) -> bool {
    if cells.len() > MAX_LAYOUT_CELLS {
        return false;
    }
    match ty {
        BasicTypeEnum::StructType(s) => {
            let is_union = s.get_name().is_some_and(|n| n.to_string_lossy().starts_with("union."));
            if is_union || s.is_opaque() {
                return false;
            }
            (0..s.count_fields()).all(|i| match (s.get_field_type_at_index(i), ir::field_offset(module, s, i)) {
                (Some(field), Some(at)) => layout_cells(module, field, offset + at as i64, cells),
                _ => false,
            })
        }
        // Byte arrays longer than a word (`char buf[N]`, `std::aligned_storage`) are how
        // raw storage is declared: they say nothing of what it holds. Shorter ones are padding
        // (an empty member, alignment), taken as integers.
        BasicTypeEnum::ArrayType(a) if matches!(a.get_element_type(), BasicTypeEnum::IntType(t) if t.get_bit_width() == 8) && a.len() > 8 => true,
        BasicTypeEnum::ArrayType(a) => {
            let element = a.get_element_type();
            let size = ir::alloc_size(module, element) as i64;
            (0..i64::from(a.len())).all(|k| layout_cells(module, element, offset + k * size, cells))
        }
        BasicTypeEnum::IntType(_) => {
            cells.push((offset, Base::Integer));
            true
        }
        other => match base_of_type(other) {
            Some(b) => {
                cells.push((offset, b));
                true
            }
            None => false,
        },
    }
}

/// The byte offset of the element `indices` select in a value of aggregate type `ty`.
pub(super) fn aggregate_offset(module: &Module<'_>, ty: BasicTypeEnum<'_>, indices: &[u32]) -> Option<i64> {
    let mut ty = ty;
    let mut offset = 0i64;
    for &i in indices {
        match ty {
            BasicTypeEnum::StructType(s) => {
                offset += ir::field_offset(module, s, i)? as i64;
                ty = s.get_field_type_at_index(i)?;
            }
            BasicTypeEnum::ArrayType(a) => {
                ty = a.get_element_type();
                offset += i64::from(i) * ir::alloc_size(module, ty) as i64;
            }
            _ => return None,
        }
    }
    Some(offset)
}
