// llad's clang front-end half: Enzyme's source attributes. Built as libllad-clang.so next to
// libllad.so, which loads it when its host process is clang (`-Xclang -load -Xclang libllad.so`,
// `-fplugin=libllad.so`). A marked definition (template instantiations included) carries
// `annotate("enzyme_inactive")` or `annotate("enzyme_function_like=log1p")` into the IR
// (llvm.global.annotations); a marked declaration defined elsewhere gets the registration global
// llad also reads:
//   enzyme_inactive / enzyme_inactive_noblock on a function -> __enzyme_inactivefn_llad_N = {&f}
//   enzyme_inactive on a variable                          -> __enzyme_inactive_global_llad_N = {&v}
//   enzyme_function_like("log1p") on a function            -> __enzyme_function_like_llad_N = {&f, "log1p"}
// Hints that do not change a derivative's value (enzyme_shouldrecompute, enzyme_nofree,
// enzyme_elementwise_read, enzyme_sparse_accumulate) are accepted and have no effect.
// The registration globals are weak and hidden: kept through optimization until llad reads and
// deletes them.
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/ParsedAttrInfo.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Lex/DirectoryLookup.h"
#include "clang/Lex/HeaderSearch.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Sema/ParsedAttr.h"
#include "clang/Sema/Sema.h"
#include "clang/Sema/SemaDiagnostic.h"

#include <dlfcn.h>
#include <functional>
#include <string>
#include <sys/stat.h>

using namespace clang;

