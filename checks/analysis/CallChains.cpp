//===--- CallChains.cpp - shortest chains through project functions -------===//

#include "CallChains.h"
#include "Expressions.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::coroguard {

const FunctionDecl *CallChains::projectDefinition(const Expr *Call) {
  const FunctionDecl *Callee = nullptr;
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(Call))
    Callee = Construct->getConstructor();
  else if (const auto *C = dyn_cast_or_null<CallExpr>(Call))
    Callee = C->getDirectCallee();
  return projectDefinitionOf(Callee);
}

const FunctionDecl *
CallChains::projectDefinitionOf(const FunctionDecl *Callee) {
  const FunctionDecl *Definition = nullptr;
  if (!Callee || !Callee->hasBody(Definition) || Definition->isInvalidDecl() ||
      Definition->getASTContext().getSourceManager().isInSystemHeader(
          Definition->getLocation()))
    return nullptr;
  return Definition;
}

const FunctionDecl *
CallChains::projectCallee(const Expr *Call, const FunctionDecl *Caller) const {
  return followable(calleeWithCode(Call), Call, Caller);
}

const FunctionDecl *CallChains::calleeWithCode(const Expr *Call) const {
  const FunctionDecl *Definition = projectDefinition(Call);
  return Definition ? Definition : externalCallee(Call);
}

const FunctionDecl *CallChains::externalCallee(const Expr *Call) const {
  const FunctionDecl *Callee = nullptr;
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(Call))
    Callee = Construct->getConstructor();
  else if (const auto *C = dyn_cast_or_null<CallExpr>(Call))
    Callee = C->getDirectCallee();
  return externalDeclaration(Callee);
}

const FunctionDecl *
CallChains::externalDeclaration(const FunctionDecl *Callee) const {
  if (!Summaries && !FollowsExternalCalls)
    return nullptr;
  if (!Callee || !mayBeDefinedInAnotherTU(Callee))
    return nullptr;
  Callee = Callee->getCanonicalDecl();
  if (FollowsExternalCalls)
    return Callee;
  return Where.summaryOf(Callee) ? Callee : nullptr;
}

const FunctionDecl *CallChains::summarizedEntry(const Expr *Callable) const {
  const FunctionDecl *Entry = functionNamedBy(Callable);
  if (!Summaries || !Entry || !Where.summaryOf(Entry) ||
      !Follow(Entry->getCanonicalDecl()))
    return nullptr;
  return Entry->getCanonicalDecl();
}

const FunctionDecl *
CallChains::localDestructorDefinition(const VarDecl *Var) const {
  if (!Var->hasLocalStorage() || Var->getType()->isReferenceType() ||
      !Var->getInit())
    return nullptr;
  const CXXRecordDecl *Class = Var->getType()->getAsCXXRecordDecl();
  if (!Class || !Class->hasDefinition() || Class->isDependentType())
    return nullptr;
  // An implicit destructor's body shows none of the destructors it runs.
  const CXXDestructorDecl *Destructor = Class->getDestructor();
  if (!Destructor || !Destructor->isUserProvided())
    return nullptr;
  if (const FunctionDecl *Definition = projectDefinitionOf(Destructor))
    return Definition;
  return externalDeclaration(Destructor);
}

const FunctionDecl *
CallChains::localDestructor(const VarDecl *Var,
                            const FunctionDecl *Caller) const {
  return followable(localDestructorDefinition(Var), Var->getInit(), Caller);
}

const FunctionDecl *CallChains::followable(const FunctionDecl *Definition,
                                           const Expr *Call,
                                           const FunctionDecl *Caller,
                                           bool AskHandedOff) const {
  // Cheapest first: isHandedOff may have to place a lambda.
  if (!Definition || PlacementAnalysis::isLambdaWrittenIn(Definition, Caller) ||
      !Follow(Definition) || (AskHandedOff && Where.isHandedOff(Definition)) ||
      (FollowSite && !FollowSite(Call, Caller)) ||
      (Call && Caller &&
       isTestAssertionMachinery(Call, Caller->getASTContext())))
    return nullptr;
  return Definition;
}

