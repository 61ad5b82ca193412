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
#include "llvm/Analysis/Lint.h"
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

// Splits the edge from -> to with a new block (phis in `to` are updated); returns the new block.
extern "C" LLVMBasicBlockRef llad_split_edge(LLVMBasicBlockRef from, LLVMBasicBlockRef to) {
  return wrap(SplitEdge(unwrap(from), unwrap(to)));
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

// ---------------------------------------------------------------------------------------------
// Reading untrusted input (the CLI only). LLVM's bitcode reader is not hardened against corrupt
// files: a flipped byte can make it dereference garbage (SIGSEGV), ask for gigabytes because of a
// corrupt size field (report_bad_alloc_error → abort), or call report_fatal_error (abort). So the
// CLI first parses and checks its input in a forked child with an address-space limit; only if
// the child succeeds does it parse the same bytes in-process. LLVM's fatal-error and bad-alloc
// handlers are replaced so that neither process ever dies with abort().
// ---------------------------------------------------------------------------------------------
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Verifier.h"
#include "llvm/IRReader/IRReader.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/TargetParser/Triple.h"

#include <cerrno>
#include <cstdio>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {
// Where the handlers report: stderr with "llad: error: <file>: " in the CLI process, the pipe to
// the parent (no prefix) in the checking child.
int ReportFd = 2;
char ReportPrefix[1024] = "llad: error: ";
int FatalExitCode = 1;
constexpr int ChildFatalExit = 3;    // the child hit report_fatal_error: the pipe holds the reason
constexpr int ChildOutOfMemory = 4;  // the child ran out of its memory budget
constexpr int ChildOutOfUserMemory = 5;  // ... of the user's own limit (lower than the budget)
int OutOfMemoryExit = ChildOutOfMemory;

void writeAll(int fd, const char *text, size_t len) {
  while (len > 0) {
    ssize_t n = ::write(fd, text, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    text += n;
    len -= static_cast<size_t>(n);
  }
}
void writeStr(int fd, const char *text) { writeAll(fd, text, std::strlen(text)); }

// Must not return (LLVM aborts when GenCrashDiag is set) and must not allocate much: writes and _exits.
void onFatalError(void *, const char *reason, bool) {
  writeStr(ReportFd, ReportPrefix);
  if (ReportFd == 2) writeStr(ReportFd, "LLVM error: ");
  writeStr(ReportFd, reason ? reason : "unknown error");
  if (ReportFd == 2) writeStr(ReportFd, "\n");
  _exit(FatalExitCode);
}

void onBadAlloc(void *, const char *reason, bool) {
  if (ReportFd == 2) {
    writeStr(ReportFd, ReportPrefix);
    writeStr(ReportFd, "out of memory (");
    writeStr(ReportFd, reason ? reason : "allocation failed");
    writeStr(ReportFd, ")\n");
    _exit(1);
  }
  _exit(OutOfMemoryExit);
}

enum ReadStatus { ReadOk = 0, ReadParseError = 1, ReadInvalid = 2, ReadCrashed = 3 };

struct ReadResult {
  int status = ReadOk;
  int line = 0;  // 1-based position of a text parse error, 0 when none
  int column = 0;
  std::string message;
};

// Collects the reader's diagnostics: an error diagnostic would otherwise make LLVM exit(1)
// with its own message; warnings (e.g. "ignoring invalid debug info") are printed as llad warnings.
struct DiagnosticState {
  std::string errors;
  bool printWarnings;
};
void collectDiagnostic(const DiagnosticInfo *info, DiagnosticState *state) {
  std::string text;
  raw_string_ostream os(text);
  DiagnosticPrinterRawOStream printer(os);
  info->print(printer);
  os.flush();
  if (info->getSeverity() == DS_Error) {
    if (!state->errors.empty()) state->errors += "\n";
    state->errors += text;
  } else if (info->getSeverity() == DS_Warning && state->printWarnings) {
    std::string line = std::string("llad: warning: ") + text + "\n";
    writeAll(2, line.data(), line.size());
  }
}

struct CollectingHandler : DiagnosticHandler {
  DiagnosticState *state;
  explicit CollectingHandler(DiagnosticState *s) : state(s) {}
  bool handleDiagnostics(const DiagnosticInfo &info) override {
    collectDiagnostic(&info, state);
    return true;
  }
};

// LLVM 19's text printer writes a few strings between quotes without escaping them: the target
// triple, GC names and string attribute keys. A quote there ends the string early and a backslash
// starts an escape, so the text would not read back (`-S` output a tester found unparsable was an
// attribute key with a flipped byte: "stack-protector-"uffer-size"). Non-printable bytes would read
// back, but no real module has them there: they mean a corrupt file and are rejected as well.
bool printableVerbatim(StringRef text) {
  for (unsigned char c : text)
    if (c == '"' || c == '\\' || c < 0x20 || c >= 0x7f) return false;
  return true;
}

const char *const Unprintable = "it contains a quote, a backslash or a non-printable character (a corrupt file?)";

std::string quoted(StringRef text) {
  std::string out = "'";
  raw_string_ostream os(out);
  printEscapedString(text, os);
  os.flush();
  return out + "'";
}

std::string firstLines(const std::string &text, unsigned max) {
  size_t pos = 0;
  for (unsigned i = 0; i < max; ++i) {
    pos = text.find('\n', pos);
    if (pos == std::string::npos) return text;
    ++pos;
  }
  return text.substr(0, pos) + "...";
}

// An attribute list's string attribute keys are printed verbatim ("key"="escaped value").
bool checkAttributes(AttributeList list, std::string &bad) {
  for (AttributeSet set : list)
    for (const Attribute &a : set)
      if (a.isStringAttribute() && !printableVerbatim(a.getKindAsString())) {
        bad = a.getKindAsString().str();
        return false;
      }
  return true;
}

// Checks a module that parsed: it must verify, and name a known target architecture (tools
// such as opt refuse modules that do not), and everything the text printer writes verbatim must
// be printable.
ReadResult checkModule(Module &m) {
  ReadResult result;
  result.status = ReadInvalid;
  std::string out;
  raw_string_ostream os(out);
  if (verifyModule(m, &os)) {
    os.flush();
    while (!out.empty() && out.back() == '\n') out.pop_back();
    result.message = "not valid LLVM IR: " + firstLines(out, 12);
    return result;
  }
  StringRef triple = m.getTargetTriple();
  if (!printableVerbatim(triple)) {
    result.message = "the target triple " + quoted(triple) + " is malformed: " + Unprintable;
    return result;
  }
  Triple parsed(triple);
  if (parsed.getArch() == Triple::UnknownArch && !parsed.getArchName().empty() && parsed.getArchName() != "unknown") {
    result.message = "unknown architecture " + quoted(parsed.getArchName()) + " in the target triple " + quoted(triple);
    return result;
  }
  std::string bad;
  for (Function &f : m) {
    if (f.hasGC() && !printableVerbatim(f.getGC())) {
      result.message = "function " + quoted(f.getName()) + " has a malformed garbage collector name " + quoted(f.getGC()) + ": " + Unprintable;
      return result;
    }
    bool ok = checkAttributes(f.getAttributes(), bad);
    for (BasicBlock &bb : f)
      for (Instruction &inst : bb)
        if (ok)
          if (auto *call = dyn_cast<CallBase>(&inst)) ok = checkAttributes(call->getAttributes(), bad);
    if (!ok) {
      result.message = "function " + quoted(f.getName()) + " has an attribute with a malformed name " + quoted(bad) + ": " + Unprintable;
      return result;
    }
  }
  for (GlobalVariable &g : m.globals())
    if (!checkAttributes(AttributeList::get(m.getContext(), AttributeList::FunctionIndex, g.getAttributes()), bad)) {
      result.message = "global " + quoted(g.getName()) + " has an attribute with a malformed name " + quoted(bad) + ": " + Unprintable;
      return result;
    }
  return ReadResult();
}

// Parses text IR or bitcode into `context` and checks the result; `module` receives it on success.
// `check` false skips checkModule (the same bytes passed it in the child: parsing is deterministic).
ReadResult parseAndCheck(LLVMContext &context, const char *data, size_t len, const char *name,
                         bool printWarnings, bool check, std::unique_ptr<Module> &module) {
  DiagnosticState diagnostics{std::string(), printWarnings};
  std::unique_ptr<DiagnosticHandler> previous = context.getDiagnosticHandler();
  context.setDiagnosticHandler(std::make_unique<CollectingHandler>(&diagnostics));
  SMDiagnostic error;
  // The text lexer relies on a NUL after the last byte: parse a terminated copy.
  std::unique_ptr<MemoryBuffer> buffer = MemoryBuffer::getMemBufferCopy(StringRef(data, len), name);
  module = parseIR(buffer->getMemBufferRef(), error, context);
  context.setDiagnosticHandler(std::move(previous));
  ReadResult result;
  if (!module || !diagnostics.errors.empty()) {
    result.status = ReadParseError;
    if (!module) {
      result.message = error.getMessage().str();
      if (error.getLineNo() > 0) {
        result.line = error.getLineNo();
        result.column = error.getColumnNo() + 1;
      }
    } else {
      result.message = diagnostics.errors;
    }
    module.reset();
    return result;
  }
  if (check) result = checkModule(*module);
  if (result.status != ReadOk) module.reset();
  return result;
}

// The memory the child has mapped now, in bytes (0 when unknown).
size_t mappedBytes() {
  FILE *statm = std::fopen("/proc/self/statm", "r");
  if (!statm) return 0;
  unsigned long pages = 0;
  if (std::fscanf(statm, "%lu", &pages) != 1) pages = 0;
  std::fclose(statm);
  return pages * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

// Returns false when the current limit is already lower.
bool lowerLimit(int resource, rlim_t value) {
  struct rlimit limit;
  if (getrlimit(resource, &limit) != 0) return true;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur <= value) return false;
  limit.rlim_cur = value;
  setrlimit(resource, &limit);
  return true;
}

// Runs parseAndCheck in a forked child. Returns false when no child could be started.
bool parseAndCheckIsolated(const char *data, size_t len, const char *name, ReadResult &result) {
  int fds[2];
  if (pipe(fds) != 0) return false;
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return false;
  }
  if (pid == 0) {
    close(fds[0]);
    ReportFd = fds[1];
    ReportPrefix[0] = '\0';
    FatalExitCode = ChildFatalExit;
    // A corrupt size field can make the reader allocate (and touch) gigabytes: give the child a
    // budget far above what real modules need (in-memory IR is ~15x its bitcode, ~2x its text).
    // Limits are only ever lowered (soft limits; the user's own limits stay in force).
    if (!lowerLimit(RLIMIT_AS, mappedBytes() + (size_t(512) << 20) + 64 * len)) OutOfMemoryExit = ChildOutOfUserMemory;
    // Nor may it loop forever: a minute plus a second per megabyte of input.
    lowerLimit(RLIMIT_CPU, 60 + len / (1 << 20));
    lowerLimit(RLIMIT_CORE, 0);
    LLVMContext context;
    std::unique_ptr<Module> module;
    ReadResult r = parseAndCheck(context, data, len, name, false, true, module);
    std::string header = std::to_string(r.status) + " " + std::to_string(r.line) + " " + std::to_string(r.column) + "\n";
    writeAll(fds[1], header.data(), header.size());
    writeAll(fds[1], r.message.data(), r.message.size());
    _exit(0);
  }
  close(fds[1]);
  std::string reply;
  char buffer[4096];
  for (;;) {
    ssize_t n = read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    reply.append(buffer, static_cast<size_t>(n));
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result = ReadResult();
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    size_t eol = reply.find('\n');
    if (eol != std::string::npos &&
        std::sscanf(reply.c_str(), "%d %d %d", &result.status, &result.line, &result.column) == 3) {
      result.message = reply.substr(eol + 1);
      return true;
    }
    result.status = ReadCrashed;
    result.message = "LLVM's reader failed on this file without a message (the file is corrupt)";
  } else if (WIFEXITED(status) && WEXITSTATUS(status) == ChildFatalExit) {
    result.status = ReadCrashed;
    result.message = "LLVM's reader failed on this file (the file is corrupt): " + reply;
  } else if (WIFEXITED(status) && WEXITSTATUS(status) == ChildOutOfMemory) {
    result.status = ReadCrashed;
    result.message = "LLVM's reader ran out of memory on this file (a corrupt size field?)";
  } else if (WIFEXITED(status) && WEXITSTATUS(status) == ChildOutOfUserMemory) {
    result.status = ReadCrashed;
    result.message = "LLVM's reader ran out of memory on this file (a corrupt size field, or a memory limit "
                     "(ulimit -v) too low for it?)";
  } else if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    result.status = ReadCrashed;
    if (sig == SIGXCPU || sig == SIGKILL)
      result.message = "LLVM's reader did not finish reading this file (the file is corrupt)";
    else
      result.message = std::string("LLVM's reader crashed on this file (the file is corrupt): signal ") +
                        std::to_string(sig) + " (" + strsignal(sig) + ")";
  } else {
    result.status = ReadCrashed;
    result.message = "LLVM's reader failed on this file (exit status " + std::to_string(WEXITSTATUS(status)) + ")";
  }
  return true;
}
} // namespace

