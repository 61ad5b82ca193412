// The C++ side of llad: only what LLVM's C API cannot do.
//  * the new-pass-manager plugin registration (pipeline name "llad", clang extension points);
//  * cloning a function body into a new function with a caller-chosen argument mapping;
//  * LLVM's lint on a module (the --lint self-check);
//  * loop trip counts from scalar evolution (tape reservations per loop);
//  * demangling C++ names, and parameter names from debug info (for `llad check`). Reading untrusted input is in input.cpp.
// All AD logic lives in Rust; this file forwards the module to `llad_run_on_module`.
#include "jam.h"
#include "llvm-c/Types.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/AttributeMask.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Analysis/InlineCost.h"
#include "llvm/Analysis/Lint.h"
#include "llvm/Analysis/AssumptionCache.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/Dominators.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Transforms/Utils/ScalarEvolutionExpander.h"
#include "llvm/Transforms/Utils/LoopSimplify.h"
#include "llvm/Transforms/IPO/AlwaysInliner.h"
#include "llvm/Transforms/IPO/DeadArgumentElimination.h"
#include "llvm/Transforms/IPO/GlobalOpt.h"
#include "llvm/Transforms/IPO/SCCP.h"
#include "llvm/Transforms/IPO/ModuleInliner.h"
#include "llvm/Transforms/Scalar/IndVarSimplify.h"
#include "llvm/Transforms/Scalar/LoopDeletion.h"
#include "llvm/Transforms/Scalar/LICM.h"
#include "llvm/Transforms/Scalar/LoopPassManager.h"
#include "llvm/Transforms/InstCombine/InstCombine.h"
#include "llvm/Transforms/Scalar/EarlyCSE.h"
#include "llvm/Transforms/Scalar/GVN.h"
#include "llvm/Transforms/Scalar/SROA.h"
#include "llvm/Transforms/Scalar/SimplifyCFG.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/Local.h"
#include "llvm/Transforms/Utils/ValueMapper.h"

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

using namespace llvm;

extern "C" {
// Implemented in Rust (src/plugin.rs). Returns 0 when unchanged, 1 when changed, -1 on error
// (then *error holds a message allocated by Rust, released with llad_free_message).
int llad_run_on_module(LLVMModuleRef module, int phase, char **error);
void llad_free_message(char *message);
}

namespace {
enum Phase { Explicit = 0, Protect = 1, Differentiate = 2 };

struct LladPass : PassInfoMixin<LladPass> {
  Phase phase;
  explicit LladPass(Phase p) : phase(p) {}
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    char *error = nullptr;
    int status = llad_run_on_module(wrap(&M), static_cast<int>(phase), &error);
    if (status < 0) {
      M.getContext().emitError(Twine("llad: ") + (error ? error : "unknown error"));
      if (error) llad_free_message(error);
      return PreservedAnalyses::none();
    }
    return status == 0 ? PreservedAnalyses::all() : PreservedAnalyses::none();
  }
  // Derivatives are requested by the program: the pass must run at -O0 and on optnone code too.
  static bool isRequired() { return true; }
};
} // namespace

