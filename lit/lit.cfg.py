# -*- Python -*-
# lit configuration for the llad FileCheck test suite.
#
#   scripts/lit -v lit/                                  # uses <repo>/target/debug
#   LLAD_BUILD_DIR=target/release scripts/lit -v lit/
#   scripts/lit -v --param pending=1 lit/pending         # known bugs, expected to fail until fixed
import os

import lit.formats

config.name = "llad"
config.test_format = lit.formats.ShTest()
config.suffixes = [".ll", ".c", ".cpp"]
config.test_source_root = os.path.dirname(os.path.abspath(__file__))
repo_root = os.path.dirname(config.test_source_root)
# Scratch files (%t) and lit's timing cache go under target/ (git-ignored), not into the source tree.
config.test_exec_root = os.path.join(repo_root, "target", "lit")
# Inputs/ holds data files used by tests. pending/ holds reproducers of known llad bugs (they fail
# until the bug is fixed); run them with `lit -v --param pending=1 lit/pending`.
config.excludes = ["Inputs", "Output"]
if not lit_config.params.get("pending"):
    config.excludes.append("pending")

build_dir = os.environ.get("LLAD_BUILD_DIR", os.path.join(repo_root, "target", "debug"))
build_dir = os.path.abspath(build_dir)
llad_cli = os.path.join(build_dir, "llad")
llad_plugin = os.path.join(build_dir, "libllad.so")
for what, path in (("llad CLI", llad_cli), ("llad pass plugin", llad_plugin)):
    if not os.path.isfile(path):
        lit_config.fatal(
            "%s not found at '%s' (set LLAD_BUILD_DIR to the directory that holds "
            "'llad' and 'libllad.so', or build llad first)" % (what, path)
        )

llvm_bin = "/usr/lib/llvm-19/bin"
if not os.path.isdir(llvm_bin):
    lit_config.fatal("LLVM 19 tools not found in '%s'" % llvm_bin)

# Environment: LLVM 19 tools first in PATH so tests call plain opt/FileCheck/not/clang.
for var in ("HOME", "TMPDIR", "TMP", "TEMP", "LLVM_SYMBOLIZER_PATH"):
    if var in os.environ:
        config.environment[var] = os.environ[var]
config.environment["PATH"] = os.pathsep.join([llvm_bin, os.environ.get("PATH", "")])
# Tests must not be affected by options of the caller's shell. Every output llad makes, through the
# CLI and the plugin, is checked with LLVM's lint (--lint): undefined behaviour that llad adds fails
# the test (a test that sets LLAD_OPTIONS itself should include --lint).
config.environment["LLAD_OPTIONS"] = "--lint"

# (before %llad, which would match its start)
config.substitutions.append(("%llad-check", llad_cli + " check"))
config.substitutions.append(("%llad", llad_cli + " --lint"))
config.substitutions.append(("%plugin", llad_plugin))
config.substitutions.append(("%clang", os.path.join(llvm_bin, "clang")))
