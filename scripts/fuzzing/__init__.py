"""scripts/fuzz as a package: the entry point is scripts/fuzz (its docstring is the user help).

  common       tools, processes and limits, classification of a run, saving findings, run_llad_case
  stress       part stress: llvm-stress functions wrapped in requests
  corrupt      part corrupt: corrupted bitcode of the e2e programs
  diff_gen     part diff: the random program (AST) generator and the driver configuration
  diff_emit    part diff: the AST emitted as -O0-style IR
  diff_driver  part diff: the C driver (forward, reverse, split, batched, finite differences)
  diff_run     part diff: build and run one program, reduction, one case, --selftest
"""