extern "C" void llad_register_callbacks(PassBuilder &builder) {
  builder.registerPipelineParsingCallback(
      [](StringRef name, ModulePassManager &mpm, ArrayRef<PassBuilder::PipelineElement>) {
        if (name != "llad") return false;
        mpm.addPass(LladPass(Explicit));
        return true;
      });
  builder.registerPipelineStartEPCallback(
      [](ModulePassManager &mpm, OptimizationLevel) { mpm.addPass(LladPass(Protect)); });
  builder.registerOptimizerEarlyEPCallback([](ModulePassManager &mpm, OptimizationLevel level) {
    mpm.addPass(LladPass(Differentiate));
    if (level == OptimizationLevel::O0) return;
    // Clean the derivative code the way the simplification pipeline (already run) would have:
    // inline the tape helpers, promote adjoint slots, fold the duplicated work.
    mpm.addPass(AlwaysInlinerPass());
    // A derivative is internal and its callers usually pass the same sizes and seed (1.0): fold
    // them into it (interprocedural constant propagation, as the simplification pipeline did for
    // the primal), drop the arguments that become dead and give it the fast calling convention.
    mpm.addPass(IPSCCPPass());
    mpm.addPass(DeadArgumentEliminationPass());
    mpm.addPass(GlobalOptPass());
    // Before the derivatives are inlined into their callers, while they can still be told apart from
    // the user's functions: overlap the latency of the primal's reductions they re-run.
    mpm.addPass(createModuleToFunctionPassAdaptor(llad::derivativeLoopPasses()));
    // The augmented primal and the reverse are called once per request: inlining them lets the
    // optimizer drop the primal work a gradient does not need.
    mpm.addPass(ModuleInlinerPass(getInlineParams(level.getSpeedupLevel(), level.getSizeLevel())));
    FunctionPassManager fpm;
    fpm.addPass(SROAPass(SROAOptions::ModifyCFG));
    fpm.addPass(EarlyCSEPass(true));
    fpm.addPass(InstCombinePass());
    fpm.addPass(GVNPass());
    fpm.addPass(SimplifyCFGPass());
    fpm.addPass(InstCombinePass());
    LoopPassManager lpm;
    lpm.addPass(IndVarSimplifyPass());
    lpm.addPass(LoopDeletionPass());
    fpm.addPass(createFunctionToLoopPassAdaptor(std::move(lpm)));
    // Keep the tape's position in a register across a loop that pushes without checks
    // (reverse/reserve.rs), so the loop's tape stores become strided stores.
    fpm.addPass(createFunctionToLoopPassAdaptor(LICMPass(LICMOptions()), /*UseMemorySSA=*/true));
    // With the tape's position in a register, an adjoint accumulated into memory in one iteration
    // and read back in the next (a stencil's reverse) is forwarded through a phi (load PRE).
    fpm.addPass(GVNPass());
    fpm.addPass(SimplifyCFGPass());
    mpm.addPass(createModuleToFunctionPassAdaptor(std::move(fpm)));
  });
}

// Clones the body of `old_fn` into the empty `new_fn`. `arg_map[i]` is the argument of `new_fn`
// that replaces argument i of `old_fn`. Return attributes are dropped when the return types differ.
extern "C" void llad_clone_function_into(LLVMValueRef new_fn, LLVMValueRef old_fn,
                                         LLVMValueRef *arg_map) {
  Function *newF = unwrap<Function>(new_fn);
  Function *oldF = unwrap<Function>(old_fn);
  ValueToValueMapTy vmap;
  unsigned i = 0;
  for (Argument &arg : oldF->args()) vmap[&arg] = unwrap(arg_map[i++]);
  SmallVector<ReturnInst *, 4> returns;
  bool derivative = newF->hasFnAttribute(llad::DerivativeAttr);
  CloneFunctionInto(newF, oldF, vmap, CloneFunctionChangeType::LocalChangesOnly, returns);
  if (derivative) newF->addFnAttr(llad::DerivativeAttr);
  // The derivative reads and writes memory the primal does not (shadows, the tape) and may
  // capture pointers on the tape: drop what the primal's attributes promise about that.
  newF->removeFnAttr(Attribute::Memory);
  newF->removeFnAttr(Attribute::NoFree);
  newF->removeFnAttr(Attribute::NoSync);
  newF->removeFnAttr(Attribute::Speculatable);
  newF->removeFnAttr(Attribute::NoRecurse);
  // The tape runtime aborts when memory runs out: a derivative may not return.
  newF->removeFnAttr(Attribute::WillReturn);
  // `noinline` on the primal (often there to keep it recognisable) says nothing about its
  // derivative; optnone functions must stay noinline.
  if (!newF->hasFnAttribute(Attribute::OptimizeNone)) newF->removeFnAttr(Attribute::NoInline);
  for (Argument &arg : newF->args()) {
    arg.removeAttr(Attribute::NoCapture);
    arg.removeAttr(Attribute::ReadNone);
    arg.removeAttr(Attribute::ReadOnly);
    arg.removeAttr(Attribute::WriteOnly);
  }
  // Rules and markers belong to the primal, not to its derivatives.
  for (const char *kind : {"llad.rules", "llad.inactive", "enzyme_derivative", "enzyme_augment", "enzyme_gradient",
                           "enzyme_splitderivative"})
    newF->setMetadata(kind, nullptr);
  newF->removeFnAttr("enzyme_inactive");
  newF->removeFnAttr("llad-inline");
  // Allocator attributes name parameter positions (shifted by the shadows) and promise fresh memory.
  newF->removeFnAttr(Attribute::AllocSize);
  newF->removeFnAttr(Attribute::AllocKind);
  newF->removeFnAttr("alloc-family");
  // A derivative returns something else than the primal (a tangent of the same type, adjoints, a
  // pair): what the primal's return attributes promise (nonnull, noalias, range, nofpclass, ...)
  // and `returned` on a parameter are not true of it.
  for (Argument &arg : newF->args()) arg.removeAttr(Attribute::Returned);
  AttributeMask ret;
  for (const Attribute &a : newF->getAttributes().getRetAttrs()) ret.addAttribute(a);
  newF->setAttributes(newF->getAttributes().removeRetAttributes(newF->getContext(), ret));
}

