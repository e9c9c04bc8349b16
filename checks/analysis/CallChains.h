//===--- CallChains.h - shortest chains to a hit ---------------*- C++ -*-===//
//
// Answers "does calling this project function lead to a hit, and by which
// shortest chain?" for a question given as a predicate on calls ("blocks",
// "touches a loop-affine object"). Project functions are those defined outside
// system headers; library functions are leaves, known only through the
// predicate. A function's code is what PlacementAnalysis::forEachInlineStmt
// visits (lambdas run elsewhere are not part of it), plus a constructor's
// member initializers.
//
// Summaries are built lazily from getBody() and memoized per canonical
// declaration as the exact shortest distance to a hit (a fixpoint over the
// reachable functions, so recursion is safe and results do not depend on the
// order of the queries). Among equally short chains the first call in source
// order wins.
//
// A hit or call in a function's code may depend on one of its parameters (a
// wait for the result a reference parameter names): it does not count when
// the call that runs the function settles the argument (the caller knows that
// result is ready). Each function has a second distance for that case; one
// call deep, in this TU's code.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_ANALYSIS_CALLCHAINS_H
#define COROGUARD_CHECKS_ANALYSIS_CALLCHAINS_H

#include "catalog/Catalog.h"
#include "catalog/Names.h"
#include "Placement.h"
#include "ProcessEndingPaths.h"
#include "Summaries.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::coroguard {

/// A call inside a function's code that answers the question itself.
struct CallHit {
  const Expr *Site = nullptr;
  const CatalogEntry *Entry = nullptr;
};

/// One hop of a chain: inside Function, the call at Site leads to Callee, or,
/// on the last hop, is the hit (Callee is null, Entry set).
///
/// A hop through another translation unit's code (known from its summary)
/// has Summary set and no Site: SummarizedCall or SummarizedHit say what
/// happens there; Function and Callee are this TU's declarations, if it has
/// any. Loc is where the hop happens, in either case.
struct ChainHop {
  const FunctionDecl *Function = nullptr;
  const Expr *Site = nullptr;
  const FunctionDecl *Callee = nullptr;
  const CatalogEntry *Entry = nullptr;
  SourceLocation Loc;
  const FunctionSummary *Summary = nullptr;
  const SummaryCall *SummarizedCall = nullptr;
  const SummaryHit *SummarizedHit = nullptr;

  /// Whether the hop is the hit that ends the chain.
  bool isHit() const { return Entry || SummarizedHit; }
};

class CallChains {
public:
  /// The hit at a call or construction, if any.
  using HitFinder = std::function<std::optional<CallHit>(const Expr *Call)>;
  /// The hit at a call or construction inside the code of \p Function (whose
  /// locals, for instance, are its own), if any.
  using ScopedHitFinder = std::function<std::optional<CallHit>(
      const Expr *Call, const FunctionDecl *Function)>;
  /// Whether the chain may pass through a project function.
  using CalleeFilter = std::function<bool(const FunctionDecl *Callee)>;
  /// Whether the chain may pass through the call \p Site inside the code of
  /// \p Caller.
  using SiteFilter =
      std::function<bool(const Expr *Site, const FunctionDecl *Caller)>;
  /// The parameter of \p Caller (its index) that decides whether the hit at,
  /// or the chain through, the call \p Site inside its code counts, if any.
  using ParameterDependence = std::function<std::optional<unsigned>(
      const Expr *Site, const FunctionDecl *Caller)>;
  /// Whether the call \p Site inside \p Caller settles the argument it passes
  /// for its callee's parameter \p Param.
  using ArgumentSettles = std::function<bool(
      const Expr *Site, const FunctionDecl *Caller, unsigned Param)>;

  CallChains(PlacementAnalysis &Where, HitFinder FindHit, CalleeFilter Follow)
      : Where(Where), FindHit([Find = std::move(FindHit)](
                                      const Expr *Call, const FunctionDecl *) {
          return Find(Call);
        }),
        Follow(std::move(Follow)) {}
  CallChains(PlacementAnalysis &Where, ScopedHitFinder FindHit,
            CalleeFilter Follow, SiteFilter FollowSite)
      : Where(Where), FindHit(std::move(FindHit)),
        Follow(std::move(Follow)), FollowSite(std::move(FollowSite)) {}

