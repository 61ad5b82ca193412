//! End-to-end C programs (tests/e2e/*.c): each is compiled with clang-19, differentiated by llad,
//! run, and checks its derivatives against analytic values and central finite differences itself
//! (exit code = number of failed checks). Every program runs through the CLI and the clang plugin,
//! each at -O0 (with `-disable-O0-optnone`, so no mem2reg), -O1, -O2, -O3 and -O2
//! -fno-inline-functions (callees out of line), plus the CLI on -O2 -ffast-math code. llad lints
//! its own output; derivatives must equal those of the -O0 build.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

const CLANG: &str = "clang-19";

#[derive(Clone, Copy, Debug, PartialEq)]
enum Entry {
    Cli,
    Plugin,
}

/// One way of building a program: the entry point and clang's flags.
#[derive(Clone, Copy, Debug)]
struct Config {
    entry: Entry,
    flags: &'static [&'static str],
    /// Derivatives must equal those of the -O0 build (no fast-math reassociation).
    exact: bool,
}

const O0: &[&str] = &["-O0", "-Xclang", "-disable-O0-optnone"];
/// Optimization levels users compile at, and -O2 with callees kept out of line. The programs'
/// noinline helpers are `static` (so `fastcc` at -O1 and up, see check.h), external at -O1.
const LEVELS: &[&[&str]] = &[O0, &["-O1", "-DLLAD_EXTERNAL_HELPERS"], &["-O2"], &["-O3"], &["-O2", "-fno-inline-functions"]];

/// Also through the CLI: -O2 -ffast-math, where the vectorizer has already reduced with
/// vector.reduce.fmul/fmax/fmin before llad sees the code.
const FAST_MATH: Config = Config { entry: Entry::Cli, flags: &["-O2", "-ffast-math"], exact: false };

fn configs() -> Vec<Config> {
    let mut all: Vec<Config> = LEVELS.iter().flat_map(|flags| [Entry::Cli, Entry::Plugin].map(|entry| Config { entry, flags, exact: true })).collect();
    all.push(FAST_MATH);
    all
}

fn tag(source: &Path, config: &Config) -> String {
    let stem = source.file_stem().unwrap().to_string_lossy();
    format!("{stem}-{:?}{}", config.entry, config.flags.iter().filter(|f| f.starts_with('-') && **f != "-Xclang").map(|f| f.to_string()).collect::<String>())
}

fn llad_cli() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_llad"))
}

fn llad_plugin() -> PathBuf {
    llad_cli().with_file_name("libllad.so")
}

fn run(cmd: &mut Command) -> Result<String, String> {
    let out = cmd.output().map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    if out.status.success() { Ok(text) } else { Err(format!("{cmd:?} failed ({}):\n{text}", out.status)) }
}

