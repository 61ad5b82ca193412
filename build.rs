//! Builds the small C++ shim (pass-plugin registration, function cloning) against the host's LLVM 19.
use std::process::Command;

fn main() {
    let config = std::env::var("DEP_LLVM_19_CONFIG_PATH").unwrap_or_else(|_| "llvm-config-19".into());
    let output = Command::new(&config)
        .arg("--cxxflags")
        .output()
        .expect("llvm-config-19 not found: run scripts/setup");
    let flags = String::from_utf8(output.stdout).expect("llvm-config output is not UTF-8");
    let mut build = cc::Build::new();
    build.cpp(true).file("src/ir/shim.cpp").file("src/ir/input.cpp").file("src/ir/jam.cpp").file("src/ir/carry.cpp").warnings(false);
    for flag in flags.split_whitespace() {
        build.flag(flag);
    }
    build.compile("llad_shim");
    build_clang_frontend(&flags);
    build_c_runtime(&config, "src/check/runtime.c", &["src/check/abi.h", "src/check/guard.c"], "llad_check.ll");
    build_c_runtime(&config, "src/synth/mpi_runtime.c", &[], "llad_mpi.ll");
    build_c_runtime(&config, "src/synth/omp_runtime.c", &[], "llad_omp.ll");
    build_c_runtime(&config, "src/synth/complex_runtime.c", &[], "llad_complex.ll");
    println!("cargo:rerun-if-changed=src/ir/shim.cpp");
    println!("cargo:rerun-if-changed=src/ir/input.cpp");
    println!("cargo:rerun-if-changed=src/ir/jam.cpp");
    println!("cargo:rerun-if-changed=src/ir/jam.h");
    println!("cargo:rerun-if-changed=src/ir/carry.cpp");
}

/// libllad-clang.so, llad's clang front-end half, beside libllad.so (which loads it inside clang).
/// Its clang symbols come from the clang process, so it links against nothing.
fn build_clang_frontend(llvm_flags: &str) {
    let source = "src/frontend/llad_clang.cpp";
    println!("cargo:rerun-if-changed={source}");
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    // OUT_DIR is target/<profile>/build/llad-<hash>/out.
    let profile_dir = out_dir.ancestors().nth(3).expect("OUT_DIR inside the target directory");
    let compiler = cc::Build::new().cpp(true).get_compiler();
    // `<enzyme/enzyme>` from the source tree, unless an installation puts include/ beside the .so.
    let include = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("include");
    println!("cargo:rerun-if-changed=include/enzyme/enzyme");
    let status = Command::new(compiler.path())
        .args(llvm_flags.split_whitespace())
        .arg(format!("-DLLAD_SOURCE_INCLUDE=\"{}\"", include.display()))
        .args(["-fPIC", "-shared", "-fno-rtti", "-O2", "-w", source, "-o"])
        .arg(profile_dir.join("libllad-clang.so"))
        .status()
        .expect("C++ compiler runs");
    assert!(status.success(), "building {source} failed (is libclang-19-dev installed? run scripts/setup)");
}

/// Runtimes written in C (the check runtime, the MPI adjoints, OpenMP's thread tapes) as LLVM IR text, which llad links
/// into modules that need them. Compiled by LLVM 19's clang; their module flags are dropped (the
/// user's module has its own, and conflicting flags would stop the link).
fn build_c_runtime(config: &str, source: &str, depends: &[&str], out: &str) {
    println!("cargo:rerun-if-changed={source}");
    for d in depends {
        println!("cargo:rerun-if-changed={d}");
    }
    let bindir = Command::new(config).arg("--bindir").output().expect("llvm-config-19 runs");
    assert!(bindir.status.success() && !bindir.stdout.is_empty(), "llvm-config-19 --bindir failed: run scripts/setup");
    let clang = std::path::Path::new(String::from_utf8_lossy(&bindir.stdout).trim()).join("clang");
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let raw = out_dir.join(format!("{out}.raw"));
    let status = Command::new(&clang)
        .args(["-O2", "-S", "-emit-llvm", "-std=c11", "-D_GNU_SOURCE", "-Wall", "-Wextra", "-Werror", "-fno-stack-protector", "-fno-strict-aliasing", "-ffp-contract=off", "-g0", source, "-o"])
        .arg(&raw)
        .status()
        .expect("LLVM 19's clang runs (run scripts/setup)");
    assert!(status.success(), "compiling {source} failed");
    let text = std::fs::read_to_string(&raw).expect("clang wrote the runtime");
    let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("!llvm.module.flags") && !l.starts_with("!llvm.ident")).collect();
    std::fs::write(out_dir.join(out), kept.join("\n") + "\n").expect("OUT_DIR is writable");
}
