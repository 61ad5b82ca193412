// Carrying a stored value into the next iteration of a derivative's loop (see jam.h).
//
// A reverse sweep accumulates adjoints into memory: a stencil's reverse adds into du[c+1], du[c],
// du[c-1], ... every iteration, so the value one iteration stores is what the next one loads
// (c moves by one). LLVM's LoopLoadElimination forwards such a value through a phi only when a
// single store reaches the load; here du[c] is written by two iterations in turn (as c-1's right
// neighbour, then as the cell itself), so it gives up and each iteration waits on the store it
// just made. This pass forwards from the *last* writer: a store S that, one iteration earlier,
// wrote the address a load L reads, when nothing written after S in that iteration, or before L in
// this one, can overlap it. Only single-block innermost loops of llad's functions are rewritten.
#include "jam.h"
#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/MemoryLocation.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Transforms/Utils/ScalarEvolutionExpander.h"
#include <optional>

using namespace llvm;

namespace {
// An access {start, +, step} in `loop`, step a constant number of bytes.
struct Strided {
  const SCEV *start = nullptr;
  int64_t step = 0;
};

std::optional<Strided> strided(Value *pointer, Loop &loop, ScalarEvolution &SE) {
  auto *rec = dyn_cast<SCEVAddRecExpr>(SE.getSCEV(pointer));
  if (!rec || rec->getLoop() != &loop || !rec->isAffine()) return std::nullopt;
  auto *step = dyn_cast<SCEVConstant>(rec->getStepRecurrence(SE));
  if (!step || step->getAPInt().isZero() || step->getAPInt().getSignificantBits() > 63) return std::nullopt;
  return Strided{rec->getStart(), step->getAPInt().getSExtValue()};
}

// The constant byte distance `a - b`, if there is one.
std::optional<int64_t> distance(const SCEV *a, const SCEV *b, ScalarEvolution &SE) {
  if (a->getType() != b->getType()) return std::nullopt;
  auto *d = dyn_cast<SCEVConstant>(SE.getMinusSCEV(a, b));
  if (!d || d->getAPInt().getSignificantBits() > 63) return std::nullopt;
  return d->getAPInt().getSExtValue();
}

uint64_t accessBytes(Instruction *I) {
  const DataLayout &layout = I->getDataLayout();
  Type *type = isa<LoadInst>(I) ? I->getType() : cast<StoreInst>(I)->getValueOperand()->getType();
  return layout.getTypeStoreSize(type);
}

// Everything `access` may touch in any iteration, with its alias metadata when `scoped`: llad's
// scopes name distinct objects, true across iterations, but a scope declared inside the loop
// (`llvm.experimental.noalias.scope.decl`, an inlined call's `noalias` argument) holds only within
// one iteration.
MemoryLocation anywhere(Instruction *access, Value *pointer, bool scoped) {
  return MemoryLocation::getBeforeOrAfter(pointer, scoped ? access->getAAMetadata() : AAMDNodes());
}

// Whether `writer`, `shift` iterations before the load's (0 or 1), may write the bytes `load` reads.
bool mayOverwrite(Instruction *writer, int shift, LoadInst *load, const Strided &read, Loop &loop,
                  ScalarEvolution &SE, AAResults &AA, bool scoped) {
  if (auto *store = dyn_cast<StoreInst>(writer)) {
    if (auto written = strided(store->getPointerOperand(), loop, SE); written && written->step == read.step) {
      // The load reads read.start + step k; the store wrote written.start + step (k - shift).
      if (auto gap = distance(read.start, written->start, SE)) {
        int64_t offset = *gap + shift * read.step; // read address - written address
        if (offset >= int64_t(accessBytes(store)) || -offset >= int64_t(accessBytes(load))) return false;
        return true;
      }
    }
    return !AA.isNoAlias(anywhere(store, store->getPointerOperand(), scoped),
                         anywhere(load, load->getPointerOperand(), scoped));
  }
  return isModSet(AA.getModRefInfo(writer, anywhere(load, load->getPointerOperand(), scoped)));
}

// The last store in the body, of a `type` value, that writes exactly `target`'s bytes one iteration
// earlier (`shift` 1) or one iteration later (`shift` -1), or null.
StoreInst *storeOneIterationApart(const Strided &target, Type *type, int shift, BasicBlock &body, Loop &loop,
                                  ScalarEvolution &SE) {
  StoreInst *found = nullptr;
  for (Instruction &I : body)
    if (auto *store = dyn_cast<StoreInst>(&I))
      if (auto at = strided(store->getPointerOperand(), loop, SE);
          at && at->step == target.step && store->isSimple() && store->getValueOperand()->getType() == type)
        if (auto gap = distance(target.start, at->start, SE); gap && *gap == -shift * target.step) found = store;
  return found;
}

// The store whose value, from the previous iteration, `load` reads, or null.
StoreInst *lastWriter(LoadInst *load, BasicBlock &body, Loop &loop, ScalarEvolution &SE, AAResults &AA) {
  bool scoped = none_of(body, [](Instruction &I) { return isa<NoAliasScopeDeclInst>(I); });
  auto read = strided(load->getPointerOperand(), loop, SE);
  if (!load->isSimple() || !read) return nullptr;
  StoreInst *writer = storeOneIterationApart(*read, load->getType(), 1, body, loop, SE);
  if (!writer) return nullptr;
  // Nothing after it in its iteration, nor before the load in the load's, may overlap what it wrote.
  bool afterWriter = false;
  for (Instruction &I : body) {
    if (&I == load) break;
    if (I.mayWriteToMemory() && mayOverwrite(&I, 0, load, *read, loop, SE, AA, scoped)) return nullptr;
  }
  for (Instruction &I : body) {
    if (afterWriter && I.mayWriteToMemory() && mayOverwrite(&I, 1, load, *read, loop, SE, AA, scoped)) return nullptr;
    if (&I == writer) afterWriter = true;
  }
  return writer;
}
// Whether `access` (a load, store or call), `shift` iterations after the store's (0 or 1), may
// touch the bytes `store` wrote.
bool mayTouch(Instruction *access, int shift, StoreInst *store, const Strided &written, Loop &loop,
              ScalarEvolution &SE, AAResults &AA, bool scoped) {
  Value *pointer = nullptr;
  if (auto *load = dyn_cast<LoadInst>(access)) pointer = load->isSimple() ? load->getPointerOperand() : nullptr;
  else if (auto *other = dyn_cast<StoreInst>(access)) pointer = other->isSimple() ? other->getPointerOperand() : nullptr;
  else return isModOrRefSet(AA.getModRefInfo(access, anywhere(store, store->getPointerOperand(), scoped)));
  if (!pointer) return true;
  if (auto touched = strided(pointer, loop, SE); touched && touched->step == written.step)
    if (auto gap = distance(touched->start, written.start, SE)) {
      int64_t offset = *gap + shift * written.step; // touched address - written address
      return offset < int64_t(accessBytes(store)) && -offset < int64_t(accessBytes(access));
    }
  return !AA.isNoAlias(anywhere(access, pointer, scoped), anywhere(store, store->getPointerOperand(), scoped));
}

// Whether the next iteration overwrites, unread, what `store` writes: a store of the same type to
// that address with nothing in between that may read or partly write it. Then the store is only
// needed in the last iteration.
bool overwrittenNext(StoreInst *store, BasicBlock &body, Loop &loop, ScalarEvolution &SE, AAResults &AA,
                     bool scoped) {
  auto written = strided(store->getPointerOperand(), loop, SE);
  if (!store->isSimple() || !written) return false;
  StoreInst *next = storeOneIterationApart(*written, store->getValueOperand()->getType(), -1, body, loop, SE);
  if (!next) return false;
  bool afterStore = false;
  for (Instruction &I : body) {
    if (afterStore && I.mayReadOrWriteMemory() && mayTouch(&I, 0, store, *written, loop, SE, AA, scoped)) return false;
    if (&I == store) afterStore = true;
  }
  for (Instruction &I : body) {
    if (&I == next) break;
    if (I.mayReadOrWriteMemory() && mayTouch(&I, 1, store, *written, loop, SE, AA, scoped)) return false;
  }
  return true;
}
} // namespace

