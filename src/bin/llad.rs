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

/// `llad check`: derivatives and the rules they use against finite differences.
#[derive(Parser, Debug)]
#[command(name = "llad check", about = "Check derivatives and custom rules against finite differences (JIT-runs the module)")]
struct CheckCli {
    /// Input file: LLVM IR text (.ll) or bitcode (.bc); `-` reads standard input.
    input: PathBuf,
    /// A function to check (repeatable); default: every function that carries rules.
    #[arg(long = "function", short = 'f')]
    functions: Vec<String>,
    /// An argument's value: `name=3,1` (a pointer gets the list, f64 unless `name=f32:3,1`) or,
    /// without names, one per parameter in order (repeatable).
    #[arg(long = "arg")]
    args: Vec<String>,
    /// Forward mode's activities, e.g. "ret=const|dupnoneed|dup args=const|dup,const|dup", or "all".
    #[arg(long)]
    forward: Option<String>,
    /// Reverse mode's activities, e.g. "ret=active args=dup,dup", or "all".
    #[arg(long)]
    reverse: Option<String>,
    /// Relative tolerance (default 1e-6; 1e-3 with float32).
    #[arg(long)]
    rtol: Option<f64>,
    /// Absolute tolerance (default 1e-8; 1e-4 with float32).
    #[arg(long)]
    atol: Option<f64>,
    /// Seed of the random tangents and output seeds.
    #[arg(long)]
    seed: Option<u64>,
    /// Print passing tests too.
    #[arg(long)]
    verbose: bool,
    /// Extra derivative rules files (same format as rules/*.rules).
    #[arg(long = "rules")]
    rules: Vec<PathBuf>,
}

fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("check") {
        let cli = CheckCli::parse_from(std::env::args().skip(1));
        llad::ir::install_error_handlers(&input_label(&cli.input));
        return match check(&cli) {
            Ok(0) => ExitCode::SUCCESS,
            Ok(failed) => {
                eprintln!("llad check: {failed} test(s) failed");
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("llad: error: {e}");
                ExitCode::FAILURE
            }
        };
    }
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

/// The input file's bytes.
fn read_input(input: &std::path::Path) -> Result<Vec<u8>, Error> {
    let read_err = |what: String| Error::Input { path: input_label(input), what };
    if input.to_str() == Some("-") {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map_err(|e| read_err(e.to_string()))?;
        Ok(bytes)
    } else {
        std::fs::read(input).map_err(|e| read_err(e.to_string()))
    }
}

/// Runs the checks; the number of failed tests.
fn check(cli: &CheckCli) -> Result<i32, Error> {
    let bytes = read_input(&cli.input)?;
    let context = Context::create();
    let module = llad::ir::read_module(&context, &bytes, &input_label(&cli.input))?;
    let mut options = String::new();
    for (key, value) in [("rtol", cli.rtol.map(|v| v.to_string())), ("atol", cli.atol.map(|v| v.to_string())), ("seed", cli.seed.map(|v| v.to_string()))] {
        if let Some(v) = value {
            options.push_str(&format!(" {key}={v}"));
        }
    }
    if cli.verbose {
        options.push_str(" verbose");
    }
    let request = llad::check::driver::CheckRequest { functions: cli.functions.clone(), args: cli.args.clone(), forward: cli.forward.clone(), reverse: cli.reverse.clone(), options };
    llad::check::driver::build(&module, &request)?;
    let options = llad::Options { rules_files: cli.rules.clone(), ..Default::default() };
    llad::differentiate_module(&module, &options)?;
    llad::ir::jit::run_i32(&module, llad::check::driver::DRIVER)
}

fn run(cli: &Cli) -> Result<(), Error> {
    let input_name = input_label(&cli.input);
    let bytes = read_input(&cli.input)?;
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
