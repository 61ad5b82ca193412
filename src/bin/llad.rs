//! The llad command line: read IR or bitcode, differentiate every request, write the result.
use clap::Parser;
use inkwell::context::Context;
use inkwell::memory_buffer::MemoryBuffer;
use llad::diag::Error;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(name = "llad", version, about = "Automatic differentiation of LLVM 19 IR (Enzyme-compatible)")]
struct Cli {
    /// Input file: LLVM IR text (.ll) or bitcode (.bc); `-` reads standard input.
    input: PathBuf,
    /// Output file; `-` writes standard output.
    #[arg(short, long, default_value = "-")]
    output: PathBuf,
    /// Write textual IR instead of bitcode.
    #[arg(short = 'S')]
    text: bool,
    /// Extra derivative rules files (same format as rules/*.rules).
    #[arg(long = "rules")]
    rules: Vec<PathBuf>,
    /// Print the type analysis of each differentiated function to stderr.
    #[arg(long)]
    print_types: bool,
    /// Print the activity analysis of each differentiated function to stderr.
    #[arg(long)]
    print_activity: bool,
    /// Print what each reverse-mode function saves on the tape, and why, to stderr.
    #[arg(long)]
    print_tape: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("llad: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli) -> Result<(), Error> {
    let input_name = cli.input.display().to_string();
    let read_err = |what: String| Error::Input { path: input_name.clone(), what };
    let buffer = if input_name == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map_err(|e| read_err(e.to_string()))?;
        MemoryBuffer::create_from_memory_range_copy(&bytes, "stdin")
    } else {
        MemoryBuffer::create_from_file(&cli.input).map_err(|e| read_err(e.to_string()))?
    };
    let context = Context::create();
    let module = context.create_module_from_ir(buffer).map_err(|e| read_err(e.to_string()))?;
    let options = llad::Options { rules_files: cli.rules.clone(), print_types: cli.print_types, print_activity: cli.print_activity, print_tape: cli.print_tape };
    let report = llad::differentiate_module(&module, &options)?;
    eprint!("{}", report.analyses);
    let output_name = cli.output.display().to_string();
    let write_err = |what: String| Error::Output { path: output_name.clone(), what };
    let bytes: Vec<u8> = if cli.text {
        module.print_to_string().to_string().into_bytes()
    } else {
        module.write_bitcode_to_memory().as_slice().to_vec()
    };
    if output_name == "-" {
        std::io::Write::write_all(&mut std::io::stdout(), &bytes).map_err(|e| write_err(e.to_string()))
    } else {
        std::fs::write(&cli.output, bytes).map_err(|e| write_err(e.to_string()))
    }
}
