// Reading untrusted input (the CLI only; src/ir/input.rs is the Rust side). LLVM's bitcode reader
// is not hardened against corrupt files: a flipped byte can make it dereference garbage (SIGSEGV),
// ask for gigabytes because of a corrupt size field (report_bad_alloc_error → abort), or call
// report_fatal_error (abort). So the CLI first parses and checks its input in a forked child with
// an address-space limit; only if the child succeeds does it parse the same bytes in-process.
// LLVM's fatal-error and bad-alloc handlers are replaced so that neither process ever dies with
// abort().
#include "llvm-c/Types.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
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

using namespace llvm;

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
