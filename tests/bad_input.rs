//! Corrupt input never brings llad down: every truncated, byte-flipped, empty or random input
//! file either gives exit code 1 with a message starting `llad: error: `, or exit code 0 with
//! output (bitcode and `-S` text) that `opt-19 -passes=verify` accepts silently. Never a signal,
//! another exit code or a panic.
//!
//! The inputs are made deterministically (a fixed-seed generator) from three e2e programs compiled
//! with clang-19 here, plus reproducers of the failures found by fuzzing (`REGRESSIONS`): LLVM's
//! bitcode reader crashing (SIGSEGV), aborting on a huge size field ("LLVM ERROR: out of memory"),
//! touching gigabytes before giving up, modules that do not verify, and modules whose `-S` text
//! did not parse back or that opt refused (corrupt target triple).
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const CLANG: &str = "clang-19";
const OPT: &str = "opt-19";
/// The programs the inputs are made from (tests/e2e/<name>.c).
const PROGRAMS: &[&str] = &["rev_seed_gh", "fwd_seed_g", "rev_branch"];
/// Longer than any run of llad on these inputs takes; a hang is a failure.
const TIMEOUT: Duration = Duration::from_secs(30);

/// One change to the bytes of a compiled program.
#[derive(Clone, Copy, Debug)]
enum Edit {
    /// Byte at the offset becomes the value.
    Set(usize, u8),
    /// Byte at the offset is xor'ed with the mask.
    Xor(usize, u8),
}

/// A reproducer found by fuzzing: a single edit of the bitcode `clang-19 -O2 -c -emit-llvm
/// tests/e2e/<program>.c -I tests/e2e` writes (run in the repository root; the source path is
/// part of the bitcode). `fnv` identifies that bitcode: with another clang-19 build the offsets
/// mean something else, so only the general property is checked, not `expect`.
struct Regression {
    program: &'static str,
    fnv: u64,
    edit: Edit,
    /// What llad said before the fix.
    was: &'static str,
    /// A part of the error message now.
    expect: &'static str,
}

const REV_SEED_GH: u64 = 0x26fe_f90b_9c26_e0ad;
const FWD_SEED_G: u64 = 0x8fdb_bbaa_7811_2c60;
const REV_BRANCH: u64 = 0x335d_2651_a1eb_87ea;

const REGRESSIONS: &[Regression] = &[
    Regression { program: "rev_seed_gh", fnv: REV_SEED_GH, edit: Edit::Set(6521, 50), was: "SIGSEGV in the bitcode reader", expect: "LLVM's reader crashed" },
    Regression { program: "rev_seed_gh", fnv: REV_SEED_GH, edit: Edit::Set(7848, 147), was: "SIGSEGV in the bitcode reader", expect: "LLVM's reader crashed" },
    Regression { program: "rev_seed_gh", fnv: REV_SEED_GH, edit: Edit::Set(1252, 223), was: "LLVM ERROR: out of memory, SIGABRT", expect: "ran out of memory" },
    Regression { program: "fwd_seed_g", fnv: FWD_SEED_G, edit: Edit::Set(905, 138), was: "LLVM ERROR: out of memory, SIGABRT", expect: "ran out of memory" },
    Regression { program: "fwd_seed_g", fnv: FWD_SEED_G, edit: Edit::Set(934, 170), was: "LLVM ERROR: out of memory, SIGABRT", expect: "ran out of memory" },
    Regression { program: "rev_branch", fnv: REV_BRANCH, edit: Edit::Set(1905, 36), was: "touched 4 GB in 6 s, then SIGABRT", expect: "ran out of memory" },
    Regression { program: "fwd_seed_g", fnv: FWD_SEED_G, edit: Edit::Set(860, 123), was: "read after touching 3.2 GB", expect: "ran out of memory" },
    Regression { program: "rev_seed_gh", fnv: REV_SEED_GH, edit: Edit::Set(8219, 101), was: "internal error: llad produced invalid IR", expect: "not valid LLVM IR: Basic Block in function 'llad_check_deriv' does not have terminator" },
    Regression { program: "rev_seed_gh", fnv: REV_SEED_GH, edit: Edit::Set(5995, 132), was: "internal error: llad produced invalid IR", expect: "not valid LLVM IR: cannot guarantee tail call" },
    Regression { program: "rev_seed_gh", fnv: REV_SEED_GH, edit: Edit::Set(197, 5), was: "internal error: llad produced invalid IR", expect: "not valid LLVM IR: Global variable initializer type" },
    Regression {
        program: "rev_seed_gh",
        fnv: REV_SEED_GH,
        edit: Edit::Xor(458, 1),
        was: "-S output does not parse: attributes #0 = { ... \"stack-protector-\"uffer-size\"=\"8\" ...",
        expect: "attribute with a malformed name 'stack-protector-\\22uffer-size'",
    },
    Regression { program: "fwd_seed_g", fnv: FWD_SEED_G, edit: Edit::Set(1663, 224), was: "output opt refuses: unrecognized architecture 'x<6_64'", expect: "unknown architecture 'x<6_64'" },
    Regression { program: "rev_seed_gh", fnv: REV_SEED_GH, edit: Edit::Set(2502, 197), was: "output opt warns about: failed to infer data layout", expect: "the target triple 'x86_6Tpc-linux-gnu\\1B' is malformed" },
];