  /// The project function that \p Call (a CallExpr or CXXConstructExpr) inside
  /// \p Caller invokes, if a chain may go through it. Lambdas written inside
  /// Caller are not: their bodies are part of Caller's code or run elsewhere;
  /// nor are lambdas handed to a thread or an executor, wherever they are
  /// called from (a library template running the work it was given).
  const FunctionDecl *projectCallee(const Expr *Call,
                                    const FunctionDecl *Caller) const;
  /// The definition of the project function \p Call invokes, whatever the
  /// question: the cheap part of projectCallee, to ask first.
  static const FunctionDecl *projectDefinition(const Expr *Call);
  /// The definition of \p Callee if it is a project function.
  static const FunctionDecl *projectDefinitionOf(const FunctionDecl *Callee);
  /// projectDefinition, or the declaration of a function defined in another
  /// TU that summaries know: the callee whose code a chain may go through.
  const FunctionDecl *calleeWithCode(const Expr *Call) const;

  /// The function \p Callable (an argument of a thread start) names, if it is
  /// defined in another TU that summaries know and a chain may go through it:
  /// its chain is what the thread runs.
  const FunctionDecl *summarizedEntry(const Expr *Callable) const;

  /// The destructor that the local \p Var, declared in the code of \p Caller,
  /// runs at the end of its scope, if a chain may go through it (as for
  /// projectCallee). Chains name the local's initializer as the site.
  const FunctionDecl *localDestructor(const VarDecl *Var,
                                      const FunctionDecl *Caller) const;

  /// Calls after which the process ends neither hit nor lead anywhere.
  void ignoreProcessEndingPaths(ProcessEndingPaths &Paths) { Ending = &Paths; }

  /// Hits and calls that a parameter decides (\p DependsOn) do not count from
  /// a call that settles its argument (\p Settles).
  void dependOnArguments(ParameterDependence DependsOn,
                         ArgumentSettles Settles) {
    this->DependsOn = std::move(DependsOn);
    this->Settles = std::move(Settles);
  }

  /// Chains continue into functions without a body here that \p Summaries
  /// know (answering \p Question there), located through \p Locations.
  void useSummaries(const SummaryIndex &Summaries, SummaryQuestion Question,
                    SummaryLocations &Locations) {
    this->Summaries = &Summaries;
    this->Question = Question;
    this->Locations = &Locations;
  }
  /// Calls of functions without a body here count as calls of project
  /// functions (to summarize them for other TUs).
  void followExternalCalls() { FollowsExternalCalls = true; }

  /// Whether a chain may go through \p Definition at all (a task coroutine,
  /// for instance, is reported on its own).
  bool follows(const FunctionDecl *Definition) const {
    return Follow(Definition);
  }

  /// What a function's own code says about the question: for a summary.
  struct CodeFacts {
    std::optional<CallHit> Hit;
    /// Without a hit: the project functions it calls, in source order.
    llvm::SmallVector<std::pair<const Expr *, const FunctionDecl *>, 4> Calls;
  };
  CodeFacts factsOf(const FunctionDecl *Definition);

  /// The shortest chain from \p Function's code to a hit, \p Function first;
  /// empty if there is none.
  llvm::SmallVector<ChainHop, 4> shortestChain(const FunctionDecl *Function);
  /// shortestChain(\p Function) for the call \p Site inside \p Caller: what
  /// \p Function's parameters decide does not count if \p Site settles their
  /// arguments.
  llvm::SmallVector<ChainHop, 4> shortestChain(const FunctionDecl *Function,
                                               const Expr *Site,
                                               const FunctionDecl *Caller);

private:
  static constexpr unsigned Unreached = ~0U;