/// Builds and runs one program in one configuration and returns what it printed; Err carries
/// the whole story. llad checks its own output with LLVM's lint (`--lint`): any undefined
/// behaviour it adds fails the build.
fn check_program(source: &Path, config: &Config, dir: &Path, memcheck: bool) -> Result<String, String> {
    let tag = tag(source, config);
    let exe = dir.join(&tag);
    let include = source.parent().unwrap();
    let llad_h = Path::new(env!("CARGO_MANIFEST_DIR")).join("include");
    // OpenMP programs (omp_*.c) are compiled and linked with -fopenmp and run at 1, 2 and 4 threads.
    let openmp = source.file_name().unwrap().to_string_lossy().starts_with("omp_");
    // MPI programs (mpi_*.c) get MPI's compile and link flags and run under mpirun with 1, 2 and 4 ranks.
    let mpi = source.file_name().unwrap().to_string_lossy().starts_with("mpi_");
    let mpi_flags = |what: &str| -> Vec<String> { if mpi { mpicc_flags(what) } else { Vec::new() } };
    let omp: &[&str] = if openmp { &["-fopenmp"] } else { &[] };
    match config.entry {
        Entry::Cli => {
            let bc = dir.join(format!("{tag}.bc"));
            let out = dir.join(format!("{tag}.d.bc"));
            // llad's front end reads Enzyme's source attributes into the IR the CLI gets.
            let front_end = format!("-fplugin={}", llad_plugin().display());
            run(Command::new(CLANG).args(config.flags).args(omp).args(mpi_flags("compile")).arg("-g").arg(front_end).arg("-I").arg(include).arg("-I").arg(&llad_h).args(["-c", "-emit-llvm"]).arg(source).arg("-o").arg(&bc))?;
            run(Command::new(llad_cli()).arg("--lint").arg(&bc).arg("-o").arg(&out))?;
            run(Command::new(CLANG).arg("-O2").args(omp).arg(&out).arg("-o").arg(&exe).args(mpi_flags("link")).arg("-lm"))?;
        }
        Entry::Plugin => {
            // Loaded as Enzyme's plugin is: as the pass plugin and into the front end.
            let plugin = format!("-fpass-plugin={}", llad_plugin().display());
            let front_end = ["-Xclang".to_string(), "-load".into(), "-Xclang".into(), llad_plugin().display().to_string()];
            run(Command::new(CLANG).env("LLAD_OPTIONS", "--lint").args(config.flags).args(omp).args(mpi_flags("compile")).arg("-g").arg(plugin).args(front_end).arg("-I").arg(include).arg("-I").arg(&llad_h).arg(source).arg("-o").arg(&exe).args(mpi_flags("link")).arg("-lm"))?;
        }
    }
    let output = if memcheck {
        run(Command::new("valgrind").args(["-q", "--error-exitcode=99", "--leak-check=full", "--errors-for-leak-kinds=definite,indirect"]).arg(&exe))
    } else if mpi {
        // (root: CI runs as root; more ranks than cores.) Each mpirun gets its own short TMPDIR:
        // concurrent mpiruns race creating Open MPI's shared session directory (/tmp/ompi.HOST.UID,
        // "File exists"), and its socket paths must stay short.
        let ranks = |n: &str| {
            let session = tempfile::Builder::new().prefix("ompi").tempdir_in("/tmp").map_err(|e| format!("session dir: {e}"))?;
            run(Command::new("mpirun").env("TMPDIR", session.path()).args(["--oversubscribe", "--allow-run-as-root", "-np", n]).arg(&exe)).map_err(|e| format!("mpirun -np {n}: {e}"))
        };
        ["1", "2", "4"].iter().map(|n| ranks(n)).collect::<Result<Vec<_>, _>>().map(|mut all| all.pop().unwrap_or_default())
    } else if openmp {
        // Every thread count must pass; the 4-thread run's checks are the ones compared.
        ["1", "2", "4"].iter().map(|n| run(Command::new(&exe).env("OMP_NUM_THREADS", n)).map_err(|e| format!("OMP_NUM_THREADS={n}: {e}"))).collect::<Result<Vec<_>, _>>().map(|mut all| all.pop().unwrap_or_default())
    } else {
        run(&mut Command::new(&exe))
    }
    .map_err(|e| format!("[{tag}] {e}"))?;
    if !output.contains("ok ") {
        return Err(format!("[{tag}] printed no checks:\n{output}"));
    }
    Ok(output)
}

/// The values a program's checks printed (`ok NAME GOT EXPECTED`), by check name.
fn checked_values(output: &str) -> BTreeMap<String, f64> {
    output
        .lines()
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            let (Some("ok" | "FAIL"), Some(name), Some(got)) = (words.next(), words.next(), words.next()) else { return None };
            Some((name.to_string(), got.parse().ok()?))
        })
        .collect()
}

/// Differences between the derivatives of a build and those of the -O0 build (relative 1e-12).
fn differences(reference: &BTreeMap<String, f64>, other: &BTreeMap<String, f64>) -> Vec<String> {
    let mut out = Vec::new();
    for (name, a) in reference {
        match other.get(name) {
            None => out.push(format!("{name}: missing")),
            Some(b) if a == b || (a.is_nan() && b.is_nan()) => {}
            // Relative to the check's scale, as check.h compares (values below 1 absolutely):
            // a difference of roundoff size in a derivative that is itself roundoff is no bug.
            Some(b) if (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1.0) => {}
            Some(b) => out.push(format!("{name}: -O0 {a:e}, here {b:e}")),
        }
    }
    out
}

