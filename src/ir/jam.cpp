// Unroll-and-jam of independent reductions in the functions llad synthesizes (see jam.h).
//
// A gradient re-runs the primal's loops, and a primal's dot products (`s += W[j][i] * x[i]`, one
// per outer iteration j) are latency-bound: each addition waits for the one before. Jamming J
// outer iterations runs J independent chains in one inner loop; every chain keeps its order of
// operations, so the values are bit-identical to the primal's. LLVM's own unroll-and-jam is off by
// default and refuses the loops that matter here (a math call or a tape store after the inner
// loop); this pass decides legality itself with what llad knows: tape slots are private memory no
// program load reads, and a C math function writes nothing but errno. The rewrite itself is LLVM's
// UnrollAndJamLoop. The user's own functions are never touched.
#include "jam.h"
#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/AssumptionCache.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/MemoryLocation.h"
#include "llvm/Analysis/MustExecute.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/Analysis/TargetTransformInfo.h"
#include "llvm/Analysis/DomTreeUpdater.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/Transforms/Scalar/LoopPassManager.h"
#include "llvm/Transforms/Scalar/SimpleLoopUnswitch.h"
#include "llvm/Transforms/InstCombine/InstCombine.h"
#include "llvm/Transforms/Scalar/EarlyCSE.h"
#include "llvm/Transforms/Scalar/LICM.h"
#include "llvm/Transforms/Scalar/SROA.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/LoopSimplify.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/LoopUtils.h"
#include "llvm/Transforms/Utils/ScalarEvolutionExpander.h"
#include "llvm/Transforms/Utils/UnrollLoop.h"
#include <functional>
#include <optional>

using namespace llvm;