  /// A call from one node's code to another node's function.
  struct Edge {
    const Expr *Site = nullptr;
    unsigned Target = 0;
    const FunctionDecl *Callee = nullptr;
    /// Calls made in another TU's code: Site and Callee are null.
    const SummaryCall *Summarized = nullptr;
    /// Whether a chain may go through it: asked of the edges into functions
    /// that lead to a hit only, as PlacementAnalysis::isHandedOff may have to
    /// place a lambda.
    std::optional<bool> Followed;
    /// Whether a parameter of the calling function decides it.
    bool Dependent = false;
    /// Whether Site settles the arguments of every parameter that decides
    /// something in the target's code: asked once the target is scanned.
    std::optional<bool> SettlesTarget;
  };

  struct Node {
    /// Null for a function this TU does not declare (known from a summary).
    const FunctionDecl *Function = nullptr;
    /// The first hit in source order that no parameter decides.
    std::optional<CallHit> Hit;
    /// The first hit in source order that a parameter decides, if before Hit.
    std::optional<CallHit> DependentHit;
    /// The parameters that decide DependentHit or calls, each once.
    llvm::SmallVector<unsigned, 1> DecidingParams;
    /// Calls to project functions, in source order.
    llvm::SmallVector<Edge, 4> Calls;
    /// Hops to the nearest hit: 1 when the own code hits.
    unsigned Distance = Unreached;
    /// Hops to the nearest hit when the caller settled every deciding
    /// parameter's argument.
    unsigned SettledDistance = Unreached;
    bool Final = false;
    bool Scanned = false;
    /// The summary of a function defined in another TU.
    const FunctionSummary *Summary = nullptr;
    const SummaryHit *SummarizedHit = nullptr;
  };

  /// \p Definition, if a chain may go through it from \p Call in the code
  /// of \p Caller.
  const FunctionDecl *followable(const FunctionDecl *Definition,
                                 const Expr *Call, const FunctionDecl *Caller,
                                 bool AskHandedOff = true) const;
  /// The user-provided destructor that the local \p Var runs, if a project
  /// function (as calleeWithCode: defined here or in another TU).
  const FunctionDecl *localDestructorDefinition(const VarDecl *Var) const;
  bool follows(Edge &Call);
  /// Whether \p Call, in the code of node \p From, settles what decides the
  /// target's hits and calls.
  bool settlesTarget(unsigned From, Edge &Call);
  /// The target's distance as seen through \p Call in the code of \p From.
  unsigned distanceThrough(unsigned From, Edge &Call);
  /// The shortest chain from node \p I, whose caller settled its deciding
  /// parameters if \p Settled.
  llvm::SmallVector<ChainHop, 4> chainFrom(unsigned I, bool Settled);
  unsigned nodeFor(const FunctionDecl *Function);
  /// The node of the function \p Key names in a summary.
  unsigned nodeForKey(llvm::StringRef Key, const FunctionDecl *Function);
  /// The declaration \p Call invokes if it has no body here and another TU's
  /// summary may continue the chain.
  const FunctionDecl *externalCallee(const Expr *Call) const;
  /// \p Callee's canonical declaration if it has no body here and another
  /// TU's summary may continue the chain.
  const FunctionDecl *externalDeclaration(const FunctionDecl *Callee) const;
  void scan(unsigned Index);
  void scanSummary(unsigned Index);
  void solve(unsigned Root);

  PlacementAnalysis &Where;
  ScopedHitFinder FindHit;
  CalleeFilter Follow;
  /// Null: every call site.
  SiteFilter FollowSite;
  /// Null: every path counts.
  ProcessEndingPaths *Ending = nullptr;
  /// Null: no parameter decides anything.
  ParameterDependence DependsOn;
  ArgumentSettles Settles;
  llvm::DenseMap<const FunctionDecl *, unsigned> Index;
  /// Nodes of functions without a body here, by summary key.
  llvm::StringMap<unsigned> KeyIndex;
  std::vector<Node> Nodes;
  const SummaryIndex *Summaries = nullptr;
  SummaryQuestion Question = SummaryQuestion::Blocking;
  SummaryLocations *Locations = nullptr;
  bool FollowsExternalCalls = false;
};

} // namespace clang::tidy::coroguard

#endif
