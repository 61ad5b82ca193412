// The C++ side of llad: only what LLVM's C API cannot do.
//  * the new-pass-manager plugin registration (pipeline name "llad", clang extension points);
//  * cloning a function body into a new function with a caller-chosen argument mapping.
// All AD logic lives in Rust; this file forwards the module to `llad_run_on_module`.
#include "llvm-c/Types.h"
#include "llvm/IR/AttributeMask.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Analysis/InlineCost.h"
#include "llvm/Transforms/IPO/AlwaysInliner.h"
#include "llvm/Transforms/IPO/ModuleInliner.h"
#include "llvm/Transforms/Scalar/IndVarSimplify.h"
#include "llvm/Transforms/Scalar/LoopDeletion.h"
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
  CloneFunctionInto(newF, oldF, vmap, CloneFunctionChangeType::LocalChangesOnly, returns);
  // The derivative reads and writes memory the primal does not (shadows, the tape) and may
  // capture pointers on the tape: drop what the primal's attributes promise about that.
  newF->removeFnAttr(Attribute::Memory);
  newF->removeFnAttr(Attribute::NoFree);
  newF->removeFnAttr(Attribute::NoSync);
  newF->removeFnAttr(Attribute::Speculatable);
  newF->removeFnAttr(Attribute::NoRecurse);
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
  if (newF->getReturnType() != oldF->getReturnType()) {
    AttributeMask all; for (const Attribute &a : newF->getAttributes().getRetAttrs()) all.addAttribute(a); newF->setAttributes(newF->getAttributes().removeRetAttributes(newF->getContext(), all));
  }
}

// Turns an invoke into a call followed by a branch to its normal destination.
extern "C" void llad_invoke_to_call(LLVMValueRef invoke) {
  if (auto *ii = dyn_cast<InvokeInst>(unwrap(invoke))) changeToCall(ii);
}

// Splits the edge from -> to with a new block (phis in `to` are updated); returns the new block.
extern "C" LLVMBasicBlockRef llad_split_edge(LLVMBasicBlockRef from, LLVMBasicBlockRef to) {
  return wrap(SplitEdge(unwrap(from), unwrap(to)));
}

// Drops a function's body (it becomes an external declaration): used to leave a valid module
// behind when differentiation fails halfway.
extern "C" void llad_delete_body(LLVMValueRef fn) { unwrap<Function>(fn)->deleteBody(); }
