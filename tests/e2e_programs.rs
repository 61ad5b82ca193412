//! End-to-end C programs (tests/e2e/*.c): each is compiled with clang-19, differentiated by llad,
//! run, and checks its derivatives against analytic values and central finite differences itself
//! (exit code = number of failed checks). Every program runs in four configurations: the CLI and
//! the clang plugin, each at -O0 (with `-disable-O0-optnone`, so no mem2reg) and at -O2.
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

const CLANG: &str = "clang-19";

#[derive(Clone, Copy, Debug)]
enum Entry {
    Cli,
    Plugin,
}

const OPT_LEVELS: &[&[&str]] = &[&["-O2"], &["-O0", "-Xclang", "-disable-O0-optnone"]];

/// Also through the CLI: -O2 -ffast-math, where the vectorizer has already reduced with
/// vector.reduce.fmul/fmax/fmin before llad sees the code.
const FAST_MATH: &[&str] = &["-O2", "-ffast-math"];

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

/// Builds and runs one program in one configuration; Err carries the whole story.
fn check_program(source: &Path, entry: Entry, opt: &[&str], dir: &Path, memcheck: bool) -> Result<(), String> {
    let stem = source.file_stem().unwrap().to_string_lossy();
    let tag = format!("{stem}-{entry:?}-{}", opt.join(""));
    let exe = dir.join(&tag);
    let include = source.parent().unwrap();
    let llad_h = Path::new(env!("CARGO_MANIFEST_DIR")).join("include");
    match entry {
        Entry::Cli => {
            let bc = dir.join(format!("{tag}.bc"));
            let out = dir.join(format!("{tag}.d.bc"));
            run(Command::new(CLANG).args(opt).arg("-g").arg("-I").arg(include).arg("-I").arg(&llad_h).args(["-c", "-emit-llvm"]).arg(source).arg("-o").arg(&bc))?;
            run(Command::new(llad_cli()).arg(&bc).arg("-o").arg(&out))?;
            run(Command::new(CLANG).arg("-O2").arg(&out).arg("-o").arg(&exe).arg("-lm"))?;
        }
        Entry::Plugin => {
            let plugin = format!("-fpass-plugin={}", llad_plugin().display());
            run(Command::new(CLANG).args(opt).arg("-g").arg(plugin).arg("-I").arg(include).arg("-I").arg(&llad_h).arg(source).arg("-o").arg(&exe).arg("-lm"))?;
        }
    }
    let output = if memcheck {
        run(Command::new("valgrind").args(["-q", "--error-exitcode=99", "--leak-check=full", "--errors-for-leak-kinds=definite,indirect"]).arg(&exe))
    } else {
        run(&mut Command::new(&exe))
    }
    .map_err(|e| format!("[{tag}] {e}"))?;
    if !output.contains("ok ") {
        return Err(format!("[{tag}] printed no checks:\n{output}"));
    }
    Ok(())
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

/// Runs every (program, entry, level) job on two worker threads and reports all failures at once.
fn run_all(prefix: &str, valgrind: bool) {
    let sources = programs(prefix);
    assert!(!sources.is_empty(), "no programs tests/e2e/{prefix}*.c");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut jobs = Vec::new();
    for s in &sources {
        for entry in [Entry::Cli, Entry::Plugin] {
            for opt in OPT_LEVELS {
                jobs.push((s.clone(), entry, *opt));
            }
        }
        jobs.push((s.clone(), Entry::Cli, FAST_MATH));
    }
    let queue = Mutex::new(jobs);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| loop {
                let Some((source, entry, opt)) = queue.lock().unwrap().pop() else { break };
                let memcheck = valgrind && matches!(entry, Entry::Plugin) && opt == ["-O2"];
                if let Err(e) = check_program(&source, entry, opt, dir.path(), memcheck) {
                    failures.lock().unwrap().push(e);
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "{} of {} runs failed:\n{}", failures.len(), sources.len() * (2 * OPT_LEVELS.len() + 1), failures.join("\n---\n"));
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