bool CallChains::follows(Edge &Call) {
  if (!Call.Followed)
    Call.Followed = !Call.Callee || !Where.isHandedOff(Call.Callee);
  return *Call.Followed;
}

bool CallChains::settlesTarget(unsigned From, Edge &Call) {
  if (!Call.SettlesTarget) {
    const llvm::SmallVector<unsigned, 1> &Params =
        Nodes[Call.Target].DecidingParams;
    const FunctionDecl *Caller = Nodes[From].Function;
    Call.SettlesTarget =
        Call.Site && !Params.empty() && llvm::all_of(Params, [&](unsigned P) {
          return Settles(Call.Site, Caller, P);
        });
  }
  return *Call.SettlesTarget;
}

unsigned CallChains::distanceThrough(unsigned From, Edge &Call) {
  const Node &Target = Nodes[Call.Target];
  // Without deciding parameters both distances are the same.
  if (Target.SettledDistance == Target.Distance)
    return Target.Distance;
  return settlesTarget(From, Call) ? Target.SettledDistance : Target.Distance;
}

unsigned CallChains::nodeFor(const FunctionDecl *Function) {
  const FunctionDecl *Key = Function->getCanonicalDecl();
  if (auto Found = Index.find(Key); Found != Index.end())
    return Found->second;
  const FunctionDecl *Definition = nullptr;
  Function->hasBody(Definition);
  // Without a body here: the same node as the summaries' calls of it.
  const unsigned I = Definition || !Summaries
                         ? Nodes.size()
                         : nodeForKey(summaryKey(Key), Key);
  if (I == Nodes.size()) {
    Nodes.emplace_back();
    Nodes.back().Function = Definition ? Definition : Function;
  }
  Index.try_emplace(Key, I);
  return I;
}

unsigned CallChains::nodeForKey(llvm::StringRef Key,
                                const FunctionDecl *Function) {
  auto [Found, Inserted] = KeyIndex.try_emplace(Key, Nodes.size());
  if (Inserted) {
    Nodes.emplace_back();
    Nodes.back().Function = Function;
    Nodes.back().Summary = Summaries->find(Key);
  } else if (!Nodes[Found->second].Function) {
    Nodes[Found->second].Function = Function;
  }
  return Found->second;
}

void CallChains::scanSummary(unsigned I) {
  const QuestionSummary &Facts = Nodes[I].Summary->of(Question);
  if (Facts.Hit) {
    Nodes[I].SummarizedHit = &*Facts.Hit;
    return;
  }
  for (const SummaryCall &Call : Facts.Calls) {
    // nodeForKey may add nodes: Nodes[I] is looked up again after it.
    const unsigned Target = nodeForKey(Call.Callee, nullptr);
    Nodes[I].Calls.push_back({nullptr, Target, nullptr, &Call, std::nullopt,
                              /*Dependent=*/false, std::nullopt});
  }
}