// Turns an invoke into a call followed by a branch to its normal destination.
extern "C" void llad_invoke_to_call(LLVMValueRef invoke) {
  if (auto *ii = dyn_cast<InvokeInst>(unwrap(invoke))) changeToCall(ii);
}

// A copy of `fn` along its normal path: its invokes become calls and the exception handling code
// (now unreachable) goes. Internal, named `<fn>.llad.normal`.
extern "C" LLVMValueRef llad_normal_path_copy(LLVMValueRef fn) {
  Function *f = unwrap<Function>(fn);
  ValueToValueMapTy vmap;
  Function *copy = CloneFunction(f, vmap);
  copy->setName(f->getName() + ".llad.normal");
  copy->setLinkage(GlobalValue::InternalLinkage);
  SmallVector<InvokeInst *, 8> invokes;
  for (BasicBlock &bb : *copy)
    if (auto *ii = dyn_cast<InvokeInst>(bb.getTerminator())) invokes.push_back(ii);
  for (InvokeInst *ii : invokes) changeToCall(ii);
  removeUnreachableBlocks(*copy);
  return wrap(copy);
}

// Makes every call in `fn` that may throw an invoke whose unwind edge calls `abort_fn`: an
// exception must not unwind through a derivative (its tape and shadows would be left half done).
extern "C" void llad_abort_on_unwind(LLVMValueRef fn, LLVMValueRef personality, LLVMValueRef abort_fn) {
  Function *f = unwrap<Function>(fn);
  SmallVector<CallInst *, 16> calls;
  for (BasicBlock &bb : *f)
    for (Instruction &inst : bb)
      if (auto *ci = dyn_cast<CallInst>(&inst))
        if (!ci->doesNotThrow() && !isa<IntrinsicInst>(ci) && ci->getCalledOperand() != unwrap(abort_fn) &&
            !(ci->getCalledFunction() && ci->getCalledFunction()->getName().starts_with("__enzyme_")))
          calls.push_back(ci);
  if (calls.empty()) return;
  // Splitting the entry block at a call must leave its static allocas in the entry block.
  BasicBlock &entry = f->getEntryBlock();
  Instruction *top = &*entry.getFirstInsertionPt();
  SmallVector<AllocaInst *, 16> allocas;
  for (Instruction &inst : entry)
    if (auto *a = dyn_cast<AllocaInst>(&inst))
      if (a->isStaticAlloca()) allocas.push_back(a);
  for (AllocaInst *a : allocas)
    if (a != top) a->moveBefore(top);
  f->setPersonalityFn(cast<Constant>(unwrap(personality)));
  LLVMContext &ctx = f->getContext();
  BasicBlock *pad = BasicBlock::Create(ctx, "llad.unwind", f);
  IRBuilder<> b(pad);
  LandingPadInst *lp = b.CreateLandingPad(StructType::get(PointerType::get(ctx, 0), Type::getInt32Ty(ctx)), 0);
  lp->setCleanup(true);
  b.CreateCall(cast<Function>(unwrap(abort_fn)));
  b.CreateUnreachable();
  for (CallInst *ci : calls) changeToInvokeAndSplitBasicBlock(ci, pad);
}

// Splits the edge from -> to with a new block (phis in `to` are updated); returns the new block.
extern "C" LLVMBasicBlockRef llad_split_edge(LLVMBasicBlockRef from, LLVMBasicBlockRef to) {
  return wrap(SplitEdge(unwrap(from), unwrap(to)));
}

// Splits the block of `inst` before it: `inst` and what follows move to a new block (returned),
// the old one branches there, and phis in the successors now come from the new block.
extern "C" LLVMBasicBlockRef llad_split_block_before(LLVMValueRef inst) {
  Instruction *I = unwrap<Instruction>(inst);
  return wrap(I->getParent()->splitBasicBlock(I));
}

// Drops a function's body (it becomes an external declaration): used to leave a valid module
// behind when differentiation fails halfway.
extern "C" void llad_delete_body(LLVMValueRef fn) { unwrap<Function>(fn)->deleteBody(); }

