//===--- BlockingCallCheck.cpp - coroguard-blocking-call ------------------===//

#include "BlockingCallCheck.h"
#include "analysis/OptionKeys.h"
#include "utils/DeclMatchers.h"
#include "utils/DiagnosticText.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang::ast_matchers;

namespace clang::tidy::coroguard {

BlockingCallCheck::BlockingCallCheck(llvm::StringRef Name,
                                     ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context) {
  auto ReportError = [this](llvm::StringRef Message) {
    configurationDiag(Message, DiagnosticIDs::Error);
  };
  const CheckOptionReader Reader(Options, Name, ReportError);
  Shared = SharedAnalysis::forChecksOf(*Context);
  Shared->setBlockingRows(Reader.nameList("BlockingFunctions", /*AllowSuggestion=*/true),
                          Reader.regexList("AllowedFunctions"));
  MaxDepth = Reader.integer("MaxDepth", 8, 0, 64);
  warnUnknownOptionKeys(*this, Name, *Context);
  if (SummaryWriter *Writer = Shared->summaryWriter())
    Writer->expectPart();
}

void BlockingCallCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  const CatalogOptions &Rows = Shared->blockingRows();
  Options.store(Opts, "BlockingFunctions",
                llvm::join(Rows.BlockingFunctions, ";"));
  Options.store(Opts, "AllowedFunctions", Rows.AllowedFunctions.source());
  Shared->storeSharedOptions(Options, Opts);
  Options.store(Opts, "MaxDepth", MaxDepth);
}

void BlockingCallCheck::onStartOfTranslationUnit() {
  Shared->startTranslationUnit();
  Summarized.clear();
  SummarizedContext = nullptr;
}

void BlockingCallCheck::onEndOfTranslationUnit() {
  SummaryWriter *Writer = Shared->summaryWriter();
  if (!Writer)
    return;
  if (SummarizedContext) {
    TUAnalysis &TU = Shared->analysisOf(*SummarizedContext);
    TU.summarize(
        SummaryQuestion::Blocking, TU.blockingChains(), Summarized,
        [](const CallHit &Hit) {
          const CatalogEntry &Entry = *Hit.Entry;
          return llvm::json::Object{
              {"entry", Entry.Name.str()},
              {"display", Entry.displayName().str()},
              {"category", summaryCategoryName(Entry.Category).str()},
              {"suggestion", Entry.Suggestion.str()},
              {"options", Entry.FromOptions}};
        },
        *Writer);
  }
  if (llvm::Error Problem = Writer->finishPart())
    Shared->reportSummaryError(std::move(Problem));
}

void BlockingCallCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(coroutineBodyStmt().bind("coroutine"), this);
  if (Shared->summaryWriter())
    registerSummaryMatcher(*Finder, this);
}

static std::string describeCoroutine(const FunctionDecl *Coroutine) {
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Coroutine);
      Method && Method->getParent()->isLambda())
    return "a coroutine lambda";
  return "coroutine '" + functionName(Coroutine) + "'";
}

