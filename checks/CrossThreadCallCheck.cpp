//===--- CrossThreadCallCheck.cpp - coroguard-cross-thread-call -----------===//

#include "CrossThreadCallCheck.h"
#include "analysis/Expressions.h"
#include "analysis/OptionKeys.h"
#include "utils/DeclMatchers.h"
#include "utils/DiagnosticText.h"
#include "utils/LoopAffineUseText.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang::ast_matchers;

namespace clang::tidy::coroguard {

CrossThreadCallCheck::CrossThreadCallCheck(llvm::StringRef Name,
                                           ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context) {
  auto ReportError = [this](llvm::StringRef Message) {
    configurationDiag(Message, DiagnosticIDs::Error);
  };
  const CheckOptionReader Reader(Options, Name, ReportError);
  Shared = SharedAnalysis::forChecksOf(*Context);
  Shared->setThreadSafeMembers(Reader.nameList("ThreadSafeMembers"));
  MaxDepth = Reader.integer("MaxDepth", 8, 0, 64);
  warnUnknownOptionKeys(*this, Name, *Context);
  if (SummaryWriter *Writer = Shared->summaryWriter())
    Writer->expectPart();
}

void CrossThreadCallCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ThreadSafeMembers",
                llvm::join(Shared->threadSafeMembers(), ";"));
  Shared->storeSharedOptions(Options, Opts);
  Options.store(Opts, "MaxDepth", MaxDepth);
}

void CrossThreadCallCheck::onStartOfTranslationUnit() {
  Shared->startTranslationUnit();
  Summarized.clear();
  SummarizedContext = nullptr;
}

namespace {

/// A definition outside system headers in a TU where a finding is possible:
/// one that may name a loop-affine class (TUAnalysis::mayUseLoopAffineObjects).
/// One predicate, tried on every function.
AST_MATCHER_P(FunctionDecl, isDefinitionThatMayUseLoopAffineObjects,
              SharedAnalysis *, Shared) {
  ASTContext &Context = Finder->getASTContext();
  // The TU's answer first: known once, it spares asking each function where
  // it is expanded.
  return Shared->analysisOf(Context).mayUseLoopAffineObjects() &&
         isDefinitionOutsideSystemHeaders(Node, Context.getSourceManager());
}

} // namespace

void CrossThreadCallCheck::registerMatchers(MatchFinder *Finder) {
  // Summaries are written of every definition; otherwise a function is read
  // only where it may hold a finding.
  if (Shared->summaryWriter()) {
    Finder->addMatcher(
        functionDecl(isDefinitionOutsideSystemHeaders()).bind("function"),
        this);
    return;
  }
  Finder->addMatcher(
      functionDecl(isDefinitionThatMayUseLoopAffineObjects(Shared.get()))
          .bind("function"),
      this);
}

namespace {

/// The calls and constructions in a function body, as the MatchFinder visits
/// them, except in the functions written inside it (lambdas, members of local
/// classes: each matched on its own), in default arguments and member
/// initializers (the code of the declaration that holds them), and in operands
/// that are never evaluated (sizeof, noexcept, decltype and other types): their
/// calls never run. A RecursiveASTVisitor: its data recursion keeps deeply
/// nested expressions off the stack.
class CallCollector : public RecursiveASTVisitor<CallCollector> {
public:
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }

  bool TraverseDecl(Decl *D) {
    return isa_and_nonnull<FunctionDecl>(D) ||
           RecursiveASTVisitor::TraverseDecl(D);
  }
  bool dataTraverseStmtPre(Stmt *S) { return !isUnevaluatedOperand(S); }
  bool TraverseTypeLoc(TypeLoc, bool = true) { return true; }
  bool TraverseCXXDefaultArgExpr(CXXDefaultArgExpr *) { return true; }
  bool TraverseCXXDefaultInitExpr(CXXDefaultInitExpr *) { return true; }
  bool VisitCallExpr(CallExpr *Call) {
    Calls.push_back(Call);
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    Calls.push_back(Construct);
    return true;
  }

  llvm::SmallVector<const Expr *, 32> Calls;
};

} // namespace

void CrossThreadCallCheck::onEndOfTranslationUnit() {
  SummaryWriter *Writer = Shared->summaryWriter();
  if (!Writer)
    return;
  if (SummarizedContext) {
    TUAnalysis &TU = Shared->analysisOf(*SummarizedContext);
    TU.summarize(
        SummaryQuestion::LoopAffine, TU.loopAffineChains(), Summarized,
        [&TU](const CallHit &Hit) {
          const std::optional<LoopAffineUse> Use =
              TU.catalog().findLoopAffineUse(Hit.Site);
          const LoopAffineUseText Text =
              describeLoopAffineUse(Hit.Site, *Use, TU.astContext());
          return llvm::json::Object{{"use", Text.Name},
                                    {"object", Text.Object},
                                    {"fix", Use->Type->Suggestion.str()},
                                    {"post", Text.Post}};
        },
        *Writer);
  }
  if (llvm::Error Problem = Writer->finishPart())
    Shared->reportSummaryError(std::move(Problem));
}

void CrossThreadCallCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Function = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (!Function)
    return;
  // Its matcher is the one summaries need: every definition outside system
  // headers.
  if (SummaryWriter *Writer = Shared->summaryWriter()) {
    Writer->addDefinition(Function);
    Summarized.push_back(Function);
    SummarizedContext = Result.Context;
  }
  TUAnalysis &TU = Shared->analysisOf(*Result.Context);
  // Every finding is a use of a loop-affine object, or a chain to one (the
  // matcher asks it too where no summaries are written).
  if (!TU.mayUseLoopAffineObjects())
    return;
  CallCollector Collector;
  Collector.TraverseStmt(Function->getBody());
  TU.parents().releaseIdleMaps();
  for (const Expr *Call : Collector.Calls)
    if (!Call->isInstantiationDependent() && !Call->containsErrors())
      checkCall(Call, Function, TU);
}

void CrossThreadCallCheck::checkCall(const Expr *Call,
                                     const FunctionDecl *Function,
                                     TUAnalysis &TU) {
  // Only a use of a loop-affine object or a call of a project function can
  // be reported: asked before the placement, which costs more.
  std::optional<LoopAffineUse> Use = TU.catalog().findLoopAffineUse(Call);
  // A call that is no use is reported only through a chain from its callee
  // (projectCallee below answers it or nothing), and a chain does not depend on
  // the caller: without one, where the call runs does not matter. Asked first,
  // it spares classifying (and mapping the parents of) every function's calls.
  if (!Use) {
    checkSummarizedEntries(Call, Function, TU);
    CallChains &Chains = TU.loopAffineChains();
    const FunctionDecl *Definition = Chains.calleeWithCode(Call);
    if (!Definition || Chains.shortestChain(Definition).empty())
      return;
  }
  const Placement Where = TU.placement().classify(Call, Function);
  // Templates are judged on their instantiations.
  if (!Where.Body || Where.Body->isDependentContext())
    return;

  if (Where.offLoop()) {
    if (Use) {
      if (TU.ownership().objectOwnership(Use->Object, Where.Body) ==
              Ownership::Shared &&
          !TU.loopThreads().isSetupBeforeLoopStarts(Call, Function,
                                                    Use->Object))
        reportUse(Call, *Use, Where, TU);
      return;
    }
    CallChains &Chains = TU.loopAffineChains();
    const FunctionDecl *Callee = Chains.projectCallee(Call, Where.Body);
    if (!Callee)
      return;
    const llvm::SmallVector<ChainHop, 4> Chain = Chains.shortestChain(Callee);
    if (!Chain.empty() && Chain.size() <= MaxDepth)
      reportChain(Call, Chain, Where, TU);
    return;
  }

  // Code that starts a thread running the loop, before it joins it.
  if (Use && Where.Context == CodeContext::Ordinary) {
    if (std::optional<LoopThreads::LoopThreadStart> Running =
            TU.loopThreads().loopThreadRunningAt(Call, Function, Use->Object))
      reportWhileLoopRuns(Call, *Use, Running->Start, Running->Loop,
                          TU.astContext());
  }
}

void CrossThreadCallCheck::checkSummarizedEntries(const Expr *Start,
                                                  const FunctionDecl *Function,
                                                  TUAnalysis &TU) {
  llvm::ArrayRef<const Expr *> Args;
  if (const auto *C = dyn_cast<CallExpr>(Start))
    Args = {C->getArgs(), C->getNumArgs()};
  else if (const auto *Construct = dyn_cast<CXXConstructExpr>(Start))
    Args = {Construct->getArgs(), Construct->getNumArgs()};
  CallChains &Chains = TU.loopAffineChains();
  // Cheapest first: a callable named by a function of another TU.
  for (const Expr *Arg : Args) {
    const FunctionDecl *Entry = Chains.summarizedEntry(Arg);
    if (!Entry)
      continue;
    std::optional<Placement> Thread = TU.placement().classifyOffload(Start);
    // A thread running the entry's loop is on the loop.
    if (!Thread || Thread->Context != CodeContext::OffLoopThread ||
        TU.placement().runsLoop(Entry))
      return;
    const llvm::SmallVector<ChainHop, 4> Chain = Chains.shortestChain(Entry);
    if (!Chain.empty() && Chain.size() <= MaxDepth) {
      Thread->Body = Function;
      reportChain(Arg, Chain, *Thread, TU);
    }
  }
}

