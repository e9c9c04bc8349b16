//===--- ExecutionContext.cpp - where does this code run ------------------===//

#include "ExecutionContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"

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
  return isInNameList(NameList::StdForwardingCasts, Callee->getName());
}

/// Skips parentheses, implicit nodes, std::move/std::forward and copies: what
/// does not change which object is meant.
const Expr *stripObject(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Call = dyn_cast<CallExpr>(Next);
        Call && Call->getNumArgs() == 1 && Call->getDirectCallee() &&
        isCast(Call->getDirectCallee()))
      Next = Call->getArg(0);
    else if (const auto *Construct = dyn_cast<CXXConstructExpr>(Next);
             Construct && Construct->getNumArgs() == 1 &&
             Construct->getConstructor() &&
             Construct->getConstructor()->isCopyOrMoveConstructor())
      Next = Construct->getArg(0);
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

bool isStdSmartPointer(QualType Type) {
  const CXXRecordDecl *Class =
      Type.isNull() ? nullptr
                    : Type.getNonReferenceType()->getAsCXXRecordDecl();
  if (!Class || !Class->isInStdNamespace() || !Class->getIdentifier())
    return false;
  llvm::StringRef Name = Class->getName();
  return isInNameList(NameList::StdSmartPointers, Name);
}

/// A call making a new object behind a smart pointer.
bool isMakeCall(const FunctionDecl *Callee) {
  if (!Callee || !Callee->isInStdNamespace() || !Callee->getIdentifier())
    return false;
  llvm::StringRef Name = Callee->getName();
  return isInNameList(NameList::StdSmartPointerFactories, Name);
}

/// True if \p D is declared in \p Code, or in a scope nested in it.
bool isDeclaredIn(const Decl *D, const FunctionDecl *Code) {
  if (!Code)
    return false;
  for (const DeclContext *Scope = D->getDeclContext(); Scope;
       Scope = Scope->getParent())
    if (const auto *Function = dyn_cast<FunctionDecl>(Scope);
        Function && Function->getCanonicalDecl() == Code->getCanonicalDecl())
      return true;
  return false;
}

/// Of a std container: its element type is a thread-start class
/// (std::vector<std::thread>).
bool holdsThreads(QualType Container, const Catalog &Known) {
  const auto *Specialization =
      dyn_cast_or_null<ClassTemplateSpecializationDecl>(
          Container.isNull() ? nullptr : Container->getAsCXXRecordDecl());
  if (!Specialization || !Specialization->isInStdNamespace())
    return false;
  const TemplateArgumentList &Args = Specialization->getTemplateArgs();
  return Args.size() > 0 && Args[0].getKind() == TemplateArgument::Type &&
         Known.findType(Args[0].getAsType(), EntryKind::ThreadStart);
}

/// The calls, and the constructions given arguments, in the project's code,
/// instantiations included. A RecursiveASTVisitor: its data recursion keeps
/// deeply nested expressions off the stack.
class ProjectCallCollector : public RecursiveASTVisitor<ProjectCallCollector> {
public:
  explicit ProjectCallCollector(const SourceManager &Sources)
      : Sources(Sources) {}

  bool shouldVisitTemplateInstantiations() const { return true; }

  bool TraverseDecl(Decl *D) {
    if (D && !isa<TranslationUnitDecl>(D) &&
        Sources.isInSystemHeader(D->getLocation()))
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }
  bool VisitCallExpr(CallExpr *Call) {
    Calls.push_back(Call);
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    if (Construct->getNumArgs() > 0)
      Calls.push_back(Construct);
    return true;
  }

  std::vector<const Expr *> Calls;

private:
  const SourceManager &Sources;
};

} // namespace