/// Text edits of a compiled program's `.ll` that LLVM 19 prints back verbatim, unparsable.
const TEXT_REGRESSIONS: &[(&str, &str, &str)] = &[
    ("\"no-trapping-math\"", "\"no-trapping\\22math\"", "attribute with a malformed name"),
    ("target triple = \"x86_64-", "target triple = \"x86_64\\22-", "target triple"),
    ("target triple = \"x86_64-", "target triple = \"x87_64-", "unknown architecture 'x87_64'"),
];

/// A fixed-seed generator (splitmix64): the same inputs on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn byte(&mut self) -> u8 {
        self.next() as u8
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3))
}

/// One input file and what must come of it.
struct Case {
    name: String,
    bytes: Vec<u8>,
    /// Read from standard input, output to standard output.
    stdio: bool,
    /// A part of the error message it must give (then exit code 1 is required).
    expect: Option<String>,
}

impl Case {
    fn new(name: String, bytes: Vec<u8>) -> Case {
        Case { name, bytes, stdio: false, expect: None }
    }
}

/// Compiles tests/e2e/<program>.c to bitcode (or text with `text`) the way the regressions assume.
fn compile(program: &str, text: bool, dir: &Path) -> Vec<u8> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = dir.join(format!("{program}.{}", if text { "ll" } else { "bc" }));
    let status = Command::new(CLANG)
        .current_dir(root)
        .args(["-O2", "-c", "-emit-llvm"])
        .args(text.then_some("-S"))
        .arg(format!("tests/e2e/{program}.c"))
        .args(["-I", "tests/e2e", "-o"])
        .arg(&out)
        .status()
        .unwrap_or_else(|e| panic!("cannot run {CLANG}: {e}"));
    assert!(status.success(), "{CLANG} failed on tests/e2e/{program}.c");
    std::fs::read(&out).unwrap()
}

fn apply(bytes: &[u8], edit: Edit) -> Vec<u8> {
    let mut out = bytes.to_vec();
    match edit {
        Edit::Set(at, value) if at < out.len() => out[at] = value,
        Edit::Xor(at, mask) if at < out.len() => out[at] ^= mask,
        _ => {}
    }
    out
}

/// The whole set: ~150 inputs.
fn cases(dir: &Path) -> Vec<Case> {
    let mut rng = Rng(0x11ad_bad1_0000_0001);
    let mut cases = Vec::new();
    for program in PROGRAMS {
        let bc = compile(program, false, dir);
        let ll = compile(program, true, dir);
        let n = bc.len();
        // Truncated bitcode: inside the header, the identification block, the module, the end.
        let mut lengths = vec![1, 3, 4, 8, 20, 32, 36, 100, n / 3, n / 2, n - 4, n - 1];
        lengths.extend((0..4).map(|_| rng.below(n)));
        for len in lengths {
            cases.push(Case::new(format!("{program}.bc truncated to {len}"), bc[..len].to_vec()));
        }
        // One byte changed: a random value or one bit flipped.
        for i in 0..22 {
            let at = rng.below(n);
            let edit = if i % 2 == 0 { Edit::Set(at, rng.byte()) } else { Edit::Xor(at, 1 << rng.below(8)) };
            cases.push(Case::new(format!("{program}.bc {edit:?}"), apply(&bc, edit)));
        }
        // Several bytes changed.
        for _ in 0..5 {
            let edits: Vec<Edit> = (0..2 + rng.below(7)).map(|_| Edit::Set(rng.below(n), rng.byte())).collect();
            let bytes = edits.iter().fold(bc.clone(), |b, e| apply(&b, *e));
            cases.push(Case::new(format!("{program}.bc {edits:?}"), bytes));
        }
        // Text IR: truncated, and bytes changed.
        for len in [ll.len() / 2, ll.len() - 10] {
            cases.push(Case::new(format!("{program}.ll truncated to {len}"), ll[..len].to_vec()));
        }
        for _ in 0..3 {
            let edits: Vec<Edit> = (0..1 + rng.below(3)).map(|_| Edit::Set(rng.below(ll.len()), rng.byte())).collect();
            let bytes = edits.iter().fold(ll.clone(), |b, e| apply(&b, *e));
            cases.push(Case::new(format!("{program}.ll {edits:?}"), bytes));
        }
        // Through standard input and output.
        let mut stdin_case = Case::new(format!("{program}.bc truncated to {} via stdin", n / 4), bc[..n / 4].to_vec());
        stdin_case.stdio = true;
        cases.push(stdin_case);
        let mut stdin_ok = Case::new(format!("{program}.bc via stdin"), bc.clone());
        stdin_ok.stdio = true;
        cases.push(stdin_ok);
        // The reproducers.
        let known = fnv1a(&bc);
        for r in REGRESSIONS.iter().filter(|r| r.program == *program) {
            let mut case = Case::new(format!("{program}.bc {:?} (was: {})", r.edit, r.was), apply(&bc, r.edit));
            if known == r.fnv {
                case.expect = Some(r.expect.to_string());
            } else {
                eprintln!("note: {program}.bc is not the bitcode the regressions were found in (another clang-19?): checking only the general property for {:?}", r.edit);
            }
            cases.push(case);
        }
        if *program == "rev_seed_gh" {
            let text = String::from_utf8(ll.clone()).unwrap();
            for (from, to, expect) in TEXT_REGRESSIONS {
                assert!(text.contains(from), "{program}.ll has no {from}");
                let mut case = Case::new(format!("{program}.ll with {from} -> {to}"), text.replace(from, to).into_bytes());
                case.expect = Some(expect.to_string());
                cases.push(case);
            }
            let gc = text.replacen("{\n", "gc \"g\\22c\" {\n", 1);
            let mut case = Case::new(format!("{program}.ll with gc \"g\\22c\""), gc.into_bytes());
            case.expect = Some("malformed garbage collector name".into());
            cases.push(case);
        }
    }
    let mut empty = Case::new("empty file".into(), Vec::new());
    empty.expect = Some("the file is empty".into());
    cases.push(empty);
    for i in 0..3 {
        let random: Vec<u8> = (0..1 + rng.below(4000)).map(|_| rng.byte()).collect();
        cases.push(Case::new(format!("random bytes #{i}"), random));
        let mut magic = b"BC\xc0\xde".to_vec();
        magic.extend((0..rng.below(4000)).map(|_| rng.byte()));
        cases.push(Case::new(format!("bitcode magic and random bytes #{i}"), magic));
    }
    cases
}