void CrossThreadCallCheck::noteWhere(const Placement &Where,
                                     const Catalog &Known) {
  if (!Where.Cause) {
    if (Where.Body && Known.isOffLoopFunction(Where.Body)) {
      diag(Where.Body->getLocation(),
           "'%0' runs off the loop: it is listed in OffLoopFunctions",
           DiagnosticIDs::Note)
          << functionName(Where.Body);
    }
    return;
  }
  if (isa<CoawaitExpr>(Where.Cause))
    diag(Where.Cause->getExprLoc(), "the coroutine leaves the loop here",
         DiagnosticIDs::Note);
  else if (Known.isOffload(Where.Cause)) {
    diag(Where.Cause->getBeginLoc(),
         "handed to an executor that runs off the loop here",
         DiagnosticIDs::Note);
  } else {
    diag(Where.Cause->getBeginLoc(), "thread started here",
         DiagnosticIDs::Note);
  }
}

void CrossThreadCallCheck::reportUse(const Expr *Call, const LoopAffineUse &Use,
                                     const Placement &Where, TUAnalysis &TU) {
  const LoopAffineUseText Text =
      describeLoopAffineUse(Call, Use, TU.astContext());
  diag(Call->getExprLoc(),
       "'%0' called on shared '%1' from a thread that does not run its loop; "
       "the loop thread may be using it concurrently — %2")
      << Text.Name << Text.Object << remedyFor(Use, Text);
  noteWhere(Where, TU.catalog());
}

void CrossThreadCallCheck::reportWhileLoopRuns(const Expr *Call,
                                               const LoopAffineUse &Use,
                                               const Expr *Start,
                                               const ValueDecl *Loop,
                                               ASTContext &Context) {
  const LoopAffineUseText Text = describeLoopAffineUse(Call, Use, Context);
  diag(Call->getExprLoc(),
       "'%0' called on '%1' while another thread runs its loop; the loop "
       "thread may be using it concurrently — %2")
      << Text.Name << Text.Object << remedyFor(Use, Text);
  diag(Start->getBeginLoc(),
       "thread running '%0' started here, not joined before the call",
       DiagnosticIDs::Note)
      << Loop->getName();
}

void CrossThreadCallCheck::reportChain(const Expr *Call,
                                       llvm::ArrayRef<ChainHop> Chain,
                                       const Placement &Where, TUAnalysis &TU) {
  const ASTContext &Context = TU.astContext();
  const ChainHop &Last = Chain.back();
  // The use as its TU describes it: this one, or another (from its summary).
  LoopAffineUseText Text;
  std::string Fix;
  if (const SummaryHit *Summarized = Last.SummarizedHit) {
    Text.Name = Summarized->UseName;
    Text.Object = Summarized->Object;
    Text.Post = Summarized->Post;
    Fix = Summarized->Fix;
  } else {
    std::optional<LoopAffineUse> Use =
        TU.catalog().findLoopAffineUse(Last.Site);
    if (!Use)
      return;
    Text = describeLoopAffineUse(Last.Site, *Use, Context);
    Fix = Use->Type->Suggestion.str();
  }
  const std::string Via = chainVia(Chain);
  if (Fix.empty()) {
    // A thread entry (named, not called) is posted as it is.
    Fix = "post the call to its loop: " + Text.Post + "(<its executor>, " +
          (isa<CallExpr, CXXConstructExpr>(Call)
               ? "[&] { " +
                     spelledText(Call, Context)
                         .value_or(hopFunctionName(Chain.front()) + "(...)") +
                     "; })"
               : spelledText(Call, Context)
                         .value_or(hopFunctionName(Chain.front())) +
                     ")");
  }
  diag(Call->getExprLoc(),
       "'%0' touches shared '%1' from a thread that does not run its loop (it "
       "calls '%2'%3); the loop thread may be using it concurrently — %4")
      << hopFunctionName(Chain.front()) << Text.Object << Text.Name << Via
      << Fix;
  for (const ChainHop &Hop : Chain) {
    if (!Hop.isHit())
      diag(Hop.Loc, "'%0' calls '%1' here", DiagnosticIDs::Note)
          << hopFunctionName(Hop) << hopCalleeName(Hop);
    else
      diag(Hop.Loc, "'%0' calls '%1' on shared '%2' here", DiagnosticIDs::Note)
          << hopFunctionName(Hop) << Text.Name << Text.Object;
  }
  noteWhere(Where, TU.catalog());
}

} // namespace clang::tidy::coroguard
