//! Pure analyses: IR in, facts out. Nothing here changes the IR.
pub mod activity;
pub mod calls;
pub mod cfg;
pub mod globals;
pub mod objects;
pub mod overwritten;
pub mod types;
pub mod writes;

use crate::ir;
use inkwell::values::{BasicValueEnum, FunctionValue};

/// A per-value printout (`--print-types`, `--print-activity`): every argument and every
/// instruction with a result, one line each, described by `describe`.
pub fn print_per_value<'ctx>(title: &str, function: FunctionValue<'ctx>, describe: impl Fn(BasicValueEnum<'ctx>) -> String) -> String {
    let mut out = format!("{title} for {}:\n", ir::function_name(function));
    for (i, p) in function.get_param_iter().enumerate() {
        out.push_str(&format!("  arg {i} %{}: {}\n", ir::value_name(p), describe(p)));
    }
    for block in function.get_basic_block_iter() {
        for inst in block.get_instructions() {
            if let Some(r) = ir::result_of(inst) {
                out.push_str(&format!("  {}: {}\n", ir::instruction_text(inst), describe(r)));
            }
        }
    }
    out
}