namespace {
// Outer iterations run together: enough independent chains to cover an addition's latency.
constexpr unsigned JamCount = 4;
// Inner loops larger than this are not duplicated (code size, register pressure).
constexpr unsigned MaxInnerInstructions = 48;

// Loads and stores of tape slots carry `!llad.tape` (synth/reverse/augmented.rs).
bool isTapeAccess(const Instruction &I) { return I.getMetadata("llad.tape") != nullptr; }

// A C math library function on floating-point values (tanh, exp, pow, ...): declared, recognised
// by the target's library info, no pointer in or out. Its only write is errno.
bool isMathCall(const CallBase &call, const TargetLibraryInfo &TLI) {
  const Function *callee = call.getCalledFunction();
  LibFunc lf;
  if (!callee || !callee->isDeclaration() || !TLI.getLibFunc(*callee, lf) || !TLI.has(lf)) return false;
  if (!call.getType()->isFloatingPointTy()) return false;
  for (const Value *arg : call.args())
    if (!arg->getType()->isFloatingPointTy()) return false;
  return true;
}

struct Nest {
  Loop *outer = nullptr;
  Loop *inner = nullptr;
  SmallVector<BasicBlock *, 4> fore; // the outer loop's blocks before the inner loop
  BasicBlock *aft = nullptr;         // its one block after the inner loop
};

// Both loops simplified, rotated, with one exit; the inner loop innermost.
bool hasJamForm(Loop &outer) {
  if (outer.getSubLoops().size() != 1) return false;
  Loop &inner = *outer.getSubLoops()[0];
  if (!inner.getSubLoops().empty()) return false;
  for (Loop *loop : {&outer, &inner})
    if (!loop->isLoopSimplifyForm() || !loop->isRotatedForm() || loop->getHeader()->hasAddressTaken() ||
        !loop->getExitBlock() || !loop->getExitingBlock())
      return false;
  return true;
}

// Folds the straight-line chain of blocks after the inner loop into its exit block (unswitching a
// guard around the inner loop leaves one block for the guard's join).
bool mergeAftChain(Loop &outer, Loop &inner, DominatorTree &DT, LoopInfo &LI) {
  BasicBlock *exit = inner.getExitBlock();
  bool merged = false;
  while (exit) {
    BasicBlock *next = exit->getSingleSuccessor();
    if (!next || next == outer.getHeader() || !outer.contains(next) || next->getSinglePredecessor() != exit) break;
    DomTreeUpdater DTU(DT, DomTreeUpdater::UpdateStrategy::Eager);
    if (!MergeBlockIntoPredecessor(next, &DTU, &LI)) break;
    merged = true;
  }
  return merged;
}

// Splits the outer loop's own blocks into those before the inner loop (all of which lead into it)
// and the one block after it.
bool partition(Nest &nest, DominatorTree &DT) {
  BasicBlock *innerLatch = nest.inner->getLoopLatch();
  SmallVector<BasicBlock *, 2> aft;
  for (BasicBlock *block : nest.outer->blocks()) {
    if (nest.inner->contains(block)) continue;
    if (DT.dominates(innerLatch, block))
      aft.push_back(block);
    else
      nest.fore.push_back(block);
  }
  BasicBlock *innerPreheader = nest.inner->getLoopPreheader();
  for (BasicBlock *block : nest.fore) {
    if (block == innerPreheader) continue;
    for (BasicBlock *succ : successors(block))
      if (!is_contained(nest.fore, succ)) return false;
  }
  if (aft.size() != 1) return false;
  nest.aft = aft[0];
  return true;
}

// The inner loop is small and carries a floating-point value from one iteration to the next: the
// latency chain jamming overlaps.
bool carriesFloatReduction(Loop &inner) {
  unsigned size = 0;
  for (BasicBlock *block : inner.blocks()) size += block->size();
  if (size > MaxInnerInstructions) return false;
  BasicBlock *latch = inner.getLoopLatch();
  for (PHINode &phi : inner.getHeader()->phis()) {
    if (!phi.getType()->isFloatingPointTy()) continue;
    auto *next = dyn_cast<Instruction>(phi.getIncomingValueForBlock(latch));
    if (next && inner.contains(next)) return true;
  }
  return false;
}

// The outer loop's next-iteration values computed after the inner loop must be movable before it
// (UnrollAndJamLoop moves them): no inner-loop value, no phi, no memory access or side effect.
// A header phi whose next value is not movable but which only the aft block uses (a sum over the
// rows, `loss += f(s)`) goes to `carried` when it is given: it can be carried through memory.
bool headerOperandsMovable(Nest &nest, SmallVectorImpl<PHINode *> *carried) {
  BasicBlock *latch = nest.outer->getLoopLatch();
  for (PHINode &phi : nest.outer->getHeader()->phis()) {
    SmallPtrSet<Instruction *, 16> seen;
    std::function<bool(Instruction *)> movable = [&](Instruction *I) {
      if (!seen.insert(I).second) return true;
      if (nest.inner->contains(I)) return false;
      if (I->getParent() != nest.aft) return true;
      if (isa<PHINode>(I) || I->mayHaveSideEffects() || I->mayReadOrWriteMemory()) return false;
      for (Value *op : I->operands())
        if (auto *opI = dyn_cast<Instruction>(op))
          if (!movable(opI)) return false;
      return true;
    };
    Value *next = phi.getIncomingValueForBlock(latch);
    auto *nextI = dyn_cast<Instruction>(next);
    if (!nextI || movable(nextI)) continue;
    bool onlyAftUses = all_of(phi.users(), [&](User *u) { return cast<Instruction>(u)->getParent() == nest.aft; });
    if (!carried || latch != nest.aft || next == &phi || !onlyAftUses) return false;
    carried->push_back(&phi);
  }
  return true;
}

// Carries an outer header phi through a stack slot that the aft block reads and writes, so that
// only the aft block computes it (jammed, the aft blocks still run in the original order). SROA
// turns the slot back into a register afterwards.
void carryThroughSlot(PHINode *phi, Loop &outer) {
  BasicBlock *aft = outer.getLoopLatch();
  Function *function = phi->getFunction();
  BasicBlock &entry = function->getEntryBlock();
  auto *slot = new AllocaInst(phi->getType(), function->getDataLayout().getAllocaAddrSpace(), phi->getName() + ".jam",
                              entry.getFirstInsertionPt());
  BasicBlock *preheader = outer.getLoopPreheader();
  new StoreInst(phi->getIncomingValueForBlock(preheader), slot, preheader->getTerminator()->getIterator());
  Value *next = phi->getIncomingValueForBlock(aft);
  auto *current = new LoadInst(phi->getType(), slot, phi->getName(), aft->getFirstInsertionPt());
  phi->replaceAllUsesWith(current);
  phi->eraseFromParent();
  new StoreInst(next, slot, aft->getTerminator()->getIterator());
}

// Collects the loads of `blocks`; false if they do anything else to memory.
bool onlyLoads(ArrayRef<BasicBlock *> blocks, SmallVectorImpl<LoadInst *> &loads) {
  for (BasicBlock *block : blocks)
    for (Instruction &I : *block) {
      if (auto *load = dyn_cast<LoadInst>(&I)) {
        if (!load->isSimple()) return false;
        loads.push_back(load);
      } else if (I.mayReadOrWriteMemory()) {
        return false;
      }
    }
  return true;
}

// Jamming runs later iterations' fore blocks and inner loop before earlier iterations' aft block:
// legal when those only read memory that the aft block does not write.
// What a nest needs besides the rewrite itself, found by the legality check.
struct Needs {
  bool allowed = false;              // collect instead of refusing (first check of a nest)
  SmallVector<PHINode *, 2> carried; // outer sums to carry through a slot
  SmallVector<std::pair<StoreInst *, LoadInst *>, 4> unproven; // pairs only a run-time check separates
  DenseSet<std::pair<StoreInst *, LoadInst *>> checked; // pairs a run-time check now separates
};

bool aftKeepsReads(BasicBlock *aft, ArrayRef<LoadInst *> reads, AAResults &AA, const TargetLibraryInfo &TLI,
                   Needs &needs) {
  for (Instruction &I : *aft) {
    if (!I.mayWriteToMemory()) continue;
    if (auto *store = dyn_cast<StoreInst>(&I)) {
      if (!store->isSimple()) return false;
      MemoryLocation written = MemoryLocation::getBeforeOrAfter(store->getPointerOperand());
      for (LoadInst *load : reads) {
        // Tape slots are reached only through tape accesses, and tape accesses reach nothing else.
        if (isTapeAccess(*store) != isTapeAccess(*load)) continue;
        if (AA.isNoAlias(written, MemoryLocation::getBeforeOrAfter(load->getPointerOperand()))) continue;
        if (needs.checked.contains({store, load})) continue;
        if (!needs.allowed) return false;
        needs.unproven.push_back({store, load});
      }
    } else if (auto *call = dyn_cast<CallBase>(&I)) {
      if (isMathCall(*call, TLI)) continue;
      for (LoadInst *load : reads)
        if (isModSet(AA.getModRefInfo(call, MemoryLocation::getBeforeOrAfter(load->getPointerOperand()))))
          return false;
    } else {
      return false;
    }
  }
  return true;
}

// Why the nest cannot be jammed, or null when it can. Nests without a small floating-point
// reduction in the inner loop are not candidates (empty reason: nothing to report).
const char *whyNotJammable(Nest &nest, DominatorTree &DT, ScalarEvolution &SE, AAResults &AA,
                           const TargetLibraryInfo &TLI, Needs &needs) {
  if (!hasJamForm(*nest.outer) || !carriesFloatReduction(*nest.inner)) return "";
  if (!partition(nest, DT)) return "the code after the inner loop is not one block";
  if (findOptionMDForLoop(nest.outer, "llvm.loop.unroll_and_jam.disable")) return "disabled by loop metadata";
  if (!hasIterationCountInvariantInParent(nest.inner, SE)) return "the inner trip count changes between outer iterations";
  SimpleLoopSafetyInfo safety;
  safety.computeLoopSafetyInfo(nest.outer);
  if (safety.anyBlockMayThrow()) return "something in the nest may not run to its end (a call that may throw or not return, a volatile access)";
  if (!headerOperandsMovable(nest, needs.allowed ? &needs.carried : nullptr)) return "the outer loop carries a value computed after the inner loop";
  SmallVector<LoadInst *, 16> reads;
  SmallVector<BasicBlock *, 8> readers(nest.fore.begin(), nest.fore.end());
  readers.append(nest.inner->block_begin(), nest.inner->block_end());
  if (!onlyLoads(readers, reads)) return "the inner loop (or the code before it) writes memory";
  if (!aftKeepsReads(nest.aft, reads, AA, TLI, needs)) return "the code after the inner loop may write what it reads";
  return nullptr;
}
// Lowest and highest address `pointer` takes in the nest (affine in both loops, evaluated at the
// corners of the iteration space), or nothing when scalar evolution cannot bound it.
std::optional<std::pair<const SCEV *, const SCEV *>> addressRange(Value *pointer, Nest &nest, ScalarEvolution &SE) {
  SmallVector<const SCEV *, 4> values{SE.getSCEV(pointer)};
  for (Loop *loop : {nest.inner, nest.outer}) {
    const SCEV *backedges = SE.getBackedgeTakenCount(loop);
    if (isa<SCEVCouldNotCompute>(backedges) || !SE.isLoopInvariant(backedges, nest.outer)) return std::nullopt;
    SmallVector<const SCEV *, 4> ends;
    for (const SCEV *value : values) {
      auto *rec = dyn_cast<SCEVAddRecExpr>(value);
      if (rec && rec->getLoop() == loop && rec->isAffine()) {
        ends.push_back(rec->getStart());
        ends.push_back(rec->evaluateAtIteration(backedges, SE));
      } else if (SE.isLoopInvariant(value, loop)) {
        ends.push_back(value);
      } else {
        return std::nullopt;
      }
    }
    values = ends;
  }
  const SCEV *lowest = values[0], *highest = values[0];
  for (const SCEV *value : values) {
    lowest = SE.getUMinExpr(lowest, value);
    highest = SE.getUMaxExpr(highest, value);
  }
  return std::make_pair(lowest, highest);
}

// Versions the nest: a run-time check that no store after the inner loop overlaps what the loop
// reads (every pair in `pairs`) chooses between the nest, to be jammed, and an untouched copy.
bool versionForDisjointAccesses(Nest &nest, ArrayRef<std::pair<StoreInst *, LoadInst *>> pairs, LoopInfo &LI,
                                DominatorTree &DT, ScalarEvolution &SE) {
  constexpr size_t MaxChecks = 8;
  if (pairs.size() > MaxChecks) return false;
  Loop *outer = nest.outer;
  BasicBlock *checkBlock = outer->getLoopPreheader();
  BasicBlock *exit = outer->getExitBlock();
  if (!checkBlock || !exit || !exit->getSinglePredecessor()) return false;
  const DataLayout &layout = checkBlock->getDataLayout();
  Instruction *at = checkBlock->getTerminator();
  SCEVExpander expander(SE, layout, "jam.check");
  // Every bound first, so that nothing is emitted unless the whole check can be.
  struct Range {
    const SCEV *begin, *end;
  };
  SmallVector<std::pair<Range, Range>, MaxChecks> ranges;
  auto range = [&](Value *pointer, Type *accessed) -> std::optional<Range> {
    auto bounds = addressRange(pointer, nest, SE);
    if (!bounds) return std::nullopt;
    Type *index = layout.getIndexType(pointer->getType());
    const SCEV *end = SE.getAddExpr(bounds->second, SE.getConstant(index, layout.getTypeStoreSize(accessed)));
    if (!expander.isSafeToExpandAt(bounds->first, at) || !expander.isSafeToExpandAt(end, at)) return std::nullopt;
    return Range{bounds->first, end};
  };
  for (auto [store, load] : pairs) {
    auto written = range(store->getPointerOperand(), store->getValueOperand()->getType());
    auto read = range(load->getPointerOperand(), load->getType());
    if (!written || !read) return false;
    ranges.push_back({*written, *read});
  }
  IRBuilder<> builder(at);
  Value *overlap = builder.getFalse();
  for (auto &[written, read] : ranges) {
    auto ptr = [&](const SCEV *s) { return expander.expandCodeFor(s, nullptr, at); };
    Value *a = builder.CreateICmpULT(ptr(written.begin), ptr(read.end));
    Value *b = builder.CreateICmpULT(ptr(read.begin), ptr(written.end));
    overlap = builder.CreateOr(overlap, builder.CreateAnd(a, b), "jam.overlap");
  }
  BasicBlock *preheader = SplitBlock(checkBlock, at, &DT, &LI, nullptr, "jam.ph");
  ValueToValueMapTy map;
  SmallVector<BasicBlock *, 16> blocks;
  Loop *fallback = cloneLoopWithPreheader(preheader, checkBlock, outer, map, ".nojam", &LI, &DT, blocks);
  remapInstructionsInBlocks(blocks, map);
  Instruction *branch = checkBlock->getTerminator();
  BranchInst::Create(fallback->getLoopPreheader(), outer->getLoopPreheader(), overlap, branch->getIterator());
  branch->eraseFromParent();
  DT.changeImmediateDominator(exit, checkBlock);
  for (PHINode &phi : exit->phis()) {
    Value *value = phi.getIncomingValue(0);
    auto mapped = map.find(value);
    phi.addIncoming(mapped != map.end() ? static_cast<Value *>(mapped->second) : value, fallback->getExitingBlock());
  }
  formDedicatedExitBlocks(fallback, &DT, &LI, nullptr, /*PreserveLCSSA=*/true);
  formDedicatedExitBlocks(outer, &DT, &LI, nullptr, /*PreserveLCSSA=*/true);
  SE.forgetLoop(outer);
  return true;
}

// Runs `inner` on the functions llad made and leaves the user's alone.
struct OnDerivatives : PassInfoMixin<OnDerivatives> {
  FunctionPassManager inner;
  explicit OnDerivatives(FunctionPassManager passes) : inner(std::move(passes)) {}
  PreservedAnalyses run(Function &F, FunctionAnalysisManager &FAM) {
    if (F.isDeclaration() || !F.hasFnAttribute(llad::DerivativeAttr) || F.hasOptNone()) return PreservedAnalyses::all();
    return inner.run(F, FAM);
  }
  static bool isRequired() { return true; }
};
} // namespace

