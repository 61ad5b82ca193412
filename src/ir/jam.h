// Unroll-and-jam of independent reductions in derivative functions (jam.cpp).
#pragma once
#include "llvm/IR/PassManager.h"

namespace llad {
// The string attribute llad puts on the functions it synthesizes; only they are rewritten.
constexpr const char *DerivativeAttr = "llad-derivative";

// In a function llad made, a two-level loop nest whose inner loop only reads memory and carries a
// floating-point reduction (a dot product per outer iteration) is unrolled and jammed: several
// outer iterations' reductions advance together in one inner loop. Each reduction keeps its own
// order of operations, so every value is bit-identical; the chains overlap instead of waiting on
// each other's latency (the primal's sequential dot products are latency-bound).
struct JamReductionsPass : llvm::PassInfoMixin<JamReductionsPass> {
  llvm::PreservedAnalyses run(llvm::Function &F, llvm::FunctionAnalysisManager &FAM);
};

// In a single-block innermost loop of a function llad made, a load of what the previous iteration
// stored takes the stored value through a phi, and a store the next iteration overwrites unread is
// made once after the loop (a reverse stencil's adjoints stay in registers along a row; carry.cpp).
struct CarryStoredValuesPass : llvm::PassInfoMixin<CarryStoredValuesPass> {
  llvm::PreservedAnalyses run(llvm::Function &F, llvm::FunctionAnalysisManager &FAM);
};

// The function passes that prepare and jam a derivative's loop nests, run on llad's functions
// only: an inner loop guarded by an outer-invariant condition (`if (n > 0)` around it, when the
// inner trip count is only known at run time) is unswitched out first, then jammed; then, with
// the adjoints promoted to registers, stored values are carried across iterations.
llvm::FunctionPassManager derivativeLoopPasses();

} // namespace llad
