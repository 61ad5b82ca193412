//! The llad command line: read IR or bitcode, differentiate every request, write the result.
use clap::Parser;
use inkwell::context::Context;
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
    /// Check the result with LLVM's lint and fail if it finds undefined behaviour (for testing llad).
    #[arg(long)]
    lint: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // LLVM's fatal errors (e.g. in its bitcode reader) must not abort: they print
    // `llad: error: <file>: ...` and exit with code 1.
    llad::ir::install_error_handlers(&input_label(&cli.input));
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("llad: error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// How messages name the input file.
fn input_label(input: &std::path::Path) -> String {
    match input.to_str() {
        Some("-") => "<stdin>".into(),
        _ => input.display().to_string(),
    }
}

fn run(cli: &Cli) -> Result<(), Error> {
    let input_name = input_label(&cli.input);
    let read_err = |what: String| Error::Input { path: input_name.clone(), what };
    let bytes = if cli.input.to_str() == Some("-") {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map_err(|e| read_err(e.to_string()))?;
        bytes
    } else {
        std::fs::read(&cli.input).map_err(|e| read_err(e.to_string()))?
    };
    let context = Context::create();
    // Parsed and checked in a child process first: corrupt input gives an error, never a crash;
    // input that does not verify is rejected here (not blamed on llad after differentiation).
    let module = llad::ir::read_module(&context, &bytes, &input_name)?;
    drop(bytes);
    let options = llad::Options { rules_files: cli.rules.clone(), print_types: cli.print_types, print_activity: cli.print_activity, print_tape: cli.print_tape, lint: cli.lint };
    let report = llad::differentiate_module(&module, &options)?;
    eprint!("{}", report.analyses);
    let output_name = cli.output.display().to_string();
    let write_err = |what: String| Error::Output { path: output_name.clone(), what };
    let bytes: Vec<u8> = if cli.text {
        let text = module.print_to_string().to_string().into_bytes();
        // LLVM prints some strings verbatim: make sure what is written reads back.
        llad::ir::check_text_output(&text).map_err(|what| write_err(format!("LLVM cannot write this module as text that reads back ({what}); write bitcode instead (omit -S)")))?;
        text
    } else {
        module.write_bitcode_to_memory().as_slice().to_vec()
    };
    if output_name == "-" {
        std::io::Write::write_all(&mut std::io::stdout(), &bytes).map_err(|e| write_err(e.to_string()))
    } else {
        std::fs::write(&cli.output, bytes).map_err(|e| write_err(e.to_string()))
    }
}