void CallChains::scan(unsigned I) {
  if (Nodes[I].Scanned)
    return;
  Nodes[I].Scanned = true;
  if (Nodes[I].Summary)
    return scanSummary(I);
  const FunctionDecl *Function = Nodes[I].Function;
  if (!Function || !Function->hasBody())
    return;
  llvm::SmallVector<const Stmt *, 4> Code;
  // Member initializers run before the body.
  if (const auto *Constructor = dyn_cast<CXXConstructorDecl>(Function))
    for (const CXXCtorInitializer *Init : Constructor->inits())
      if (Init->isWritten())
        Code.push_back(Init->getInit());
  Code.push_back(Function->getBody());

  std::optional<CallHit> Hit;
  std::optional<CallHit> DependentHit;
  llvm::SmallVector<unsigned, 1> DecidingParams;
  // Whether a parameter decides the hit at, or the chain through, Call; the
  // parameter is recorded.
  auto DecidedByParameter = [&](const Expr *Call) {
    const std::optional<unsigned> Param =
        DependsOn ? DependsOn(Call, Function) : std::nullopt;
    if (Param && !llvm::is_contained(DecidingParams, *Param))
      DecidingParams.push_back(*Param);
    return Param.has_value();
  };
  struct FoundCall {
    const Expr *Site;
    const FunctionDecl *Callee;
    bool Dependent;
  };
  llvm::SmallVector<FoundCall, 8> Calls;
  // Locals' destructors run at the end of their scopes: implicit calls too,
  // after the calls written in the code.
  llvm::SmallVector<FoundCall, 2> Destructors;
  for (const Stmt *Root : Code) {
    Where.forEachInlineStmt(Root, [&](const Stmt *S) {
      if (Hit)
        return;
      if (const auto *Declaration = dyn_cast_or_null<DeclStmt>(S)) {
        for (const Decl *D : Declaration->decls()) {
          const auto *Var = dyn_cast<VarDecl>(D);
          if (const FunctionDecl *Destructor =
                  Var ? followable(localDestructorDefinition(Var),
                                   Var->getInit(), Function,
                                   /*AskHandedOff=*/false)
                      : nullptr)
            Destructors.push_back(
                {Var->getInit(), Destructor, /*Dependent=*/false});
        }
        return;
      }
      const auto *Call = dyn_cast_or_null<Expr>(S);
      if (!isa_and_nonnull<CallExpr, CXXConstructExpr>(Call))
        return;
      if (Ending && Ending->endsProcessAfter(Call, Function))
        return;
      if (const std::optional<CallHit> Found = FindHit(Call, Function)) {
        // What follows a dependent hit counts when the caller settles it.
        if (!DecidedByParameter(Call))
          Hit = Found;
        else if (!DependentHit)
          DependentHit = Found;
        return;
      }
      if (const FunctionDecl *Callee =
              followable(calleeWithCode(Call), Call, Function,
                         /*AskHandedOff=*/false))
        Calls.push_back({Call, Callee, DecidedByParameter(Call)});
    });
  }
  llvm::append_range(Calls, Destructors);
  Nodes[I].Hit = Hit;
  Nodes[I].DependentHit = DependentHit;
  Nodes[I].DecidingParams = std::move(DecidingParams);
  // A hit ends every chain here; calls only matter without one.
  if (!Hit) {
    for (const FoundCall &Call : Calls) {
      const unsigned Target = nodeFor(Call.Callee);
      Nodes[I].Calls.push_back({Call.Site, Target, Call.Callee, nullptr,
                                std::nullopt, Call.Dependent, std::nullopt});
    }
  }
}

void CallChains::solve(unsigned Root) {
  if (Nodes[Root].Final)
    return;
  // The functions reachable from Root whose distance is not known yet.
  llvm::SmallVector<unsigned, 16> Pending{Root};
  llvm::DenseSet<unsigned> Seen{Root};
  for (size_t Next = 0; Next < Pending.size(); ++Next) {
    const unsigned I = Pending[Next];
    scan(I);
    for (const Edge &Call : Nodes[I].Calls)
      if (!Nodes[Call.Target].Final && Seen.insert(Call.Target).second)
        Pending.push_back(Call.Target);
  }
  // Relax to the fixpoint; final nodes are constants. Terminates: distances
  // only decrease, and are bounded below by 1.
  for (const unsigned I : Pending) {
    Node &Current = Nodes[I];
    Current.SettledDistance =
        Current.Hit || Current.SummarizedHit ? 1 : Unreached;
    Current.Distance = Current.DependentHit ? 1 : Current.SettledDistance;
  }
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const unsigned I : Pending) {
      for (Edge &Call : Nodes[I].Calls) {
        const unsigned Through = distanceThrough(I, Call);
        if (Through == Unreached)
          continue;
        if (Through + 1 < Nodes[I].Distance && follows(Call)) {
          Nodes[I].Distance = Through + 1;
          Changed = true;
        }
        if (!Call.Dependent && Through + 1 < Nodes[I].SettledDistance &&
            follows(Call)) {
          Nodes[I].SettledDistance = Through + 1;
          Changed = true;
        }
      }
    }
  }
  for (const unsigned I : Pending)
    Nodes[I].Final = true;
}