FunctionPassManager llad::derivativeLoopPasses() {
  FunctionPassManager passes;
  passes.addPass(createFunctionToLoopPassAdaptor(SimpleLoopUnswitchPass(/*NonTrivial=*/true), /*UseMemorySSA=*/true));
  passes.addPass(JamReductionsPass());
  // Adjoints into registers and the tape's position out of loops (as the cleanup after inlining
  // will), so that what one iteration stores and the next loads can be carried.
  passes.addPass(SROAPass(SROAOptions::ModifyCFG));
  passes.addPass(EarlyCSEPass(/*UseMemorySSA=*/true));
  passes.addPass(InstCombinePass());
  passes.addPass(createFunctionToLoopPassAdaptor(LICMPass(LICMOptions()), /*UseMemorySSA=*/true));
  passes.addPass(CarryStoredValuesPass());
  FunctionPassManager wrapped;
  wrapped.addPass(OnDerivatives(std::move(passes)));
  return wrapped;
}

// (Run through derivativeLoopPasses, whose wrapper keeps it to llad's functions.)
PreservedAnalyses llad::JamReductionsPass::run(Function &F, FunctionAnalysisManager &FAM) {
  auto &LI = FAM.getResult<LoopAnalysis>(F);
  auto &DT = FAM.getResult<DominatorTreeAnalysis>(F);
  auto &SE = FAM.getResult<ScalarEvolutionAnalysis>(F);
  auto &AC = FAM.getResult<AssumptionAnalysis>(F);
  auto &TTI = FAM.getResult<TargetIRAnalysis>(F);
  auto &AA = FAM.getResult<AAManager>(F);
  auto &TLI = FAM.getResult<TargetLibraryAnalysis>(F);
  auto &ORE = FAM.getResult<OptimizationRemarkEmitterAnalysis>(F);
  SmallVector<Loop *, 8> outers;
  for (Loop *loop : LI.getLoopsInPreorder())
    if (loop->getSubLoops().size() == 1 && loop->getSubLoops()[0]->getSubLoops().empty()) outers.push_back(loop);
  bool changed = false;
  for (Loop *outer : outers) {
    changed |= simplifyLoop(outer, &DT, &LI, &SE, &AC, nullptr, /*PreserveLCSSA=*/false);
    if (outer->getSubLoops().size() == 1 && mergeAftChain(*outer, *outer->getSubLoops()[0], DT, LI)) {
      SE.forgetLoop(outer);
      changed = true;
    }
    changed |= formLCSSARecursively(*outer, DT, &LI, &SE);
    Nest nest{outer, outer->getSubLoops()[0]};
    Needs needs;
    needs.allowed = true;
    const char *why = whyNotJammable(nest, DT, SE, AA, TLI, needs);
    // Loops of fewer than four iterations are left alone.
    unsigned tripCount = SE.getSmallConstantTripCount(outer);
    if (!why && tripCount != 0 && tripCount < 4) continue;
    if (!why && !needs.unproven.empty()) {
      if (versionForDisjointAccesses(nest, needs.unproven, LI, DT, SE)) {
        changed = true;
      } else {
        why = "the code after the inner loop may write what it reads (and no run-time check could be built)";
      }
    }
    if (!why) {
      for (PHINode *phi : needs.carried) carryThroughSlot(phi, *outer);
      if (!needs.carried.empty()) SE.forgetLoop(outer);
      changed |= !needs.carried.empty();
      Needs verified;
      verified.checked.insert(needs.unproven.begin(), needs.unproven.end());
      nest = Nest{outer, outer->getSubLoops()[0]};
      why = whyNotJammable(nest, DT, SE, AA, TLI, verified);
    }
    if (why) {
      if (*why)
        ORE.emit([&] {
          return OptimizationRemarkMissed("llad-jam", "NotJammed", outer->getStartLoc(), outer->getHeader())
                 << "derivative loop's reductions not jammed: " << why;
        });
      continue;
    }
    unsigned tripMultiple = SE.getSmallConstantTripMultiple(outer);
    // Short loops jam pairs.
    unsigned count = tripCount != 0 && tripCount < 2 * JamCount ? 2 : JamCount;
    LoopUnrollResult result = UnrollAndJamLoop(outer, count, tripCount, tripMultiple, /*UnrollRemainder=*/false, &LI,
                                               &SE, &DT, &AC, &TTI, &ORE);
    if (result == LoopUnrollResult::Unmodified) continue;
    changed = true;
    if (!needs.unproven.empty())
      ORE.emit([&] {
        return OptimizationRemark("llad-jam", "Versioned", outer->getStartLoc(), outer->getHeader())
               << "derivative loop's reductions jammed behind a run-time check that the stores after the inner loop "
                  "do not overlap what it reads";
      });
  }
  return changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}