// Makes LLVM's fatal errors and allocation failures end the process with exit code 1 and a
// message "<prefix>..." instead of abort(). For the CLI only: the plugin's host keeps its own.
extern "C" void llad_install_error_handlers(const char *prefix) {
  std::snprintf(ReportPrefix, sizeof ReportPrefix, "%s", prefix);
  static bool installed = false;
  if (installed) return;
  installed = true;
  install_fatal_error_handler(onFatalError, nullptr);
  install_bad_alloc_error_handler(onBadAlloc, nullptr);
  // operator new failing inside LLVM (built without exceptions) would call std::terminate.
  install_out_of_memory_new_handler();
}

// Reads text IR or bitcode. With `isolate`, the bytes are first parsed and checked in a forked
// child (see above); with `out` null, nothing is parsed in-process (a check only). Returns a
// ReadStatus; on failure *message (free with LLVMDisposeMessage) says why and *line/*column give
// the position of a text parse error (0 when none).
extern "C" int llad_read_module(LLVMContextRef context, const char *data, size_t len, const char *name,
                                int isolate, LLVMModuleRef *out, int *line, int *column, char **message) {
  ReadResult result;
  bool checked = isolate && parseAndCheckIsolated(data, len, name, result);
  std::unique_ptr<Module> module;
  if ((!checked || result.status == ReadOk) && out)
    result = parseAndCheck(*unwrap(context), data, len, name, true, !checked, module);
  else if (!checked && !out)
    result = parseAndCheck(*unwrap(context), data, len, name, false, true, module);
  *line = result.line;
  *column = result.column;
  *message = result.status == ReadOk ? nullptr : strdup(result.message.c_str());
  if (out) *out = module ? wrap(module.release()) : nullptr;
  return result.status;
}