llvm::SmallVector<ChainHop, 4>
CallChains::shortestChain(const FunctionDecl *Function) {
  if (!Function)
    return {};
  const unsigned I = nodeFor(Function);
  solve(I);
  return chainFrom(I, /*Settled=*/false);
}

llvm::SmallVector<ChainHop, 4>
CallChains::shortestChain(const FunctionDecl *Function, const Expr *Site,
                          const FunctionDecl *Caller) {
  if (!Function)
    return {};
  const unsigned I = nodeFor(Function);
  solve(I);
  const llvm::SmallVector<unsigned, 1> &Params = Nodes[I].DecidingParams;
  return chainFrom(I, !Params.empty() && llvm::all_of(Params, [&](unsigned P) {
                        return Settles(Site, Caller, P);
                      }));
}

llvm::SmallVector<ChainHop, 4> CallChains::chainFrom(unsigned I,
                                                     bool Settled) {
  llvm::SmallVector<ChainHop, 4> Chain;
  auto DistanceOf = [&](unsigned N) {
    return Settled ? Nodes[N].SettledDistance : Nodes[N].Distance;
  };
  while (DistanceOf(I) != Unreached) {
    Node &Current = Nodes[I];
    ChainHop Hop;
    Hop.Function = Current.Function;
    Hop.Summary = Current.Summary;
    // A dependent hit comes before the other hit in source order.
    const std::optional<CallHit> &Hit =
        Current.DependentHit && !Settled ? Current.DependentHit : Current.Hit;
    if (Hit) {
      Hop.Site = Hit->Site;
      Hop.Entry = Hit->Entry;
      Hop.Loc = Hop.Site->getExprLoc();
      Chain.push_back(Hop);
      return Chain;
    }
    if (Current.SummarizedHit) {
      Hop.SummarizedHit = Current.SummarizedHit;
      if (Question == SummaryQuestion::Blocking)
        Hop.Entry = &Current.SummarizedHit->Entry;
      Hop.Loc = Locations->locate(Current.SummarizedHit->Site);
      Chain.push_back(Hop);
      return Chain;
    }
    // Ties go to the first call in source order.
    Edge *Step = llvm::find_if(Current.Calls, [&](Edge &Call) {
      return (!Settled || !Call.Dependent) &&
             distanceThrough(I, Call) + 1 == DistanceOf(I) && follows(Call);
    });
    Hop.Site = Step->Site;
    Hop.Callee = Nodes[Step->Target].Function;
    Hop.SummarizedCall = Step->Summarized;
    Hop.Loc = Step->Site ? Step->Site->getExprLoc()
                         : Locations->locate(Step->Summarized->Site);
    Chain.push_back(Hop);
    Settled = settlesTarget(I, *Step);
    I = Step->Target;
  }
  return Chain;
}

CallChains::CodeFacts CallChains::factsOf(const FunctionDecl *Definition) {
  const unsigned I = nodeFor(Definition);
  scan(I);
  CodeFacts Facts;
  // Other TUs' callers are not asked what they settle.
  Facts.Hit = Nodes[I].DependentHit ? Nodes[I].DependentHit : Nodes[I].Hit;
  if (Facts.Hit)
    return Facts;
  for (Edge &Call : Nodes[I].Calls)
    if (Call.Site && Nodes[Call.Target].Function && follows(Call))
      Facts.Calls.emplace_back(Call.Site, Nodes[Call.Target].Function);
  return Facts;
}

} // namespace clang::tidy::coroguard