namespace {

enum class Effect { InactiveFunction, InactiveFunctionOrVariable, FunctionLike, Hint };

unsigned registrations = 0;

// Attributes seen in this translation unit, turned into registration globals at its end (when
// every marked declaration is complete; C++ cannot take a function's address mid-declaration).
struct Pending {
  ValueDecl *target;
  Effect effect;
  std::string like;
  SourceLocation loc;
};
std::vector<Pending> pending;
bool seen_in_unit = false;

// `(void *)&decl`, as a constant initializer.
Expr *address_as_void_pointer(ASTContext &C, ValueDecl *decl, SourceLocation loc) {
  auto *ref = DeclRefExpr::Create(C, NestedNameSpecifierLoc(), SourceLocation(), decl, false, loc, decl->getType(), VK_LValue);
  auto *addr = UnaryOperator::Create(C, ref, UO_AddrOf, C.getPointerType(decl->getType()), VK_PRValue, OK_Ordinary, loc, false, FPOptionsOverride());
  return ImplicitCastExpr::Create(C, C.VoidPtrTy, CK_BitCast, addr, nullptr, VK_PRValue, FPOptionsOverride());
}

// `(void *)"text"`.
Expr *string_as_void_pointer(ASTContext &C, StringRef text, SourceLocation loc) {
  QualType array = C.getStringLiteralArrayType(C.CharTy, text.size());
  auto *literal = StringLiteral::Create(C, text, StringLiteralKind::Ordinary, false, array, loc);
  auto *decay = ImplicitCastExpr::Create(C, C.getPointerType(C.CharTy), CK_ArrayToPointerDecay, literal, nullptr, VK_PRValue, FPOptionsOverride());
  return ImplicitCastExpr::Create(C, C.VoidPtrTy, CK_BitCast, decay, nullptr, VK_PRValue, FPOptionsOverride());
}

// Weak and hidden: optimization keeps the global until llad has read it (and llad then deletes it,
// so a marked declaration that is never defined leaves no reference behind), and the same
// registration made in two units links as one.
void keep_until_llad(ASTContext &C, VarDecl *var) {
  var->addAttr(WeakAttr::CreateImplicit(C));
  var->addAttr(VisibilityAttr::CreateImplicit(C, VisibilityAttr::Hidden));
}

// Defines `void *<prefix>_llad_<n>_<name>[] = {entries...}` and hands it to code generation
// (which runs after this front end's consumer).
void define_registration(Sema &S, StringRef prefix, NamedDecl *target, ArrayRef<Expr *> entries, SourceLocation loc) {
  ASTContext &C = S.Context;
  QualType type = C.getConstantArrayType(C.VoidPtrTy, llvm::APInt(32, entries.size()), nullptr, ArraySizeModifier::Normal, 0);
  // Unique per translation unit (weak globals of two units must not merge): the main file's
  // name, hashed, and a counter.
  SourceManager &sm = C.getSourceManager();
  std::string unit;
  if (auto entry = sm.getFileEntryRefForID(sm.getMainFileID())) unit = entry->getName().str();
  std::string name = (prefix + "_llad_" + std::to_string(std::hash<std::string>{}(unit) % 1000000007) + "_" + std::to_string(registrations++) + "_" + target->getName()).str();
  IdentifierInfo &id = C.Idents.get(name);
  DeclContext *tu = C.getTranslationUnitDecl();
  VarDecl *var = VarDecl::Create(C, tu, loc, loc, &id, type, C.getTrivialTypeSourceInfo(type, loc), SC_None);
  auto *init = new (C) InitListExpr(C, loc, entries, loc);
  init->setType(type);
  var->setInit(init);
  keep_until_llad(C, var);
  tu->addDecl(var);
  S.getASTConsumer().HandleTopLevelDecl(DeclGroupRef(var));
}

#define SPELLINGS(gnu, scoped) \
  { {ParsedAttr::AS_GNU, gnu}, {ParsedAttr::AS_CXX11, gnu}, {ParsedAttr::AS_CXX11, scoped} }

const ParsedAttrInfo::Spelling inactive[3] = SPELLINGS("enzyme_inactive", "enzyme::inactive");
const ParsedAttrInfo::Spelling inactive_noblock[3] = SPELLINGS("enzyme_inactive_noblock", "enzyme::inactive_noblock");
const ParsedAttrInfo::Spelling function_like[3] = SPELLINGS("enzyme_function_like", "enzyme::function_like");
const ParsedAttrInfo::Spelling should_recompute[3] = SPELLINGS("enzyme_shouldrecompute", "enzyme::shouldrecompute");
const ParsedAttrInfo::Spelling no_free[3] = SPELLINGS("enzyme_nofree", "enzyme::nofree");
const ParsedAttrInfo::Spelling elementwise_read[3] = SPELLINGS("enzyme_elementwise_read", "enzyme::elementwise_read");
const ParsedAttrInfo::Spelling sparse_accumulate[3] = SPELLINGS("enzyme_sparse_accumulate", "enzyme::sparse_accumulate");

template <Effect E, const ParsedAttrInfo::Spelling (&Names)[3], unsigned Args> struct EnzymeAttribute : public ParsedAttrInfo {
  EnzymeAttribute() {
    Spellings = Names;
    NumArgs = Args;
  }

  bool diagAppertainsToDecl(Sema &S, const ParsedAttr &attr, const Decl *D) const override {
    bool ok = isa<FunctionDecl>(D) || (E == Effect::InactiveFunctionOrVariable && isa<VarDecl>(D) && cast<VarDecl>(D)->hasGlobalStorage()) || E == Effect::Hint;
    if (!ok) {
      const char *what = E == Effect::InactiveFunctionOrVariable ? "functions and global variables" : "functions";
      S.Diag(attr.getLoc(), diag::warn_attribute_wrong_decl_type_str) << attr << attr.isRegularKeywordAttribute() << what;
    }
    return ok;
  }

  AttrHandling handleDeclAttribute(Sema &S, Decl *D, const ParsedAttr &attr) const override {
    ASTContext &C = S.Context;
    SourceLocation loc = attr.getLoc();
    seen_in_unit = true;
    if (E == Effect::Hint || D->isInvalidDecl() || isa<ParmVarDecl>(D))
      return AttributeApplied;
    auto refuse = [&](const char *what) {
      unsigned id = S.getDiagnostics().getCustomDiagID(DiagnosticsEngine::Error, "%0 %1 (llad)");
      S.Diag(loc, id) << attr << what;
      return AttributeNotApplied;
    };
    if (auto *method = dyn_cast<CXXMethodDecl>(D); method && !method->isStatic())
      return refuse("is not supported on non-static member functions yet: mark a free or static function that the method calls");
    std::string like;
    if (E == Effect::FunctionLike) {
      auto *literal = attr.getNumArgs() == 1 ? dyn_cast<StringLiteral>(attr.getArgAsExpr(0)->IgnoreParenCasts()) : nullptr;
      if (!literal)
        return refuse("takes the name of a math function as a string, e.g. enzyme_function_like(\"log1p\")");
      like = literal->getString().str();
    }
    // Definitions (template instantiations included) carry an annotation into the IR; a
    // declaration without definition here gets a registration global at the end of the unit.
    std::string text = E == Effect::FunctionLike ? "enzyme_function_like=" + like : "enzyme_inactive";
    D->addAttr(AnnotateAttr::Create(C, text, nullptr, 0, attr.getRange()));
    // Kept out of line until llad has differentiated (then inlinable again: the annotation tells
    // llad to lift the noinline), also when clang optimizes before the CLI sees the IR.
    if (isa<FunctionDecl>(D) && !D->hasAttr<NoInlineAttr>() && !D->hasAttr<AlwaysInlineAttr>()) {
      D->addAttr(NoInlineAttr::CreateImplicit(C));
      D->addAttr(AnnotateAttr::Create(C, "llad_inline=default", nullptr, 0, attr.getRange()));
    }
    if (!D->isTemplated())
      pending.push_back({cast<ValueDecl>(D), E, like, loc});
    return AttributeApplied;
  }
};

ParsedAttrInfoRegistry::Add<EnzymeAttribute<Effect::InactiveFunctionOrVariable, inactive, 0>> register_inactive("enzyme_inactive", "");
ParsedAttrInfoRegistry::Add<EnzymeAttribute<Effect::InactiveFunction, inactive_noblock, 0>> register_inactive_noblock("enzyme_inactive_noblock", "");
ParsedAttrInfoRegistry::Add<EnzymeAttribute<Effect::FunctionLike, function_like, 1>> register_function_like("enzyme_function_like", "");
ParsedAttrInfoRegistry::Add<EnzymeAttribute<Effect::Hint, should_recompute, 0>> register_should_recompute("enzyme_shouldrecompute", "");
ParsedAttrInfoRegistry::Add<EnzymeAttribute<Effect::Hint, no_free, 0>> register_no_free("enzyme_nofree", "");
ParsedAttrInfoRegistry::Add<EnzymeAttribute<Effect::Hint, elementwise_read, 0>> register_elementwise_read("enzyme_elementwise_read", "");
ParsedAttrInfoRegistry::Add<EnzymeAttribute<Effect::Hint, sparse_accumulate, 0>> register_sparse_accumulate("enzyme_sparse_accumulate", "");

// Runs before code generation in every translation unit (loaded with `-Xclang -load`/`-fplugin`):
// emits the registration globals of the attributes seen.
class Registrations final : public ASTConsumer {
  CompilerInstance &ci;

public:
  explicit Registrations(CompilerInstance &ci) : ci(ci) {}