Placement ExecutionContext::classify(const Stmt *S, const Decl *Within) {
  if (!S || !Within)
    return {};
  const CodeParents &Code = Parents.around(Within);
  // The statements from S up to the body that holds it, for the switch lookup.
  llvm::SmallVector<const Stmt *, 16> Path{S};
  DynTypedNode Node = DynTypedNode::create(*S);
  while (true) {
    const DynTypedNode Parent = Code.parentOf(Node);
    if (isNull(Parent))
      return {};
    if (const auto *Function = Parent.get<FunctionDecl>()) {
      // Not the body: a default argument or a constructor initializer.
      if (Function->getBody() != Path.back())
        return {};
      if (const LambdaExpr *Lambda = lambdaOf(Function))
        return placeLambdaBody(Lambda, Path);
      if (!isTaskCoroutine(Function))
        return placeFunctionBody(Function);
      return applySwitches(placeCoroutineStart(Function), Path);
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
  const CodeParents &Code = Parents.around(Method);
  DynTypedNode Node = DynTypedNode::create(*Method);
  for (unsigned Depth = 0; Depth < 4; ++Depth) {
    Node = Code.parentOf(Node);
    if (isNull(Node))
      return nullptr;
    if (const auto *Lambda = Node.get<LambdaExpr>())
      return Lambda;
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
    Placement Start{CodeContext::CoroutineBody, Operator, nullptr, Operator};
    if (Spawned.offLoop()) {
      Start = {CodeContext::OffLoopThread, Operator, Spawned.Cause, Operator};
    } else if (std::optional<Placement> Waited =
                   placeRunToCompletion(Lambda)) {
      Start = *Waited;
      Start.Coroutine = Start.Body = Operator;
    }
    return applySwitches(Start, Path);
  }
  Placement Use = classifyLambda(Lambda);
  if (Use.Context != CodeContext::InlineLambda)
    return Use;
  Placement Around = classify(Lambda, Lambda->getLambdaClass());
  if (Around.Context == CodeContext::CoroutineBody)
    Around.Context = CodeContext::InlineLambda;
  return Around;
}

Placement
ExecutionContext::placeCoroutineStart(const FunctionDecl *Coroutine) const {
  Placement Start{CodeContext::CoroutineBody, Coroutine, nullptr, Coroutine};
  // (executor_tag, executor, ...): it starts where that executor runs work.
  if (Coroutine->getNumParams() < 2 ||
      !Known.findType(Coroutine->getParamDecl(0)->getType(),
                      EntryKind::ExecutorTag))
    return Start;
  Placement OnExecutor = placementFor(
      Known.executorPlace(Coroutine->getParamDecl(1)->getType()),
      CodeContext::CoroutineBody, CodeContext::OffLoopThread, nullptr);
  OnExecutor.Coroutine = OnExecutor.Body = Coroutine;
  return OnExecutor;
}

std::optional<Placement>
ExecutionContext::placeRunToCompletion(const LambdaExpr *Lambda) {
  if (auto Cached = RunToCompletion.find(Lambda);
      Cached != RunToCompletion.end())
    return Cached->second;
  RunToCompletion[Lambda] = std::nullopt;
  const Decl *Within = Lambda->getCallOperator();
  const CodeParents &Code = Parents.around(Within);
  // The first parent of S that is not an implicit node; S becomes its child.
  auto Consumer = [&Code](const Stmt *&S) -> DynTypedNode {
    while (true) {
      const DynTypedNode Parent = Code.parentOf(*S);
      const auto *ParentStmt = Parent.get<Stmt>();
      if (!isa_and_present<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
                           CXXBindTemporaryExpr, ExprWithCleanups>(ParentStmt))
        return Parent;
      S = ParentStmt;
    }
  };
  // The closure: the lambda expression, or every use of the local it
  // initializes.
  llvm::SmallVector<const Stmt *, 4> Closures;
  const Stmt *Closure = Lambda;
  if (const auto *Var = Consumer(Closure).get<VarDecl>()) {
    const auto *Function =
        dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod());
    if (!Var->isLocalVarDecl() || !Function)
      return std::nullopt;
    llvm::SmallVector<const Stmt *, 32> Work{Function->getBody()};
    while (!Work.empty()) {
      const Stmt *S = Work.pop_back_val();
      if (!S)
        continue;
      if (const auto *Ref = dyn_cast<DeclRefExpr>(S);
          Ref && Ref->getDecl() == Var)
        Closures.push_back(Ref);
      llvm::append_range(Work, S->children());
    }
  } else {
    Closures.push_back(Lambda);
  }
  // Each called, and its task given straight to a sync wait outside the loop
  // (and outside the lambda itself).
  std::optional<Placement> Result;
  for (const Stmt *Use : Closures) {
    const auto *Invoke = Consumer(Use).get<CXXOperatorCallExpr>();
    if (!Invoke || Invoke->getOperator() != OO_Call ||
        Invoke->getArg(0) != Use)
      return std::nullopt;
    const Stmt *Task = Invoke;
    const auto *Wait = Consumer(Task).get<CallExpr>();
    if (!Wait || !Known.findCall(Wait, EntryKind::RunsToCompletion) ||
        Lambda->getSourceRange().fullyContains(Wait->getSourceRange()))
      return std::nullopt;
    Placement Around = classify(Wait, Within);
    if (Around.onLoop())
      return std::nullopt;
    if (!Result)
      Result = Around;
  }
  RunToCompletion[Lambda] = Result;
  return Result;
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
      Switched.Body = Start.Body;
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
      !(Executor && Known.isExecutorLike(Executor->getType()))) {
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
  // A thread constructed in place in a container of threads.
  if (const auto *Member = dyn_cast_or_null<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (Method && Method->getIdentifier() &&
        isInNameList(NameList::EmplaceMembers, Method->getName()) &&
        holdsThreads(Member->getObjectType(), Known))
      return Placement{CodeContext::OffLoopThread, nullptr, Call};
  }
  const auto *C = dyn_cast_or_null<CallExpr>(Call);
  if (!Known.isOffload(C))
    return std::nullopt;
  const Expr *Executor = executorOf(C);
  return placementFor(Executor ? classifyExecutor(Executor)
                               : ExecutorPlace::Unknown,
                      CodeContext::PostedToLoop, CodeContext::OffLoopThread, C);
}

ExecutorPlace ExecutionContext::classifyExecutor(const Expr *Executor) const {
  return classifyExecutorExpr(Executor, 0);
}

ExecutorPlace ExecutionContext::classifyExecutorExpr(const Expr *Executor,
                                                     unsigned Depth) const {
  if (!Executor || Depth > 8)
    return ExecutorPlace::Unknown;
  ExecutorPlace Place = Known.executorPlace(Executor->getType());
  if (Place != ExecutorPlace::Unknown)
    return Place;
  // A type-erased executor: where it came from decides.
  const Expr *E = stripObject(Executor);
  // A loop-affine object's own executor is the loop it belongs to.
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (Method && Method->getIdentifier() &&
        isInNameList(NameList::ExecutorGetters, Method->getName()) &&
        Known.findLoopAffineType(Call->getObjectType()))
      return ExecutorPlace::Loop;
    return ExecutorPlace::Unknown;
  }
  // A strand made on it (asio::make_strand(socket.get_executor())).
  if (isa<CallExpr, CXXConstructExpr>(E) &&
      Known.findType(E->getType(), EntryKind::ExecutorAdaptor)) {
    const Expr *Inner = nullptr;
    if (const auto *Call = dyn_cast<CallExpr>(E); Call && Call->getNumArgs())
      Inner = Call->getArg(0);
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
        Construct && Construct->getNumArgs())
      Inner = Construct->getArg(0);
    return classifyExecutorExpr(Inner, Depth + 1);
  }
  // A local variable holding one.
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Var && Var->isLocalVarDecl() && !Var->getType()->isReferenceType() &&
        Var->getInit())
      return classifyExecutorExpr(Var->getInit(), Depth + 1);
  return ExecutorPlace::Unknown;
}