/// Runs a command with standard streams from/to files, killing it after TIMEOUT.
fn run_with_timeout(cmd: &mut Command) -> Result<std::process::ExitStatus, String> {
    let mut child = cmd.spawn().map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            return Ok(status);
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("timed out after {TIMEOUT:?}"));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Runs llad on one case in one output mode; Err says what is wrong.
fn check(case: &Case, text: bool, dir: &Path) -> Result<(), String> {
    let input = dir.join("input");
    std::fs::write(&input, &case.bytes).unwrap();
    let output = dir.join(if text { "out.ll" } else { "out.bc" });
    let _ = std::fs::remove_file(&output);
    let stderr_path = dir.join("stderr");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_llad"));
    cmd.stderr(std::fs::File::create(&stderr_path).unwrap());
    if case.stdio {
        cmd.arg("-").stdin(std::fs::File::open(&input).unwrap()).stdout(std::fs::File::create(&output).unwrap());
    } else {
        cmd.arg(&input).arg("-o").arg(&output).stdin(Stdio::null()).stdout(Stdio::null());
    }
    if text {
        cmd.arg("-S");
    }
    let status = run_with_timeout(&mut cmd)?;
    let stderr = String::from_utf8_lossy(&std::fs::read(&stderr_path).unwrap()).into_owned();
    match status.code() {
        Some(0) if case.expect.is_none() => {
            let verify = Command::new(OPT).args(["-passes=verify", "-disable-output"]).arg(&output).output().map_err(|e| format!("cannot run {OPT}: {e}"))?;
            let complaint = String::from_utf8_lossy(&verify.stderr);
            if verify.status.success() && complaint.trim().is_empty() {
                Ok(())
            } else {
                Err(format!("exit code 0, but {OPT} -passes=verify says:\n{complaint}"))
            }
        }
        Some(1) if !stderr.starts_with("llad: error: ") || stderr.contains("panicked") => Err(format!("exit code 1 with the message:\n{stderr}")),
        Some(1) => match &case.expect {
            Some(expect) if !stderr.contains(expect.as_str()) => Err(format!("the message should contain \"{expect}\":\n{stderr}")),
            _ => Ok(()),
        },
        Some(0) => Err(format!("exit code 0, expected an error containing \"{}\"", case.expect.as_deref().unwrap_or(""))),
        Some(code) => Err(format!("exit code {code}:\n{stderr}")),
        None => Err(format!("killed by a signal ({status}):\n{stderr}")),
    }
}

#[test]
fn corrupt_inputs_give_an_error_or_valid_output() {
    let start = Instant::now();
    let tmp = tempfile::tempdir().unwrap();
    let cases = cases(tmp.path());
    assert!(cases.len() >= 140, "only {} cases", cases.len());
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).min(4);
    std::thread::scope(|scope| {
        for worker in 0..workers {
            let (cases, next, failures) = (&cases, &next, &failures);
            let dir = tmp.path().join(format!("worker{worker}"));
            std::fs::create_dir_all(&dir).unwrap();
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(case) = cases.get(i) else { break };
                for text in [false, true] {
                    if let Err(why) = check(case, text, &dir) {
                        let mode = if text { "-S" } else { "bitcode" };
                        failures.lock().unwrap().push(format!("{} ({mode} output): {why}", case.name));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    eprintln!("{} corrupt inputs, 2 output modes each, in {:.1?}", cases.len(), start.elapsed());
    assert!(failures.is_empty(), "{} of {} runs failed:\n\n{}", failures.len(), 2 * cases.len(), failures.join("\n\n"));
}
