//===--- ExecutionContext.cpp - where does this code run ------------------===//

#include "ExecutionContext.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"

namespace clang::tidy::coroguard {
namespace {

/// Operands whose calls never run.
bool isUnevaluated(const Stmt *S) {
  if (isa<UnaryExprOrTypeTraitExpr, CXXNoexceptExpr, RequiresExpr,
          ConceptSpecializationExpr>(S))
    return true;
  if (const auto *TypeId = dyn_cast<CXXTypeidExpr>(S))
    return !TypeId->isPotentiallyEvaluated();
  return false;
}

/// The executor a switch or an offload names: the object of a member call, else
/// the first argument.
const Expr *executorOf(const CallExpr *Call) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
    return Member->getImplicitObjectArgument();
  return Call->getNumArgs() > 0 ? Call->getArg(0) : nullptr;
}

/// The last argument of class type: Asio's initiating functions take the
/// completion token last, before defaulted constraint parameters.
const Expr *completionToken(const CallExpr *Call) {
  for (const Expr *Arg : llvm::reverse(Call->arguments()))
    if (Arg->getType()->isRecordType())
      return Arg;
  return nullptr;
}

Placement placementFor(ExecutorPlace Place, CodeContext Loop,
                       CodeContext OffLoop, const Expr *Cause) {
  switch (Place) {
  case ExecutorPlace::Loop:
    return {Loop, nullptr, Cause};
  case ExecutorPlace::OffLoop:
    return {OffLoop, nullptr, Cause};
  case ExecutorPlace::Unknown:
    break;
  }
  return {CodeContext::Unknown, nullptr, Cause};
}

/// std::move and std::forward only pass the closure on.
bool isCast(const FunctionDecl *Callee) {
  if (!Callee->getIdentifier() || !Callee->isInStdNamespace())
    return false;
  return Callee->getName() == "move" || Callee->getName() == "forward";
}

} // namespace

Placement ExecutionContext::classify(const Stmt *S) {
  if (!S)
    return {};
  // The statements from S up to the body that holds it, for the switch lookup.
  llvm::SmallVector<const Stmt *, 16> Path{S};
  DynTypedNode Node = DynTypedNode::create(*S);
  while (true) {
    DynTypedNodeList Parents = Context.getParents(Node);
    if (Parents.empty())
      return {};
    const DynTypedNode &Parent = Parents[0];
    if (const auto *Function = Parent.get<FunctionDecl>()) {
      // Not the body: a default argument or a constructor initializer.
      if (Function->getBody() != Path.back())
        return {};
      if (const LambdaExpr *Lambda = lambdaOf(Function))
        return placeLambdaBody(Lambda, Path);
      if (!isTaskCoroutine(Function))
        return {};
      return applySwitches({CodeContext::CoroutineBody, Function, nullptr},
                           Path);
    }
    if (const auto *ParentStmt = Parent.get<Stmt>())
      Path.push_back(ParentStmt);
    Node = Parent;
  }
}

const LambdaExpr *ExecutionContext::lambdaOf(const FunctionDecl *Operator) {
  const auto *Method = dyn_cast<CXXMethodDecl>(Operator);
  if (!Method || !Method->getParent()->isLambda())
    return nullptr;
  // The call operator's parent is the closure class (through a template for a
  // generic lambda), whose parent is the lambda expression.
  DynTypedNode Node = DynTypedNode::create(*Method);
  for (unsigned Depth = 0; Depth < 4; ++Depth) {
    DynTypedNodeList Parents = Context.getParents(Node);
    if (Parents.empty())
      return nullptr;
    if (const auto *Lambda = Parents[0].get<LambdaExpr>())
      return Lambda;
    Node = Parents[0];
  }
  return nullptr;
}

Placement ExecutionContext::placeLambdaBody(const LambdaExpr *Lambda,
                                            llvm::ArrayRef<const Stmt *> Path) {
  const CXXMethodDecl *Operator = Lambda->getCallOperator();
  if (isTaskCoroutine(Operator)) {
    // A coroutine lambda runs where it is spawned: the loop, unless that is a
    // pool.
    Placement Spawned = classifyLambda(Lambda);
    Placement Start{CodeContext::CoroutineBody, Operator, nullptr};
    if (Spawned.offLoop())
      Start = {CodeContext::OffLoopThread, Operator, Spawned.Cause};
    return applySwitches(Start, Path);
  }
  Placement Use = classifyLambda(Lambda);
  if (Use.Context != CodeContext::InlineLambda)
    return Use;
  Placement Around = classify(Lambda);
  if (Around.Context == CodeContext::CoroutineBody)
    Around.Context = CodeContext::InlineLambda;
  return Around;
}