Placement ExecutionContext::classifyLambda(const LambdaExpr *Lambda) {
  if (auto Known = Lambdas.find(Lambda); Known != Lambdas.end())
    return Known->second;
  // Provisional answer while the uses are looked at.
  Lambdas[Lambda] = {CodeContext::Unknown};
  const VarDecl *BoundTo = nullptr;
  std::optional<Placement> Use =
      classifyUse(Lambda, Lambda->getLambdaClass(), BoundTo);
  Placement Result = BoundTo ? classifyVariableUses(BoundTo)
                             : Use.value_or(Placement{CodeContext::Unknown});
  Result.Body = Lambda->getCallOperator();
  // A thread whose body runs the event loop is the loop's thread.
  if (Result.Context == CodeContext::OffLoopThread &&
      runsLoop(Lambda->getBody()))
    Result.Context = CodeContext::LoopThread;
  Lambdas[Lambda] = Result;
  return Result;
}

std::optional<Placement>
ExecutionContext::classifyUse(const Expr *Use, const Decl *Within,
                              const VarDecl *&BoundTo) {
  const CodeParents &Code = Parents.around(Within);
  const Stmt *Child = Use;
  DynTypedNode Node = DynTypedNode::create(*Use);
  while (true) {
    const DynTypedNode Parent = Code.parentOf(Node);
    if (isNull(Parent))
      return std::nullopt;
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
  return llvm::StringRef(qualifiedName(Named)).starts_with("std::") &&
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
      std::optional<Placement> Use = classifyUse(Ref, Closure, Ignored);
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
  if (auto Cached = RunsLoop.find(Body); Cached != RunsLoop.end())
    return Cached->second;
  // Provisional answer while the callees are looked at.
  RunsLoop[Body] = false;
  bool Runs = collectLoops(Body, nullptr, 0);
  RunsLoop[Body] = Runs;
  return Runs;
}

bool ExecutionContext::collectLoops(
    const Stmt *Body, llvm::SmallVectorImpl<const ValueDecl *> *Loops,
    unsigned Depth) {
  bool Runs = false;
  llvm::SmallVector<const FunctionDecl *, 4> Callees;
  forEachInlineStmt(Body, [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (Call && Known.runsLoop(Call)) {
      Runs = true;
      if (Loops)
        if (const ValueDecl *Loop = loopOf(executorOf(Call)))
          Loops->push_back(Loop);
      return;
    }
    // Project functions; lambdas run inline are part of this code already.
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    const FunctionDecl *Definition = nullptr;
    if (Callee && Callee->hasBody(Definition) && !Definition->isInvalidDecl() &&
        !(isa<CXXMethodDecl>(Definition) &&
          cast<CXXMethodDecl>(Definition)->getParent()->isLambda()) &&
        !Context.getSourceManager().isInSystemHeader(Definition->getLocation()))
      Callees.push_back(Definition);
  });
  // A helper that runs the loop (run_server(io)) makes a loop thread too; the
  // contexts it runs are its own parameters, not told apart here.
  if (!Runs && Depth < 3)
    for (const FunctionDecl *Callee : Callees)
      if (!isTaskCoroutine(Callee) &&
          collectLoops(Callee->getBody(), nullptr, Depth + 1))
        return true;
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

bool ExecutionContext::isHandedOff(const FunctionDecl *Function) {
  // A generic lambda's specialization: the closure is the pattern's.
  if (const FunctionDecl *Pattern = Function->getTemplateInstantiationPattern())
    Function = Pattern;
  const LambdaExpr *Lambda = lambdaOf(Function);
  if (!Lambda)
    return false;
  Placement Use = classifyLambda(Lambda);
  return Use.Context != CodeContext::InlineLambda && Use.Cause &&
         classifyOffload(Use.Cause);
}

Placement ExecutionContext::placeFunctionBody(const FunctionDecl *Function) {
  if (Known.isOffLoopFunction(Function))
    return {CodeContext::OffLoopThread, nullptr, nullptr, Function};
  indexThreadEntries();
  if (auto Entry = ThreadEntries.find(Function->getCanonicalDecl());
      Entry != ThreadEntries.end()) {
    Placement Result = Entry->second;
    Result.Body = Function;
    return Result;
  }
  return {CodeContext::Ordinary, nullptr, nullptr, Function};
}

const FunctionDecl *ExecutionContext::namedCallable(const Expr *Arg) {
  const Expr *E = stripObject(Arg);
  if (const auto *AddressOf = dyn_cast_or_null<UnaryOperator>(E);
      AddressOf && AddressOf->getOpcode() == UO_AddrOf)
    E = stripObject(AddressOf->getSubExpr());
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E);
  const auto *Function = Ref ? dyn_cast<FunctionDecl>(Ref->getDecl()) : nullptr;
  const FunctionDecl *Definition = nullptr;
  if (!Function || !Function->hasBody(Definition) ||
      Definition->isInvalidDecl())
    return nullptr;
  return Definition;
}

void ExecutionContext::indexThreadEntries() {
  if (ThreadEntriesIndexed)
    return;
  ThreadEntriesIndexed = true;

  ProjectCallCollector Found(Context.getSourceManager());
  Found.TraverseDecl(Context.getTranslationUnitDecl());

  for (const Expr *Call : Found.Calls) {
    std::optional<Placement> Offloaded = classifyOffload(Call);
    if (!Offloaded)
      continue;
    llvm::ArrayRef<const Expr *> Args;
    if (const auto *C = dyn_cast<CallExpr>(Call))
      Args = {C->getArgs(), C->getNumArgs()};
    else if (const auto *Construct = dyn_cast<CXXConstructExpr>(Call))
      Args = {Construct->getArgs(), Construct->getNumArgs()};
    for (const Expr *Arg : Args) {
      const FunctionDecl *Entry = namedCallable(Arg);
      if (!Entry || ThreadEntries.count(Entry->getCanonicalDecl()))
        continue;
      Placement Result = *Offloaded;
      if (Result.Context == CodeContext::OffLoopThread &&
          runsLoop(Entry->getBody()))
        Result.Context = CodeContext::LoopThread;
      ThreadEntries[Entry->getCanonicalDecl()] = Result;
    }
  }
}

Ownership ExecutionContext::objectOwnership(const Expr *Object,
                                            const FunctionDecl *Code) {
  return ownershipOfObject(Object, Code, 0);
}

Ownership ExecutionContext::ownershipOfThis(const FunctionDecl *Code) {
  // A lambda that captured a copy of *this owns it; any other code runs on an
  // object someone else has.
  if (const LambdaExpr *Lambda = Code ? lambdaOf(Code) : nullptr)
    for (const LambdaCapture &Capture : Lambda->captures())
      if (Capture.capturesThis())
        return Capture.getCaptureKind() == LCK_StarThis ? Ownership::Owned
                                                        : Ownership::Shared;
  return Ownership::Shared;
}

Ownership ExecutionContext::ownershipOfVariable(const VarDecl *Var,
                                                const FunctionDecl *Code,
                                                unsigned Depth) {
  if (Var->getTLSKind() != VarDecl::TLS_None)
    return Ownership::Owned;
  if (Var->hasGlobalStorage())
    return Ownership::Shared;
  const bool IsReference = Var->getType()->isReferenceType();
  if (isDeclaredIn(Var, Code)) {
    if (!IsReference)
      return Ownership::Owned;
    // [&s = socket] or a reference parameter: someone else's object.
    if (isa<ParmVarDecl>(Var) || Var->isInitCapture() || !Var->getInit())
      return Ownership::Shared;
    return ownershipOfObject(Var->getInit(), Code, Depth + 1);
  }
  // Declared outside: captured by the lambda whose code this is.
  if (const LambdaExpr *Lambda = Code ? lambdaOf(Code) : nullptr)
    for (const LambdaCapture &Capture : Lambda->captures())
      if (Capture.capturesVariable() && Capture.getCapturedVar() == Var)
        return Capture.getCaptureKind() == LCK_ByRef ? Ownership::Shared
                                                     : Ownership::Owned;
  return Ownership::Unknown;
}

Ownership ExecutionContext::ownershipOfObject(const Expr *Object,
                                              const FunctionDecl *Code,
                                              unsigned Depth) {
  const Expr *E = stripObject(Object);
  if (!E || Depth > 8)
    return Ownership::Unknown;
  // The object of a member call through '->'.
  if (E->getType()->isPointerType())
    return ownershipOfPointee(E, Code, Depth + 1);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      return ownershipOfVariable(Var, Code, Depth);
    return Ownership::Unknown;
  }
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    if (isa<VarDecl>(Member->getMemberDecl()))
      return Ownership::Shared; // a static data member
    if (!isa<FieldDecl>(Member->getMemberDecl()))
      return Ownership::Unknown;
    return Member->isArrow()
               ? ownershipOfPointee(Member->getBase(), Code, Depth + 1)
               : ownershipOfObject(Member->getBase(), Code, Depth + 1);
  }
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Operator->getOperator() == OO_Star && Operator->getNumArgs() == 1)
      return ownershipOfPointee(Operator->getArg(0), Code, Depth + 1);
    if (Operator->getOperator() == OO_Subscript && Operator->isLValue())
      return ownershipOfObject(Operator->getArg(0), Code, Depth + 1);
    return E->isPRValue() ? Ownership::Owned : Ownership::Unknown;
  }
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_Deref)
    return ownershipOfPointee(Unary->getSubExpr(), Code, Depth + 1);
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E)) {
    const Expr *Base = Subscript->getBase()->IgnoreParenImpCasts();
    return Base->getType()->isArrayType()
               ? ownershipOfObject(Base, Code, Depth + 1)
               : ownershipOfPointee(Base, Code, Depth + 1);
  }
  // A reference returned by a member is part of its object; a
  // std::reference_wrapper's refers elsewhere.
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
      Call && E->isLValue()) {
    const CXXRecordDecl *Class = Call->getRecordDecl();
    if (Class && Class->isInStdNamespace() && Class->getIdentifier() &&
        isInNameList(NameList::StdReferenceWrappers, Class->getName()))
      return Ownership::Shared;
    return ownershipOfObject(Call->getImplicitObjectArgument(), Code,
                             Depth + 1);
  }
  if (E->isPRValue() && isa<CallExpr, CXXConstructExpr>(E))
    return Ownership::Owned; // a temporary
  return Ownership::Unknown;
}