PreservedAnalyses llad::CarryStoredValuesPass::run(Function &F, FunctionAnalysisManager &FAM) {
  auto &LI = FAM.getResult<LoopAnalysis>(F);
  auto &SE = FAM.getResult<ScalarEvolutionAnalysis>(F);
  auto &AA = FAM.getResult<AAManager>(F);
  auto &ORE = FAM.getResult<OptimizationRemarkEmitterAnalysis>(F);
  bool changed = false;
  for (Loop *loop : LI.getLoopsInPreorder()) {
    BasicBlock *body = loop->getHeader();
    BasicBlock *preheader = loop->getLoopPreheader();
    if (!loop->isInnermost() || loop->getNumBlocks() != 1 || !preheader || loop->getLoopLatch() != body) continue;
    // Every instruction runs to the next (no call that may throw or not return): the first
    // iteration's load moves before the loop, a store after it.
    if (!all_of(*body, [](Instruction &I) { return isGuaranteedToTransferExecutionToSuccessor(&I); })) continue;
    SmallVector<LoadInst *, 8> loads;
    for (Instruction &I : *body)
      if (auto *load = dyn_cast<LoadInst>(&I)) loads.push_back(load);
    unsigned carriedLoads = 0, sunkStores = 0;
    auto report = [&] {
      if (carriedLoads + sunkStores == 0) return;
      ORE.emit([&] {
        return OptimizationRemark("llad-carry", "Carried", loop->getStartLoc(), body)
               << "derivative loop keeps values in registers across iterations: " << ore::NV("Loads", carriedLoads)
               << " loads of what the previous iteration stored, " << ore::NV("Stores", sunkStores)
               << " stores the next iteration overwrites";
      });
    };
    for (LoadInst *load : loads) {
      StoreInst *writer = lastWriter(load, *body, *loop, SE, AA);
      if (!writer) continue;
      // The first iteration reads memory: load its address before the loop (the body runs at
      // least once from the preheader, and nothing before the load in it overlaps the address).
      const SCEV *first = strided(load->getPointerOperand(), *loop, SE)->start;
      SCEVExpander expander(SE, F.getDataLayout(), "carry");
      if (!expander.isSafeToExpandAt(first, preheader->getTerminator())) continue;
      Value *address = expander.expandCodeFor(first, load->getPointerOperandType(), preheader->getTerminator());
      auto *initial = new LoadInst(load->getType(), address, load->getName() + ".first", false, load->getAlign(),
                                   preheader->getTerminator()->getIterator());
      initial->copyMetadata(*load, {LLVMContext::MD_tbaa, LLVMContext::MD_alias_scope, LLVMContext::MD_noalias});
      auto *carried = PHINode::Create(load->getType(), 2, load->getName() + ".carried", body->begin());
      carried->addIncoming(initial, preheader);
      carried->addIncoming(writer->getValueOperand(), body);
      load->replaceAllUsesWith(carried);
      SE.forgetValue(load);
      load->eraseFromParent();
      changed = true;
      ++carriedLoads;
    }
    // With the loads carried, a store the next iteration overwrites unread is needed only once:
    // after the loop, with the last iteration's value and address.
    BasicBlock *exit = loop->getExitBlock();
    if (!exit || exit->getSinglePredecessor() != body) {
      report();
      continue;
    }
    bool scoped = none_of(*body, [](Instruction &I) { return isa<NoAliasScopeDeclInst>(I); });
    SmallVector<StoreInst *, 8> stores;
    for (Instruction &I : *body)
      if (auto *store = dyn_cast<StoreInst>(&I)) stores.push_back(store);
    for (StoreInst *store : stores) {
      if (!overwrittenNext(store, *body, *loop, SE, AA, scoped)) continue;
      auto leaving = [&](Value *v) -> Value * {
        auto *I = dyn_cast<Instruction>(v);
        if (!I || !loop->contains(I)) return v;
        auto *phi = PHINode::Create(v->getType(), 1, v->getName() + ".last", exit->begin());
        phi->addIncoming(v, body);
        return phi;
      };
      Value *value = leaving(store->getValueOperand()), *pointer = leaving(store->getPointerOperand());
      auto *last = new StoreInst(value, pointer, false, store->getAlign(), exit->getFirstInsertionPt());
      last->copyMetadata(*store, {LLVMContext::MD_tbaa, LLVMContext::MD_alias_scope, LLVMContext::MD_noalias});
      store->eraseFromParent();
      changed = true;
      ++sunkStores;
    }
    report();
  }
  return changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}