fn programs(prefix: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e");
    let mut all: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/e2e exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "c") && p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .collect();
    all.sort();
    all
}

/// Runs every (program, configuration) job on two worker threads, then compares each exact
/// build's derivatives with the -O0 CLI build's, and reports all failures at once.
fn run_all(prefix: &str, valgrind: bool) {
    let sources = programs(prefix);
    assert!(!sources.is_empty(), "no programs tests/e2e/{prefix}*.c");
    let dir = tempfile::tempdir().expect("temp dir");
    let configs = configs();
    let jobs: Vec<(PathBuf, Config)> = sources.iter().flat_map(|s| configs.iter().map(|c| (s.clone(), *c))).collect();
    let total = jobs.len();
    let queue = Mutex::new(jobs);
    let failures = Mutex::new(Vec::new());
    let outputs = Mutex::new(BTreeMap::new());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| loop {
                let Some((source, config)) = queue.lock().unwrap().pop() else { break };
                let memcheck = valgrind && config.entry == Entry::Plugin && config.flags == ["-O2"];
                match check_program(&source, &config, dir.path(), memcheck) {
                    Ok(output) if config.exact => {
                        outputs.lock().unwrap().insert((source.clone(), config.entry == Entry::Cli && config.flags == O0, tag(&source, &config)), checked_values(&output));
                    }
                    Ok(_) => {}
                    Err(e) => failures.lock().unwrap().push(e),
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    let outputs = outputs.into_inner().unwrap();
    for source in &sources {
        let Some(reference) = outputs.iter().find(|((s, is_ref, _), _)| s == source && *is_ref).map(|(_, v)| v) else { continue };
        for ((s, _, tag), values) in &outputs {
            let diff = if s == source { differences(reference, values) } else { continue };
            if !diff.is_empty() {
                failures.push(format!("[{tag}] derivatives differ from the -O0 CLI build:\n  {}", diff.join("\n  ")));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {total} runs failed:\n{}", failures.len(), failures.join("\n---\n"));
}

#[test]
fn forward_mode_programs() {
    run_all("fwd_", false);
}

/// Custom rules and inactive markers (the seed tutorial in C); these allocate tapes too.
#[test]
fn custom_rule_programs() {
    run_all("rule_", true);
}

/// Reverse mode allocates shadows and tapes: every program also runs under valgrind (no leaks,
/// no invalid accesses) in the clang-plugin -O2 configuration.
#[test]
fn reverse_mode_programs() {
    run_all("rev_", true);
}

/// Rule and derivative checks against finite differences (`include/llad_check.h`): the check
/// runtime allocates working copies and tapes, so these run under valgrind too.
#[test]
fn check_programs() {
    run_all("check_", true);
}

/// OpenMP programs (`#pragma omp parallel`, `for`, schedules, critical, single, master, barrier,
/// reductions), at 1, 2 and 4 threads.
#[test]
fn openmp_programs() {
    run_all("omp_", false);
}

/// MPI's compile or link flags (`mpicc -showme:compile` / `-showme:link`).
fn mpicc_flags(what: &str) -> Vec<String> {
    let out = Command::new("mpicc").arg(format!("-showme:{what}")).output().expect("mpicc runs (scripts/setup installs OpenMPI)");
    String::from_utf8_lossy(&out.stdout).split_whitespace().map(str::to_string).collect()
}

/// MPI programs (point-to-point, Sendrecv halo exchange, Bcast, Reduce, Allreduce, Gather,
/// Scatter, Allgather) under mpirun with 1, 2 and 4 ranks.
#[test]
fn mpi_programs() {
    run_all("mpi_", false);
}