Ownership ExecutionContext::ownershipOfPointee(const Expr *Pointer,
                                               const FunctionDecl *Code,
                                               unsigned Depth) {
  const Expr *E = stripObject(Pointer);
  if (!E || Depth > 8)
    return Ownership::Unknown;
  if (isa<CXXThisExpr>(E))
    return ownershipOfThis(Code);
  // static_cast<tcp::socket *>(arg): what the pointer cast points to.
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E))
    return ownershipOfPointee(Cast->getSubExpr(), Code, Depth + 1);
  if (isa<CXXNewExpr>(E))
    return Ownership::Owned;
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_AddrOf)
    return ownershipOfObject(Unary->getSubExpr(), Code, Depth + 1);
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    if (isMakeCall(Call->getDirectCallee()))
      return Ownership::Owned;
    // ptr->, ptr.get(): what the smart pointer points to.
    if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Call);
        Operator && Operator->getOperator() == OO_Arrow &&
        Operator->getNumArgs() == 1)
      return ownershipOfPointee(Operator->getArg(0), Code, Depth + 1);
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
        Member && Member->getMethodDecl() &&
        Member->getMethodDecl()->getIdentifier()) {
      llvm::StringRef Name = Member->getMethodDecl()->getName();
      if (isInNameList(NameList::SmartPointerGetters, Name) &&
          isStdSmartPointer(Member->getObjectType()))
        return ownershipOfPointee(Member->getImplicitObjectArgument(), Code,
                                  Depth + 1);
      // A pointer to the object it is called on.
      if (isInNameList(NameList::SelfPointerMembers, Name))
        return ownershipOfObject(Member->getImplicitObjectArgument(), Code,
                                 Depth + 1);
    }
    return Ownership::Unknown;
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var)
      return Ownership::Unknown;
    // A pointer this code made and keeps: what it was initialized with.
    if (isDeclaredIn(Var, Code) && !isa<ParmVarDecl>(Var) &&
        !Var->getType()->isReferenceType() && !Var->hasGlobalStorage() &&
        Var->getInit()) {
      // [Self = shared_from_this()]: initialized outside, a copy of a
      // pointer from there, unless made right there.
      Ownership Target = ownershipOfPointee(Var->getInit(), Code, Depth + 1);
      if (Var->isInitCapture() && Target == Ownership::Unknown)
        return Ownership::Shared;
      return Target;
    }
    // Given to this code, captured, or global: it points to someone else's
    // object (a copy of a shared_ptr still shares it).
    return Ownership::Shared;
  }
  if (isa<MemberExpr>(E))
    return Ownership::Shared;
  return Ownership::Unknown;
}

