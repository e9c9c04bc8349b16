//===--- ForgottenAwaitCheck.cpp - coroguard-forgotten-await -------------===//

#include "analysis/OptionKeys.h"
#include "ForgottenAwaitCheck.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::coroguard {
namespace {

/// True for a function whose code no other declaration's code holds: the
/// analysis reads the code of each code owner once, whatever the order in
/// which the MatchFinder visits declarations.
AST_MATCHER(FunctionDecl, isCodeOwningFunction) {
  return LocalParents::codeOwner(&Node) == &Node;
}
/// A lambda whose closure class is a code owner, in one predicate: tried on
/// every class.
AST_MATCHER(CXXRecordDecl, isCodeOwningLambda) {
  return Node.isLambda() && LocalParents::codeOwner(&Node) == &Node;
}

llvm::StringRef consequence(Start Mode, bool CastToVoid) {
  switch (Mode) {
  case Start::Lazy:
    return CastToVoid ? "a lazy task never runs" : "the lazy task never runs";
  case Start::Eager:
    return "the eager task runs but its result and exceptions are lost";
  case Start::Unknown:
    break;
  }
  return "nothing awaits it";
}

llvm::StringRef howLost(LossKind Kind) {
  switch (Kind) {
  case LossKind::Discarded:
    return " is discarded; ";
  case LossKind::CastToVoid:
    return " is discarded by a cast to void; ";
  case LossKind::StoredUnused:
    return " but is never used; ";
  case LossKind::PassedCallable:
    return " is called and its task discarded; ";
  }
  llvm_unreachable("unknown loss kind");
}

} // namespace

ForgottenAwaitCheck::ForgottenAwaitCheck(llvm::StringRef Name,
                                         ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      Shared(SharedAnalysis::forChecksOf(*Context)) {
  // Named: the reader keeps only a reference to it.
  const auto ReportError = [this](llvm::StringRef Message) {
    configurationDiag(Message, DiagnosticIDs::Error);
  };
  const CheckOptionReader Reader(Options, Name, ReportError);
  AwaitableTypes = Reader.regexList("AwaitableTypes");
  LazyTypes = Reader.regexList("LazyTypes");
  EagerTypes = Reader.regexList("EagerTypes");
  IgnoredTypes = Reader.regexList("IgnoredTypes");
  AllowCastToVoid = Reader.boolean("AllowCastToVoid", true);
  warnUnknownOptionKeys(*this, Name, *Context);
}

void ForgottenAwaitCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "AwaitableTypes", AwaitableTypes.source());
  Options.store(Opts, "LazyTypes", LazyTypes.source());
  Options.store(Opts, "EagerTypes", EagerTypes.source());
  Options.store(Opts, "IgnoredTypes", IgnoredTypes.source());
  Options.store(Opts, "AllowCastToVoid", AllowCastToVoid);
}

void ForgottenAwaitCheck::registerMatchers(MatchFinder *Finder) {
  // The declarations that hold code; PendingAwaitables reads it. Functions
  // and lambdas are matched, one matcher per kind (each is tried only on its
  // kind); the variables and fields that hold code are found at the first
  // match, by one walk of the declarations outside functions instead of a
  // matcher tried on every local variable and parameter. The translation
  // unit is matched first where it is all traversed; clangd traverses only
  // the main file's top-level declarations.
  Finder->addMatcher(translationUnitDecl(), this);
  Finder->addMatcher(functionDecl(isCodeOwningFunction()).bind("owner"),
                     this);
  Finder->addMatcher(cxxRecordDecl(isCodeOwningLambda()).bind("owner"),
                     this);
}

void ForgottenAwaitCheck::check(const MatchFinder::MatchResult &Result) {
  LocalParents &Parents = Shared->analysisOf(*Result.Context).parents();
  PendingAwaitables &Code = pendingAwaitables(*Result.Context);
  if (!InitializersRead) {
    InitializersRead = true;
    for (const DeclaratorDecl *Owner : LocalParents::initializerOwners(
             Result.Context->getTraversalScope())) {
      Parents.releaseIdleMaps();
      Code.collect(*Owner);
    }
  }
  if (const auto *Owner = Result.Nodes.getNodeAs<Decl>("owner")) {
    Parents.releaseIdleMaps();
    Code.collect(*Owner);
  }
}

PendingAwaitables &ForgottenAwaitCheck::pendingAwaitables(ASTContext &Context) {
  if (CurrentContext != &Context) {
    CurrentContext = &Context;
    InitializersRead = false;
    TUAnalysis &TU = Shared->analysisOf(Context);
    Awaitables = &TU.awaitables();
    Pending = std::make_unique<PendingAwaitables>(Context, TU.awaitables(),
                                                  TU.parents());
  }
  return *Pending;
}

AwaitableInfo ForgottenAwaitCheck::effectiveInfo(QualType Type) {
  Type = Type.getNonReferenceType().getCanonicalType().getUnqualifiedType();
  const CXXRecordDecl *Record = Type->getAsCXXRecordDecl();
  if (!Record)
    return {};
  PrintingPolicy Policy(getLangOpts());
  Policy.SuppressTagKeyword = true;
  const std::string Name = Record->getQualifiedNameAsString();
  const std::string Spelled = Type.getAsString(Policy);
  auto Listed = [&](const RegexList &List) {
    return List.matches(Name) || List.matches(Spelled);
  };
  if (Listed(IgnoredTypes))
    return {};
  AwaitableInfo Info = Awaitables->classify(Type);
  const bool Lazy = Listed(LazyTypes);
  const bool Eager = !Lazy && Listed(EagerTypes);
  if (Lazy || Eager || Listed(AwaitableTypes)) {
    Info.IsAwaitable = true;
    Info.IsUndecidable = false;
  } else if (Info.CarriesNoWork) {
    return {};
  }
  if (Lazy)
    Info.StartMode = Start::Lazy;
  if (Eager) {
    Info.StartMode = Start::Eager;
    Info.MustBeUsed = true;
  }
  return Info;
}

void ForgottenAwaitCheck::onStartOfTranslationUnit() {
  Shared->startTranslationUnit();
}

void ForgottenAwaitCheck::onEndOfTranslationUnit() {
  if (!Pending)
    return;
  for (const LostAwaitable &Lost : Pending->takeFindings(
           [this](QualType Type) { return effectiveInfo(Type); })) {
    const bool CastToVoid = Lost.Kind == LossKind::CastToVoid;
    // A cast to void is a deliberate discard, except that it cannot start a
    // lazy task.
    if (CastToVoid && AllowCastToVoid && Lost.StartMode != Start::Lazy)
      continue;
    auto Diag = diag(Lost.Loc, "%0%1%2 \u2014 %3")
                << Lost.Subject << howLost(Lost.Kind)
                << consequence(Lost.StartMode, CastToVoid)
                << (Lost.Kind == LossKind::PassedCallable
                        ? "wrap it in a callable that spawns or awaits the task"
                        : "co_await it");
    if (Lost.CoAwaitFix)
      Diag << FixItHint::CreateReplacement(*Lost.CoAwaitFix, "co_await ");
  }
  Pending.reset();
  Awaitables = nullptr;
  CurrentContext = nullptr;
}

} // namespace clang::tidy::coroguard