  void HandleTranslationUnit(ASTContext &C) override {
    if (!ci.hasSema())
      return;
    Sema &S = ci.getSema();
    for (const Pending &p : pending) {
      auto *function = dyn_cast<FunctionDecl>(p.target);
      auto *variable = dyn_cast<VarDecl>(p.target);
      if ((function && function->isDefined()) || (variable && variable->hasDefinition() != VarDecl::DeclarationOnly))
        continue;
      if (p.effect == Effect::FunctionLike)
        define_registration(S, "__enzyme_function_like", p.target, {address_as_void_pointer(C, p.target, p.loc), string_as_void_pointer(C, p.like, p.loc)}, p.loc);
      else if (isa<VarDecl>(p.target))
        define_registration(S, "__enzyme_inactive_global", p.target, {address_as_void_pointer(C, p.target, p.loc)}, p.loc);
      else
        define_registration(S, "__enzyme_inactivefn", p.target, {address_as_void_pointer(C, p.target, p.loc)}, p.loc);
    }
    if (seen_in_unit)
      define_marker(S);
    pending.clear();
    seen_in_unit = false;
  }

  // `int __llad_frontend_attributes` (weak, hidden): tells llad's pass that this
  // unit's Enzyme attributes were read (without it, a source that uses them was compiled
  // without the front end, and llad refuses to differentiate it rather than ignore them).
  static void define_marker(Sema &S) {
    ASTContext &C = S.Context;
    DeclContext *tu = C.getTranslationUnitDecl();
    SourceLocation loc;
    VarDecl *var = VarDecl::Create(C, tu, loc, loc, &C.Idents.get("__llad_frontend_attributes"), C.IntTy, C.getTrivialTypeSourceInfo(C.IntTy), SC_None);
    var->setInit(IntegerLiteral::Create(C, llvm::APInt(C.getIntWidth(C.IntTy), 1), C.IntTy, loc));
    keep_until_llad(C, var);
    tu->addDecl(var);
    S.getASTConsumer().HandleTopLevelDecl(DeclGroupRef(var));
  }
};

// Where `<enzyme/enzyme>` is: `include/` beside this library (an installation), else the source
// tree it was built from.
std::string enzyme_header_directory() {
  Dl_info self;
  if (dladdr(reinterpret_cast<void *>(&enzyme_header_directory), &self) && self.dli_fname) {
    std::string path = self.dli_fname;
    std::string beside = path.substr(0, path.find_last_of('/') + 1) + "include";
    struct stat info;
    if (stat((beside + "/enzyme/enzyme").c_str(), &info) == 0)
      return beside;
  }
  return LLAD_SOURCE_INCLUDE;
}

class Frontend final : public PluginASTAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &ci, StringRef) override {
    pending.clear();
    seen_in_unit = false;
    // `#include <enzyme/enzyme>` works without an include flag, after the user's own paths.
    if (auto dir = ci.getFileManager().getOptionalDirectoryRef(enzyme_header_directory()))
      ci.getPreprocessor().getHeaderSearchInfo().AddSearchPath(DirectoryLookup(*dir, SrcMgr::C_System, false), true);
    return std::make_unique<Registrations>(ci);
  }
  bool ParseArgs(const CompilerInstance &, const std::vector<std::string> &) override { return true; }
  ActionType getActionType() override { return AddBeforeMainAction; }
};

FrontendPluginRegistry::Add<Frontend> register_frontend("llad", "llad: Enzyme's source attributes");

} // namespace