const ValueDecl *ExecutionContext::loopOf(const Expr *Object) {
  return executorRoot(Object, 0);
}

const ValueDecl *ExecutionContext::executorRoot(const Expr *E, unsigned Depth) {
  E = stripObject(E);
  if (!E || Depth > 8)
    return nullptr;
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary &&
      (Unary->getOpcode() == UO_AddrOf || Unary->getOpcode() == UO_Deref))
    return executorRoot(Unary->getSubExpr(), Depth + 1);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return executorRootOf(Ref->getDecl(), Depth + 1);
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    return executorRootOf(Member->getMemberDecl(), Depth + 1);
  // ioc.get_executor(), acceptor.accept(): the object's context.
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E))
    return executorRoot(Call->getImplicitObjectArgument(), Depth + 1);
  // asio::make_strand(ioc), socket(ioc), timer(ioc, 1s): the first argument.
  if (const auto *Call = dyn_cast<CallExpr>(E))
    return Call->getNumArgs() ? executorRoot(Call->getArg(0), Depth + 1)
                              : nullptr;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    return Construct->getNumArgs()
               ? executorRoot(Construct->getArg(0), Depth + 1)
               : nullptr;
  return nullptr;
}

const ValueDecl *ExecutionContext::executorRootOf(const ValueDecl *D,
                                                  unsigned Depth) {
  if (!D || Depth > 8)
    return nullptr;
  const Expr *Init = nullptr;
  if (const auto *Var = dyn_cast<VarDecl>(D)) {
    if (!isa<ParmVarDecl>(Var))
      Init = Var->getInit();
  } else if (const auto *Field = dyn_cast<FieldDecl>(D)) {
    Init = Field->getInClassInitializer();
    // Else a constructor's member initializer.
    if (const auto *Class = dyn_cast<CXXRecordDecl>(Field->getParent());
        !Init && Class && Class->hasDefinition())
      for (const CXXConstructorDecl *Constructor : Class->ctors())
        for (const CXXCtorInitializer *Initializer : Constructor->inits())
          if (!Init && Initializer->isWritten() &&
              Initializer->getMember() == Field)
            Init = Initializer->getInit();
  } else {
    return nullptr;
  }
  // An object made from a context (or something made from one) belongs to
  // it; an object made from nothing such is the context itself.
  if (const ValueDecl *Root = Init ? executorRoot(Init, Depth + 1) : nullptr)
    return Root;
  return cast<ValueDecl>(D->getCanonicalDecl());
}

