//===--- BlockingCallCheck.cpp - coroguard-blocking-call ------------------===//

#include "BlockingCallCheck.h"
#include "analysis/Awaitables.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang::ast_matchers;

namespace clang::tidy::coroguard {

/// Whether \p Context declares namespace asio or boost::asio: the suggestions
/// name Asio's operations only in code that can use them.
static bool declaresAsio(ASTContext &Context) {
  auto Namespace = [&Context](const DeclContext *Scope,
                              llvm::StringRef Name) -> const NamespaceDecl * {
    for (const NamedDecl *D : Scope->lookup(&Context.Idents.get(Name)))
      if (const auto *Found = dyn_cast<NamespaceDecl>(D))
        return Found;
    return nullptr;
  };
  const DeclContext *Unit = Context.getTranslationUnitDecl();
  const NamespaceDecl *Boost = Namespace(Unit, "boost");
  return Namespace(Unit, "asio") || (Boost && Namespace(Boost, "asio"));
}

struct BlockingCallCheck::Analyses {
  Analyses(ASTContext &Context, const Catalog &Known)
      : Context(Context), Awaitables(Context),
        Where(Context, Known, Awaitables, Parents),
        Blocking(
            Where,
            [&Known, &Context](const Expr *Call) -> std::optional<CallHit> {
              if (const CatalogEntry *Entry =
                      Known.findBlockingCall(Call, Context))
                return CallHit{Call, Entry};
              return std::nullopt;
            },
            // Task coroutines are reported on their own: the caller only starts
            // them. Thread starts (OffloadFunctions too) run their callables
            // elsewhere.
            [this, &Known](const FunctionDecl *Callee) {
              return !Known.isAllowed(Callee) &&
                     !Where.isTaskCoroutine(Callee) &&
                     !Known.findFunction(Callee, EntryKind::ThreadStart);
            }),
        UsesAsio(declaresAsio(Context)) {}

  ASTContext &Context;
  AwaitableAnalysis Awaitables;
  LocalParents Parents;
  ExecutionContext Where;
  CallGraph Blocking;
  bool UsesAsio;
};

BlockingCallCheck::BlockingCallCheck(llvm::StringRef Name,
                                     ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context) {
  auto ReportError = [this](llvm::StringRef Message) {
    configurationDiag(Message, DiagnosticIDs::Error);
  };
  CheckOptionReader Reader(Options, Name, ReportError);
  CatalogOptions Settings;
  Settings.BlockingFunctions = Reader.stringList("BlockingFunctions");
  Settings.AllowedFunctions = Reader.regexList("AllowedFunctions");
  // Shared with coroguard-cross-thread-call.
  Settings.OffloadFunctions =
      Reader.stringList("OffloadFunctions", "", /*LocalOrGlobal=*/true);
  Settings.ExecutorSwitches =
      Reader.stringList("ExecutorSwitches", "", /*LocalOrGlobal=*/true);
  MaxDepth = Reader.integer("MaxDepth", 8, 0, 64);
  Known = std::make_unique<Catalog>(std::move(Settings));
}

BlockingCallCheck::~BlockingCallCheck() = default;

void BlockingCallCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  const CatalogOptions &Settings = Known->options();
  Options.store(Opts, "BlockingFunctions",
                llvm::join(Settings.BlockingFunctions, ";"));
  Options.store(Opts, "AllowedFunctions", Settings.AllowedFunctions.source());
  Options.store(Opts, "OffloadFunctions",
                llvm::join(Settings.OffloadFunctions, ";"));
  Options.store(Opts, "ExecutorSwitches",
                llvm::join(Settings.ExecutorSwitches, ";"));
  Options.store(Opts, "MaxDepth", MaxDepth);
}

void BlockingCallCheck::onStartOfTranslationUnit() { TU.reset(); }

BlockingCallCheck::Analyses &
BlockingCallCheck::analysesFor(ASTContext &Context) {
  if (!TU || &TU->Context != &Context)
    TU = std::make_unique<Analyses>(Context, *Known);
  return *TU;
}

void BlockingCallCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(functionDecl(isDefinition(), hasBody(coroutineBodyStmt()))
                         .bind("coroutine"),
                     this);
}

static std::string describeCoroutine(const FunctionDecl *Coroutine) {
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Coroutine);
      Method && Method->getParent()->isLambda())
    return "a coroutine lambda";
  return "coroutine '" + functionName(Coroutine) + "'";
}

void BlockingCallCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Coroutine = Result.Nodes.getNodeAs<FunctionDecl>("coroutine");
  Analyses &Analysis = analysesFor(*Result.Context);
  if (!Coroutine || Coroutine->isInvalidDecl() ||
      !Analysis.Where.isTaskCoroutine(Coroutine))
    return;
  Analysis.Where.forEachInlineStmt(Coroutine->getBody(), [&](const Stmt *S) {
    const auto *Call = dyn_cast<Expr>(S);
    if (!isa<CallExpr, CXXConstructExpr>(Call) ||
        !Analysis.Where.classify(Call, Coroutine).onCoroutineThread())
      return;
    if (const CatalogEntry *Entry =
            Known->findBlockingCall(Call, *Result.Context)) {
      diag(Call->getExprLoc(), "'%0' blocks the thread running %1; every "
                               "other task on it stalls — %2")
          << Entry->displayName() << describeCoroutine(Coroutine)
          << Catalog::suggestion(*Entry, Analysis.UsesAsio);
      return;
    }
    const FunctionDecl *Callee =
        Analysis.Blocking.projectCallee(Call, Coroutine);
    if (!Callee)
      return;
    llvm::SmallVector<ChainHop, 4> Chain =
        Analysis.Blocking.shortestChain(Callee);
    if (!Chain.empty() && Chain.size() <= MaxDepth)
      reportChain(Call, Coroutine, Chain, Analysis.UsesAsio);
  });
}

void BlockingCallCheck::reportChain(const Expr *Call,
                                    const FunctionDecl *Coroutine,
                                    llvm::ArrayRef<ChainHop> Chain,
                                    bool UsesAsio) {
  std::string Via;
  for (const ChainHop &Hop : Chain.drop_front())
    Via += (Via.empty() ? " via '" : ", '") + functionName(Hop.Function) + "'";
  const CatalogEntry &Blocker = *Chain.back().Entry;
  diag(Call->getExprLoc(), "'%0' may block the thread running %1 (it calls "
                           "'%2'%3); every other task on it stalls — %4")
      << functionName(Chain.front().Function) << describeCoroutine(Coroutine)
      << Blocker.displayName() << Via << Catalog::suggestion(Blocker, UsesAsio);
  for (const ChainHop &Hop : Chain) {
    if (Hop.Callee)
      diag(Hop.Site->getExprLoc(), "'%0' calls '%1' here", DiagnosticIDs::Note)
          << functionName(Hop.Function) << functionName(Hop.Callee);
    else
      diag(Hop.Site->getExprLoc(), "'%0' calls '%1' here, which %2",
           DiagnosticIDs::Note)
          << functionName(Hop.Function) << Hop.Entry->displayName()
          << Catalog::describe(Hop.Entry->Category);
  }
}

} // namespace clang::tidy::coroguard
