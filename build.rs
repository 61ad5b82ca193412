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
    build.cpp(true).file("src/ir/shim.cpp").file("src/ir/input.cpp").warnings(false);
    for flag in flags.split_whitespace() {
        build.flag(flag);
    }
    build.compile("llad_shim");
    println!("cargo:rerun-if-changed=src/ir/shim.cpp");
    println!("cargo:rerun-if-changed=src/ir/input.cpp");
}