const ValueDecl *ExecutionContext::handleOf(const Expr *E) {
  E = stripObject(E);
  if (const auto *Unary = dyn_cast_or_null<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_AddrOf)
    E = stripObject(Unary->getSubExpr());
  const ValueDecl *D = nullptr;
  if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E))
    D = Ref->getDecl();
  else if (const auto *Member = dyn_cast_or_null<MemberExpr>(E))
    D = Member->getMemberDecl();
  // for (auto &t : threads) t.join(): the container.
  if (const auto *Var = dyn_cast_or_null<VarDecl>(D);
      Var && Var->isCXXForRangeDecl()) {
    const CodeParents &Code = Parents.around(Var);
    if (const auto *Declaration = Code.parentOf(*Var).get<DeclStmt>())
      if (const auto *Loop = Code.parentOf(*Declaration).get<CXXForRangeStmt>())
        return handleOf(Loop->getRangeInit());
  }
  return D ? cast<ValueDecl>(D->getCanonicalDecl()) : nullptr;
}

bool ExecutionContext::startsLoopThread(const Expr *Start,
                                        const ValueDecl *Loop) {
  std::optional<Placement> Offloaded = classifyOffload(Start);
  if (!Offloaded || Offloaded->Context != CodeContext::OffLoopThread)
    return false;
  llvm::ArrayRef<const Expr *> Args;
  if (const auto *C = dyn_cast<CallExpr>(Start))
    Args = {C->getArgs(), C->getNumArgs()};
  else if (const auto *Construct = dyn_cast<CXXConstructExpr>(Start))
    Args = {Construct->getArgs(), Construct->getNumArgs()};
  for (const Expr *Arg : Args) {
    const Stmt *Body = nullptr;
    if (const auto *Lambda = dyn_cast<LambdaExpr>(stripObject(Arg))) {
      if (classifyLambda(Lambda).Context == CodeContext::LoopThread)
        Body = Lambda->getBody();
    } else if (const FunctionDecl *Entry = namedCallable(Arg)) {
      if (runsLoop(Entry->getBody()))
        Body = Entry->getBody();
    }
    llvm::SmallVector<const ValueDecl *, 2> Loops;
    if (Body && collectLoops(Body, &Loops, 0) &&
        llvm::is_contained(Loops, Loop))
      return true;
  }
  return false;
}