Placement ExecutionContext::applySwitches(Placement Start,
                                          llvm::ArrayRef<const Stmt *> Path) {
  // The closest switch before S in S's block, else in the enclosing blocks.
  for (size_t I = 0; I + 1 < Path.size(); ++I) {
    const auto *Block = dyn_cast<CompoundStmt>(Path[I + 1]);
    if (!Block)
      continue;
    const auto *Position = llvm::find(Block->body(), Path[I]);
    while (Position != Block->body_begin()) {
      --Position;
      const CoawaitExpr *Await = switchIn(*Position);
      if (!Await)
        continue;
      Resumption Resumed = *classifyResumption(Await);
      if (Resumed.OnOwnExecutor) {
        Start.Cause = Await;
        return Start;
      }
      Placement Switched =
          placementFor(Resumed.Place, CodeContext::CoroutineBody,
                       CodeContext::AfterSwitchOffLoop, Await);
      Switched.Coroutine = Start.Coroutine;
      return Switched;
    }
  }
  return Start;
}

const CoawaitExpr *ExecutionContext::switchIn(const Stmt *S) {
  if (auto Known = Switches.find(S); Known != Switches.end())
    return Known->second;
  const CoawaitExpr *Last = nullptr;
  // Only what runs whenever S runs: expressions and declarations, not nested
  // blocks, branches, loops or lambdas.
  if (isa<Expr, DeclStmt>(S)) {
    llvm::SmallVector<const Stmt *, 16> Work{S};
    while (!Work.empty()) {
      const Stmt *Node = Work.pop_back_val();
      if (!Node || isa<LambdaExpr>(Node))
        continue;
      if (const auto *Await = dyn_cast<CoawaitExpr>(Node)) {
        if (classifyResumption(Await))
          Last = Await;
        Work.push_back(Await->getOperand());
        continue;
      }
      // Pre-order, children first to last: a later switch overrides.
      llvm::SmallVector<const Stmt *, 8> Children(Node->children());
      llvm::append_range(Work, llvm::reverse(Children));
    }
  }
  Switches[S] = Last;
  return Last;
}

std::optional<Resumption>
ExecutionContext::classifyResumption(const CoawaitExpr *Await) const {
  const Expr *Operand = Await ? Await->getOperand() : nullptr;
  const auto *Call =
      Operand ? dyn_cast<CallExpr>(Operand->IgnoreImplicit()->IgnoreParens())
              : nullptr;
  if (!Call)
    return std::nullopt;
  // An operation completes where its completion token says.
  if (const Expr *Token = completionToken(Call)) {
    if (Known.findType(Token->getType(), EntryKind::TokenBinder))
      return Resumption{false, Known.executorPlace(Token->getType())};
    if (Known.isCoroutineToken(Token->getType()))
      return Resumption{true, ExecutorPlace::Unknown};
  }
  const CatalogEntry *Entry = Known.findCall(Call, EntryKind::ExecutorSwitch);
  if (!Entry)
    return std::nullopt;
  const Expr *Executor = executorOf(Call);
  ExecutorPlace Place = classifyExecutor(Executor);
  if (Place == ExecutorPlace::Unknown &&
      !(Executor && isExecutorLike(Executor->getType()))) {
    // A configured switch that names no executor is taken at its word.
    if (!Entry->FromOptions)
      return std::nullopt;
    Place = ExecutorPlace::OffLoop;
  }
  return Resumption{false, Place};
}

std::optional<Placement>
ExecutionContext::classifyOffload(const Expr *Call) const {
  if (Known.findCall(Call, EntryKind::ThreadStart))
    return Placement{CodeContext::OffLoopThread, nullptr, Call};
  const auto *C = dyn_cast_or_null<CallExpr>(Call);
  if (!Known.findCall(C, EntryKind::Offload))
    return std::nullopt;
  const Expr *Executor = executorOf(C);
  return placementFor(Executor ? classifyExecutor(Executor)
                               : ExecutorPlace::Unknown,
                      CodeContext::PostedToLoop, CodeContext::OffLoopThread, C);
}