void BlockingCallCheck::check(const MatchFinder::MatchResult &Result) {
  if (const auto *Definition =
          Result.Nodes.getNodeAs<FunctionDecl>("summarized")) {
    Shared->summaryWriter()->addDefinition(Definition);
    Summarized.push_back(Definition);
    SummarizedContext = Result.Context;
    return;
  }
  const auto *Body = Result.Nodes.getNodeAs<CoroutineBodyStmt>("coroutine");
  const FunctionDecl *Coroutine = Body ? coroutineOf(*Body) : nullptr;
  TUAnalysis &TU = Shared->analysisOf(*Result.Context);
  TU.parents().releaseIdleMaps();
  PlacementAnalysis &Where = TU.placement();
  if (!Coroutine || Coroutine->isInvalidDecl() ||
      !Where.isTaskCoroutine(Coroutine))
    return;
  CallChains &Chains = TU.blockingChains();
  Where.forEachInlineStmt(Coroutine->getBody(), [&](const Stmt *S) {
    if (const auto *Block = dyn_cast_or_null<CompoundStmt>(S))
      return checkLocalDestructors(Block, Coroutine, TU);
    const auto *Call = dyn_cast<Expr>(S);
    if (!Call || !isa<CallExpr, CXXConstructExpr>(Call))
      return;
    // What would be reported is asked before where the call runs, which
    // costs more (the placement maps the parents of the code, the
    // process-ending paths build its CFG) and matters only for a report.
    const CatalogEntry *Entry = TU.blockingCallAt(Call);
    llvm::SmallVector<ChainHop, 4> Chain;
    if (!Entry) {
      const FunctionDecl *Callee = Chains.projectCallee(Call, Coroutine);
      if (!Callee)
        return;
      Chain = Chains.shortestChain(Callee, Call, Coroutine);
      if (Chain.empty() || Chain.size() > MaxDepth)
        return;
    }
    if (!Where.classify(Call, Coroutine).onCoroutineThread() ||
        TU.processEndingPaths().endsProcessAfter(Call, Coroutine))
      return;
    if (Entry) {
      diag(Call->getExprLoc(), "'%0' blocks the thread running %1; every "
                               "other task on it stalls — %2")
          << Entry->displayName() << describeCoroutine(Coroutine)
          << Catalog::suggestion(*Entry, TU.declaresAsio());
      return;
    }
    reportChain(Call->getExprLoc(), Coroutine, Chain, TU.declaresAsio());
  });
}

void BlockingCallCheck::checkLocalDestructors(const CompoundStmt *Block,
                                              const FunctionDecl *Coroutine,
                                              TUAnalysis &TU) {
  // A destructor runs at the end of the block: where the block's last
  // statement runs, and where the local was declared.
  PlacementAnalysis &Where = TU.placement();
  CallChains &Chains = TU.blockingChains();
  // Where the block ends is asked once a local's destructor leads to a
  // blocking call: the placement costs more than finding the destructor.
  std::optional<bool> EndsOnCoroutineThread;
  for (const Stmt *S : Block->body()) {
    const auto *Declaration = dyn_cast<DeclStmt>(S);
    if (!Declaration)
      continue;
    std::optional<bool> DeclaredOnCoroutineThread;
    for (const Decl *D : Declaration->decls()) {
      const auto *Var = dyn_cast<VarDecl>(D);
      const FunctionDecl *Destructor =
          Var ? Chains.localDestructor(Var, Coroutine) : nullptr;
      if (!Destructor)
        continue;
      const llvm::SmallVector<ChainHop, 4> Chain =
          Chains.shortestChain(Destructor);
      if (Chain.empty() || Chain.size() > MaxDepth)
        continue;
      if (!EndsOnCoroutineThread)
        EndsOnCoroutineThread =
            Where.classify(Block->body_back(), Coroutine).onCoroutineThread();
      if (!*EndsOnCoroutineThread)
        return;
      if (!DeclaredOnCoroutineThread)
        DeclaredOnCoroutineThread =
            Where.classify(Declaration, Coroutine).onCoroutineThread();
      if (*DeclaredOnCoroutineThread)
        reportChain(Var->getLocation(), Coroutine, Chain, TU.declaresAsio());
    }
  }
}

void BlockingCallCheck::reportChain(SourceLocation Loc,
                                    const FunctionDecl *Coroutine,
                                    llvm::ArrayRef<ChainHop> Chain,
                                    bool UsesAsio) {
  const std::string Via = chainVia(Chain);
  const CatalogEntry &Blocker = *Chain.back().Entry;
  diag(Loc, "'%0' may block the thread running %1 (it calls "
                           "'%2'%3); every other task on it stalls — %4")
      << hopFunctionName(Chain.front()) << describeCoroutine(Coroutine)
      << Blocker.displayName() << Via << Catalog::suggestion(Blocker, UsesAsio);
  for (const ChainHop &Hop : Chain) {
    if (!Hop.isHit())
      diag(Hop.Loc, "'%0' calls '%1' here", DiagnosticIDs::Note)
          << hopFunctionName(Hop) << hopCalleeName(Hop);
    else {
      diag(Hop.Loc, "'%0' calls '%1' here, which %2", DiagnosticIDs::Note)
          << hopFunctionName(Hop) << Hop.Entry->displayName()
          << Catalog::describe(Hop.Entry->Category);
    }
  }
}

} // namespace clang::tidy::coroguard