std::optional<ExecutionContext::LoopThreadStart>
ExecutionContext::loopThreadRunningAt(const Stmt *S, const Decl *Within,
                                      const Expr *Object) {
  const ValueDecl *Loop = S && Within ? loopOf(Object) : nullptr;
  if (!Loop)
    return std::nullopt;
  const CodeParents &Code = Parents.around(Within);
  Loop = cast<ValueDecl>(Loop->getCanonicalDecl());
  // A local declared after the start is new to the loop's thread.
  SourceLocation Declared;
  if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(stripObject(Object)))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Var && Var->isLocalVarDecl())
      Declared = Var->getLocation();
  // Threads joined after the start and before S, by their handles.
  llvm::DenseSet<const ValueDecl *> Joined;
  const Expr *Running = nullptr;
  // Looks at one statement before S: its joins, then its starts.
  auto Scan = [&](const Stmt *Before) {
    llvm::SmallVector<const Expr *, 4> Starts;
    llvm::SmallVector<const Stmt *, 32> Work{Before};
    while (!Work.empty()) {
      const Stmt *Node = Work.pop_back_val();
      if (!Node || isUnevaluated(Node))
        continue;
      if (const auto *Lambda = dyn_cast<LambdaExpr>(Node)) {
        // Its body runs elsewhere or is looked at as part of the start.
        llvm::append_range(Work, Lambda->capture_inits());
        continue;
      }
      if (isa<CallExpr, CXXConstructExpr>(Node)) {
        const auto *Call = cast<Expr>(Node);
        const CatalogEntry *Wait = Known.findCall(Call, EntryKind::Blocking);
        if (const auto *C = dyn_cast<CallExpr>(Call);
            C && Wait && Wait->Category == BlockingCategory::SyncWait)
          if (const ValueDecl *Handle = handleOf(executorOf(C)))
            Joined.insert(Handle);
        if (classifyOffload(Call))
          Starts.push_back(Call);
      }
      llvm::append_range(Work, Node->children());
    }
    for (const Expr *Start : Starts) {
      if ((Declared.isValid() &&
           Context.getSourceManager().isBeforeInTranslationUnit(
               Start->getBeginLoc(), Declared)) ||
          !startsLoopThread(Start, Loop))
        continue;
      // The thread's handle: the variable or member it initializes or is
      // assigned to, the container it is emplaced into, the pool.
      const ValueDecl *Handle = nullptr;
      if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Start)) {
        Handle = handleOf(Member->getImplicitObjectArgument());
      } else if (const auto *Call = dyn_cast<CallExpr>(Start)) {
        // pthread_create(&thread, ...) names its handle first; an offload
        // names its pool.
        const Expr *First = Call->getNumArgs() ? Call->getArg(0) : nullptr;
        if (!Known.findCall(Call, EntryKind::ThreadStart))
          Handle = handleOf(executorOf(Call));
        else if (First && First->getType()->isPointerType())
          Handle = handleOf(First);
      }
      DynTypedNode Node = DynTypedNode::create(*Start);
      for (unsigned Up = 0; !Handle && Up < 8; ++Up) {
        Node = Code.parentOf(Node);
        if (isNull(Node))
          break;
        if (const auto *Var = Node.get<VarDecl>()) {
          Handle = cast<ValueDecl>(Var->getCanonicalDecl());
        } else if (const auto *Assign = Node.get<BinaryOperator>();
                   Assign && Assign->isAssignmentOp()) {
          Handle = handleOf(Assign->getLHS());
        } else if (const auto *Assign = Node.get<CXXOperatorCallExpr>();
                   Assign && Assign->getOperator() == OO_Equal &&
                   Assign->getNumArgs() == 2) {
          Handle = handleOf(Assign->getArg(0));
        }
        if (Node.get<Stmt>() == Before)
          break;
      }
      // A thread variable whose scope ended before S was joined there (a
      // std::jthread; a std::thread must be joined or detached by then).
      if (const auto *Var = dyn_cast_or_null<VarDecl>(Handle);
          Var && Var->isLocalVarDecl() &&
          !Context.getSourceManager().isBeforeInTranslationUnit(
              Var->getLocation(), Before->getBeginLoc()) &&
          Context.getSourceManager().isBeforeInTranslationUnit(
              Var->getLocation(), Before->getEndLoc()) &&
          !isa<DeclStmt>(Before))
        continue;
      // A thread without a handle (detached) is never joined.
      if (!Handle || !Joined.contains(Handle)) {
        Running = Start;
        return;
      }
    }
  };

  const Stmt *Child = S;
  DynTypedNode Node = DynTypedNode::create(*S);
  while (true) {
    const DynTypedNode Parent = Code.parentOf(Node);
    if (isNull(Parent))
      return std::nullopt;
    if (const auto *Function = Parent.get<FunctionDecl>()) {
      // Through a lambda run in place, to the code around it.
      const LambdaExpr *Lambda = lambdaOf(Function);
      if (!Lambda || Function->getBody() != Child ||
          classifyLambda(Lambda).Context != CodeContext::InlineLambda)
        return std::nullopt;
      Child = Lambda;
      Node = DynTypedNode::create(*Lambda);
      continue;
    }
    if (const auto *Block = Parent.get<CompoundStmt>()) {
      const auto *Position = llvm::find(Block->body(), Child);
      while (Position != Block->body_begin()) {
        --Position;
        Scan(*Position);
        if (Running)
          return LoopThreadStart{Running, Loop};
      }
    }
    if (const auto *ParentStmt = Parent.get<Stmt>())
      Child = ParentStmt;
    Node = Parent;
  }
}

} // namespace clang::tidy::coroguard