ExecutorPlace ExecutionContext::classifyExecutor(const Expr *Executor) const {
  return Executor ? Known.executorPlace(Executor->getType())
                  : ExecutorPlace::Unknown;
}

bool ExecutionContext::isExecutorLike(QualType Type) const {
  static const llvm::StringSet<> ExecutorMembers = {
      "execute", "schedule", "get_executor", "context", "post", "dispatch"};
  if (Type.isNull())
    return false;
  Type = Type.getNonReferenceType();
  llvm::SmallVector<const CXXRecordDecl *, 4> Work{Type->getAsCXXRecordDecl()};
  // Bounded: a type-erased executor is a handful of bases deep.
  for (unsigned Budget = 32; !Work.empty() && Budget > 0; --Budget) {
    const CXXRecordDecl *Class = Work.pop_back_val();
    Class = Class ? Class->getDefinition() : nullptr;
    if (!Class || Class->isInvalidDecl())
      continue;
    for (const Decl *Member : Class->decls())
      if (const auto *Named = dyn_cast<NamedDecl>(Member);
          Named && Named->getIdentifier() &&
          ExecutorMembers.contains(Named->getName()))
        return true;
    for (const CXXBaseSpecifier &Base : Class->bases())
      Work.push_back(Base.getType()->getAsCXXRecordDecl());
  }
  return false;
}

Placement ExecutionContext::classifyLambda(const LambdaExpr *Lambda) {
  if (auto Known = Lambdas.find(Lambda); Known != Lambdas.end())
    return Known->second;
  // Provisional answer while the uses are looked at.
  Lambdas[Lambda] = {CodeContext::Unknown};
  const VarDecl *BoundTo = nullptr;
  std::optional<Placement> Use = classifyUse(Lambda, BoundTo);
  Placement Result = BoundTo ? classifyVariableUses(BoundTo)
                             : Use.value_or(Placement{CodeContext::Unknown});
  // A thread whose body runs the event loop is the loop's thread.
  if (Result.Context == CodeContext::OffLoopThread &&
      runsLoop(Lambda->getBody()))
    Result.Context = CodeContext::LoopThread;
  Lambdas[Lambda] = Result;
  return Result;
}

std::optional<Placement>
ExecutionContext::classifyUse(const Expr *Use, const VarDecl *&BoundTo) {
  const Stmt *Child = Use;
  DynTypedNode Node = DynTypedNode::create(*Use);
  while (true) {
    DynTypedNodeList Parents = Context.getParents(Node);
    if (Parents.empty())
      return std::nullopt;
    const DynTypedNode &Parent = Parents[0];
    if (const auto *Var = Parent.get<VarDecl>()) {
      if (Var->isLocalVarDecl() && isa<LambdaExpr>(Use))
        BoundTo = Var;
      return std::nullopt;
    }
    const auto *ParentStmt = Parent.get<Stmt>();
    if (!ParentStmt)
      return std::nullopt;
    if (const auto *Call = dyn_cast<CallExpr>(ParentStmt)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Call);
          Operator && Operator->getOperator() == OO_Call &&
          Operator->getArg(0) == Child)
        return Placement{CodeContext::InlineLambda};
      // A conversion to a function pointer or a std::move passes it on.
      if (!(Callee && (isa<CXXConversionDecl>(Callee) || isCast(Callee)))) {
        if (std::optional<Placement> Offloaded = classifyOffload(Call))
          return Offloaded;
        if (Callee && runsCallablesInPlace(Callee))
          return Placement{CodeContext::InlineLambda};
        return Placement{CodeContext::Unknown, nullptr, Call};
      }
    } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(ParentStmt)) {
      // A thread start, else a std::function or a copy that passes it on.
      if (std::optional<Placement> Offloaded = classifyOffload(Construct))
        return Offloaded;
    } else if (!isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
                    CXXBindTemporaryExpr, ExprWithCleanups, ExplicitCastExpr,
                    MemberExpr, UnaryOperator>(ParentStmt)) {
      // Stored, returned or captured: it runs wherever that leads.
      return std::nullopt;
    }
    Child = ParentStmt;
    Node = Parent;
  }
}