// Runs LLVM's lint (undefined behaviour checks) on every defined function of the module and returns
// what it reports (empty when nothing), allocated with malloc. Lint writes to stderr, so stderr is
// pointed at a temporary file meanwhile; callers serialize (the redirection is process-wide).
extern "C" char *llad_lint_module(LLVMModuleRef module) {
  errs().flush();
  fflush(stderr);
  FILE *capture = tmpfile();
  if (!capture) return nullptr;
  int saved = dup(STDERR_FILENO);
  dup2(fileno(capture), STDERR_FILENO);
  {
    // Not llvm::lintModule: in LLVM 19 it runs with an analysis manager that lacks analyses the
    // pass asks for, and crashes.
    PassBuilder builder;
    LoopAnalysisManager lam;
    FunctionAnalysisManager fam;
    CGSCCAnalysisManager cgam;
    ModuleAnalysisManager mam;
    builder.registerModuleAnalyses(mam);
    builder.registerCGSCCAnalyses(cgam);
    builder.registerFunctionAnalyses(fam);
    builder.registerLoopAnalyses(lam);
    builder.crossRegisterProxies(lam, fam, cgam, mam);
    FunctionPassManager fpm;
    fpm.addPass(LintPass());
    for (Function &f : *unwrap(module))
      if (!f.isDeclaration()) fpm.run(f, fam);
  }
  errs().flush();
  fflush(stderr);
  dup2(saved, STDERR_FILENO);
  close(saved);
  long size = ftell(capture);
  char *text = static_cast<char *>(malloc(size > 0 ? size + 1 : 1));
  rewind(capture);
  size_t got = size > 0 ? fread(text, 1, size, capture) : 0;
  text[got] = 0;
  fclose(capture);
  return text;
}

// A constant with its undefined (poison/undef) lanes or value replaced by zero.
static Constant *definedConstant(Constant *c) {
  if (isa<UndefValue>(c)) return Constant::getNullValue(c->getType());
  auto *vector = dyn_cast<FixedVectorType>(c->getType());
  if (!vector || !c->containsUndefOrPoisonElement()) return c;
  SmallVector<Constant *, 8> elements;
  for (unsigned i = 0; i < vector->getNumElements(); i++) {
    Constant *e = c->getAggregateElement(i);
    elements.push_back(!e || isa<UndefValue>(e) ? Constant::getNullValue(vector->getElementType()) : e);
  }
  return ConstantVector::get(elements);
}

// Gives the unused lanes of vectors a value: shuffle masks' undefined lanes read lane 0, and poison
// or undef vector and float constants become zero (a refinement, so the function means the same).
// The reverse sweep multiplies adjoints by primal values lane by lane: 0 * poison is poison, which
// the optimizer propagates into the derivatives of the lanes that are used.
extern "C" void llad_define_poison_lanes(LLVMValueRef fn) {
  for (BasicBlock &block : *unwrap<Function>(fn))
    for (Instruction &inst : block) {
      if (auto *shuffle = dyn_cast<ShuffleVectorInst>(&inst)) {
        SmallVector<int, 16> mask(shuffle->getShuffleMask());
        bool undefined = false;
        for (int &lane : mask)
          if (lane < 0) lane = 0, undefined = true;
        if (undefined) shuffle->setShuffleMask(mask);
      }
      for (Use &use : inst.operands()) {
        auto *c = dyn_cast<Constant>(use.get());
        if (!c || isa<GlobalValue>(c) || isa<ConstantExpr>(c)) continue;
        if (!c->getType()->isFPOrFPVectorTy() && !c->getType()->isVectorTy()) continue;
        Constant *defined = definedConstant(c);
        if (defined != c) use.set(defined);
      }
    }
}

// Inside clang (loaded with `-Xclang -load` or `-fplugin`, or as a pass plugin), llad's front-end
// half (Enzyme's source attributes, `src/frontend/`) is loaded from libllad-clang.so beside this
// library. It needs clang's symbols, which opt and the CLI do not have, hence the separate file.
#include <dlfcn.h>
#include <string>