bool ExecutionContext::runsCallablesInPlace(const FunctionDecl *Callee) const {
  // std algorithms, std::invoke, std::visit and ranges function objects run the
  // callable before they return; std::bind and friends keep it for later.
  const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
  if (Method && Method->getOverloadedOperator() != OO_Call)
    return false;
  const NamedDecl *Named = Callee;
  if (Method)
    Named = Method->getParent();
  return llvm::StringRef(Catalog::qualifiedName(Named)).starts_with("std::") &&
         !Known.findFunction(Callee, EntryKind::KeepsCallable);
}

Placement ExecutionContext::classifyVariableUses(const VarDecl *Closure) {
  const auto *Function =
      dyn_cast_or_null<FunctionDecl>(Closure->getParentFunctionOrMethod());
  const Stmt *Body = Function ? Function->getBody() : nullptr;
  std::optional<Placement> Offloaded;
  llvm::SmallVector<const Stmt *, 32> Work{Body};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S);
        Ref && Ref->getDecl() == Closure) {
      const VarDecl *Ignored = nullptr;
      std::optional<Placement> Use = classifyUse(Ref, Ignored);
      // One call in place is enough: it runs here.
      if (Use && Use->Context == CodeContext::InlineLambda)
        return *Use;
      if (Use && Use->Context != CodeContext::Unknown && !Offloaded)
        Offloaded = Use;
      continue;
    }
    // Uses inside other lambdas run wherever those run.
    if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
      llvm::append_range(Work, Lambda->capture_inits());
      continue;
    }
    llvm::append_range(Work, S->children());
  }
  return Offloaded.value_or(Placement{CodeContext::Unknown});
}

bool ExecutionContext::runsLoop(const Stmt *Body) {
  bool Runs = false;
  forEachInlineStmt(Body, [&](const Stmt *S) {
    const CatalogEntry *Entry =
        Known.findCall(dyn_cast<CallExpr>(S), EntryKind::Blocking);
    Runs |= Entry && Entry->Category == BlockingCategory::RunLoop;
  });
  return Runs;
}

void ExecutionContext::forEachInlineStmt(
    const Stmt *Body, llvm::function_ref<void(const Stmt *)> Visit) {
  llvm::SmallVector<const Stmt *, 32> Work{Body};
  llvm::SmallVector<const Stmt *, 8> Children;
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S || isUnevaluated(S))
      continue;
    Visit(S);
    Children.clear();
    if (const auto *Coroutine = dyn_cast<CoroutineBodyStmt>(S)) {
      Children.push_back(Coroutine->getBody());
    } else if (const auto *Suspend = dyn_cast<CoroutineSuspendExpr>(S)) {
      Children.push_back(Suspend->getOperand());
    } else if (const auto *Await = dyn_cast<DependentCoawaitExpr>(S)) {
      Children.push_back(Await->getOperand());
    } else if (const auto *Return = dyn_cast<CoreturnStmt>(S)) {
      Children.push_back(Return->getOperand());
    } else if (const auto *If = dyn_cast<IfStmt>(S); If && If->isConstexpr()) {
      Children.push_back(If->getInit());
      if (std::optional<const Stmt *> Taken =
              If->getNondiscardedCase(Context)) {
        Children.push_back(*Taken);
      } else {
        Children.push_back(If->getThen());
        Children.push_back(If->getElse());
      }
    } else if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
      llvm::append_range(Children, Lambda->capture_inits());
      if (!isTaskCoroutine(Lambda->getCallOperator()) &&
          classifyLambda(Lambda).Context == CodeContext::InlineLambda)
        Children.push_back(Lambda->getBody());
    } else {
      llvm::append_range(Children, S->children());
    }
    llvm::append_range(Work, llvm::reverse(Children));
  }
}

bool ExecutionContext::isLambdaWrittenIn(const FunctionDecl *Callee,
                                         const FunctionDecl *Function) {
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Callee);
  if (!Method || !Function || !Method->getParent()->isLambda())
    return false;
  for (const DeclContext *Scope = Method->getParent()->getDeclContext(); Scope;
       Scope = Scope->getParent())
    if (const auto *Enclosing = dyn_cast<FunctionDecl>(Scope);
        Enclosing &&
        Enclosing->getCanonicalDecl() == Function->getCanonicalDecl())
      return true;
  return false;
}

} // namespace clang::tidy::coroguard