__attribute__((constructor)) static void llad_load_clang_frontend() {
  // llvm::Registry<clang::ParsedAttrInfo>::Head: present only where clang is the host.
  if (!dlsym(RTLD_DEFAULT, "_ZN4llvm8RegistryIN5clang14ParsedAttrInfoEE4HeadE"))
    return;
  Dl_info self;
  if (!dladdr(reinterpret_cast<void *>(&llad_load_clang_frontend), &self) || !self.dli_fname)
    return;
  std::string path = self.dli_fname;
  path = path.substr(0, path.find_last_of('/') + 1) + "libllad-clang.so";
  if (!dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL))
    fprintf(stderr, "llad: warning: cannot load the clang front-end half %s (%s): Enzyme's source attributes (enzyme_inactive, enzyme_function_like) are not available\n", path.c_str(), dlerror());
}

// For the loop headed by each of `headers`: how many times the header runs per entry into the
// loop, as an i64 computed at the end of the loop's preheader (`out[i]`, a preheader is made
// where the loop has none), or null when the loop has no preheader or its count is not exactly known (scalar evolution's backedge-taken count
// plus one; a loop with an early exit whose count depends on data has none).
extern "C" void llad_loop_trip_counts(LLVMValueRef fn, LLVMBasicBlockRef *headers, unsigned n, LLVMValueRef *out) {
  Function &F = *unwrap<Function>(fn);
  DominatorTree DT(F);
  LoopInfo LI(DT);
  // A loop entered from a block that also branches elsewhere gets a block of its own to compute
  // its count in.
  for (unsigned i = 0; i < n; i++) {
    Loop *L = LI.getLoopFor(unwrap(headers[i]));
    if (L && L->getHeader() == unwrap(headers[i]) && !L->getLoopPreheader())
      InsertPreheaderForLoop(L, &DT, &LI, nullptr, false);
  }
  AssumptionCache AC(F);
  TargetLibraryInfoImpl TLII{Triple(F.getParent()->getTargetTriple())};
  TargetLibraryInfo TLI(TLII, &F);
  ScalarEvolution SE(F, TLI, AC, DT, LI);
  SCEVExpander Expander(SE, F.getDataLayout(), "llad.trip");
  Type *I64 = Type::getInt64Ty(F.getContext());
  for (unsigned i = 0; i < n; i++) {
    out[i] = nullptr;
    BasicBlock *header = unwrap(headers[i]);
    Loop *L = LI.getLoopFor(header);
    if (!L || L->getHeader() != header) continue;
    BasicBlock *preheader = L->getLoopPreheader();
    if (!preheader) continue;
    const SCEV *taken = SE.getBackedgeTakenCount(L);
    if (isa<SCEVCouldNotCompute>(taken) || !taken->getType()->isIntegerTy() || SE.getTypeSizeInBits(taken->getType()) > 64) continue;
    const SCEV *trips = SE.getAddExpr(SE.getZeroExtendExpr(taken, I64), SE.getOne(I64));
    Instruction *at = preheader->getTerminator();
    if (!Expander.isSafeToExpandAt(trips, at)) continue;
    out[i] = wrap(Expander.expandCodeFor(trips, I64, at));
  }
}

// The demangled form of `name` (itself if it is not mangled) into out[0..cap); returns its length.
extern "C" size_t llad_demangle(const char *name, char *out, size_t cap) {
  std::string text = llvm::demangle(name);
  if (text.size() < cap) {
    memcpy(out, text.c_str(), text.size() + 1);
  }
  return text.size();
}

// The source name of parameter `index` of `fn` from its debug info (clang discards IR value
// names) into out[0..cap); its length, 0 if there is none.
extern "C" size_t llad_param_debug_name(LLVMValueRef fn, unsigned index, char *out, size_t cap) {
  Function *F = unwrap<Function>(fn);
  DISubprogram *sp = F->getSubprogram();
  if (!sp) return 0;
  StringRef found;
  // (a parameter of a function inlined here has an arg number too, in its own scope)
  auto consider = [&](DILocalVariable *var) {
    if (var && found.empty() && var->getArg() == index + 1 && var->getScope()->getSubprogram() == sp) found = var->getName();
  };
  for (DINode *node : sp->getRetainedNodes()) consider(dyn_cast<DILocalVariable>(node));
  for (Instruction &I : instructions(F)) {
    for (DbgVariableRecord &record : filterDbgVars(I.getDbgRecordRange())) consider(record.getVariable());
    if (auto *intrinsic = dyn_cast<DbgVariableIntrinsic>(&I)) consider(intrinsic->getVariable());
  }
  if (found.size() < cap) {
    memcpy(out, found.data(), found.size());
    out[found.size()] = 0;
  }
  return found.size();
}
