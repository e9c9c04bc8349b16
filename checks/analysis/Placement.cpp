//===--- Placement.cpp - where does this code run -------------------------===//

#include "Placement.h"
#include "Expressions.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include <algorithm>

namespace clang::tidy::coroguard {

namespace {

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

/// The project's code, instantiations included, as the two whole-TU indexes
/// read it (one traversal for both): the calls, and the constructions given
/// arguments; the references to functions, each with the innermost function
/// declaration around it (null outside functions). A RecursiveASTVisitor: its
/// data recursion keeps deeply nested expressions off the stack.
class ProjectCodeCollector : public RecursiveASTVisitor<ProjectCodeCollector> {
public:
  explicit ProjectCodeCollector(const SourceManager &Sources)
      : Sources(Sources) {}

  bool shouldVisitTemplateInstantiations() const { return true; }

  bool TraverseDecl(Decl *D) {
    if (D && !isa<TranslationUnitDecl>(D) &&
        Sources.isInSystemHeader(D->getLocation()))
      return true;
    const auto *Function = dyn_cast_or_null<FunctionDecl>(D);
    if (Function)
      Around.push_back(Function);
    const bool Continue = RecursiveASTVisitor::TraverseDecl(D);
    if (Function)
      Around.pop_back();
    return Continue;
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
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    record(Ref, Ref->getDecl());
    return true;
  }
  bool VisitMemberExpr(MemberExpr *Member) {
    record(Member, Member->getMemberDecl());
    return true;
  }

  struct Reference {
    const Expr *Site;
    const FunctionDecl *Function;
    const FunctionDecl *Within;
  };
  std::vector<const Expr *> Calls;
  std::vector<Reference> References;

private:
  void record(const Expr *Site, const ValueDecl *D) {
    if (const auto *Function = dyn_cast_or_null<FunctionDecl>(D))
      References.push_back(
          {Site, Function, Around.empty() ? nullptr : Around.back()});
  }

  const SourceManager &Sources;
  llvm::SmallVector<const FunctionDecl *, 8> Around;
};

/// A function as its references are indexed: its pattern's canonical
/// declaration.
const FunctionDecl *referenceKey(const FunctionDecl *Function) {
  if (const FunctionDecl *Pattern = Function->getTemplateInstantiationPattern())
    Function = Pattern;
  return Function->getCanonicalDecl();
}

/// Whether the translation unit names \p Function nowhere: clang marks a
/// function referenced where any expression names it. A template's key
/// gathers the references to all its instantiations, so only a function
/// outside templates is answered.
bool isNeverReferenced(const FunctionDecl *Function) {
  return Function->getTemplatedKind() == FunctionDecl::TK_NonTemplate &&
         !Function->isTemplated() && !Function->isReferenced();
}

/// The first parent of \p S that is not an implicit node, a move of it or a
/// copy of it; S becomes its child.
DynTypedNode consumerOf(const Stmt *&S, const CodeParents &Code) {
  while (true) {
    const DynTypedNode Parent = Code.parentOf(*S);
    const auto *ParentStmt = Parent.get<Stmt>();
    const auto *Call = dyn_cast_or_null<CallExpr>(ParentStmt);
    const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(ParentStmt);
    const bool Implicit =
        isa_and_present<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
                        CXXBindTemporaryExpr, ExprWithCleanups>(ParentStmt);
    const bool Moved = Call && Call->getNumArgs() == 1 &&
                       Call->getArg(0) == S &&
                       isStdMoveOrForward(Call->getDirectCallee());
    const bool Copied = Construct && Construct->getNumArgs() == 1 &&
                        Construct->getConstructor()->isCopyOrMoveConstructor();
    if (!Implicit && !Moved && !Copied)
      return Parent;
    S = ParentStmt;
  }
}

/// The references to \p Var in \p Body, lambdas written there included.
llvm::SmallVector<const DeclRefExpr *, 4> referencesIn(const Stmt *Body,
                                                       const VarDecl *Var) {
  llvm::SmallVector<const DeclRefExpr *, 4> Found;
  llvm::SmallVector<const Stmt *, 32> Work{Body};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S);
        Ref && Ref->getDecl() == Var)
      Found.push_back(Ref);
    pushChildren(Work, S);
  }
  return Found;
}

} // namespace

Placement PlacementAnalysis::classify(const Stmt *S, const Decl *Within) {
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
      if (const LambdaExpr *Lambda = Parents.lambdaOf(Function))
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

Placement PlacementAnalysis::placeLambdaBody(const LambdaExpr *Lambda,
                                            llvm::ArrayRef<const Stmt *> Path) {
  const CXXMethodDecl *Operator = Lambda->getCallOperator();
  if (isTaskCoroutine(Operator)) {
    // A coroutine lambda runs where it is spawned: the loop, unless that is a
    // pool.
    const Placement Spawned = classifyLambda(Lambda);
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

Placement PlacementAnalysis::placeCoroutineStart(const FunctionDecl *Coroutine) {
  Placement Start{CodeContext::CoroutineBody, Coroutine, nullptr, Coroutine};
  // (executor_tag, executor, ...): it starts where that executor runs work.
  if (Coroutine->getNumParams() < 2 ||
      !Known.findType(Coroutine->getParamDecl(0)->getType(),
                      EntryKind::ExecutorTag)) {
    if (std::optional<Placement> Driven = placeNamedDrivers(Coroutine)) {
      Start = *Driven;
      Start.Coroutine = Start.Body = Coroutine;
    }
    return Start;
  }
  Placement OnExecutor = placementFor(
      Known.executorPlace(Coroutine->getParamDecl(1)->getType()),
      CodeContext::CoroutineBody, CodeContext::OffLoopThread, nullptr);
  OnExecutor.Coroutine = OnExecutor.Body = Coroutine;
  return OnExecutor;
}

std::optional<Placement>
PlacementAnalysis::placeRunToCompletion(const LambdaExpr *Lambda) {
  if (auto Cached = RunToCompletion.find(Lambda);
      Cached != RunToCompletion.end())
    return Cached->second;
  RunToCompletion[Lambda] = std::nullopt;
  const FunctionDecl *Operator = Lambda->getCallOperator();
  if (awaitsLoopIo(Operator, 0))
    return std::nullopt;
  const Decl *Within = Operator;
  const CodeParents &Code = Parents.around(Within);
  // The closure: the lambda expression, or every use of the local it
  // initializes.
  llvm::SmallVector<const Stmt *, 4> Closures;
  const Stmt *Closure = Lambda;
  if (const auto *Var = consumerOf(Closure, Code).get<VarDecl>()) {
    const auto *Function =
        dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod());
    if (!Var->isLocalVarDecl() || !Function)
      return std::nullopt;
    llvm::append_range(Closures, referencesIn(Function->getBody(), Var));
  } else {
    Closures.push_back(Lambda);
  }
  // Each called, and its task driven off the loop (and outside the lambda
  // itself).
  std::optional<Placement> Result;
  for (const Stmt *Use : Closures) {
    const auto *Invoke = consumerOf(Use, Code).get<CXXOperatorCallExpr>();
    if (!Invoke || Invoke->getOperator() != OO_Call ||
        Invoke->getArg(0) != Use)
      return std::nullopt;
    const std::optional<Placement> Driven =
        placeTaskDrivers(Invoke, Within, /*AllowAwait=*/true, 0);
    if (!Driven || (Driven->Cause && Lambda->getSourceRange().fullyContains(
                                         Driven->Cause->getSourceRange())))
      return std::nullopt;
    if (!Result)
      Result = Driven;
  }
  RunToCompletion[Lambda] = Result;
  return Result;
}

std::optional<Placement>
PlacementAnalysis::placeNamedDrivers(const FunctionDecl *Coroutine) {
  const FunctionDecl *Key = referenceKey(Coroutine);
  if (auto Cached = NamedDrivers.find(Key); Cached != NamedDrivers.end())
    return Cached->second;
  NamedDrivers[Key] = std::nullopt;
  // A coroutine nothing names has no driver: the project's code need not be
  // read to know it.
  if (isNeverReferenced(Coroutine) || awaitsLoopIo(Coroutine, 0))
    return std::nullopt;
  collectProjectCode();
  auto Found = References.find(Key);
  if (Found == References.end())
    return std::nullopt;
  std::optional<Placement> Result;
  for (const FunctionReference &Reference : Found->second) {
    // Only calls: a coroutine whose address is taken runs wherever that leads.
    if (!Reference.Within)
      return std::nullopt;
    const CodeParents &Code = Parents.around(Reference.Within);
    const Stmt *Callee = Reference.Reference;
    const auto *Call = consumerOf(Callee, Code).get<CallExpr>();
    if (!Call || Call->getCallee()->IgnoreParenImpCasts() !=
                     Reference.Reference->IgnoreParenImpCasts())
      return std::nullopt;
    const std::optional<Placement> Driven =
        placeTaskDrivers(Call, Reference.Within, /*AllowAwait=*/false, 0);
    if (!Driven)
      return std::nullopt;
    if (!Result)
      Result = Driven;
  }
  NamedDrivers[Key] = Result;
  return Result;
}

std::optional<Placement>
PlacementAnalysis::placeTaskDrivers(const Expr *Task, const Decl *Within,
                                    bool AllowAwait, unsigned Depth) {
  if (!Task || !Within || Depth > 4)
    return std::nullopt;
  const CodeParents &Code = Parents.around(Within);
  const Stmt *Child = Task;
  const DynTypedNode Parent = consumerOf(Child, Code);
  if (const auto *Holder = Parent.get<VarDecl>())
    return placeHeldTask(Holder, AllowAwait, Depth + 1);
  const auto *ParentStmt = Parent.get<Stmt>();
  if (const auto *Call = dyn_cast_or_null<CallExpr>(ParentStmt);
      Call && Call->getCallee() != Child) {
    if (isSyncWait(Call)) {
      // syncAwait(task, &pool): the task runs on the executor given.
      for (const Expr *Arg : Call->arguments())
        if (Arg != Child && Known.isExecutorLike(Arg->getType()))
          return placeOnExecutor(Arg, Call);
      return placeDriver(Call, Within, /*AwaitDriver=*/false);
    }
    if (isCollectAll(Call))
      return placeTaskDrivers(Call, Within, AllowAwait, Depth + 1);
    // Handed to a member of an executor-like object: pool.spawn(task).
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
        Member && Known.isExecutorLike(Member->getObjectType()))
      return placeOnExecutor(Member->getImplicitObjectArgument(), Member);
    // Stored into a local container of tasks.
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      const CXXMethodDecl *Method = Member->getMethodDecl();
      const auto *Container = dyn_cast<DeclRefExpr>(
          stripObject(Member->getImplicitObjectArgument()));
      if (Method && Method->getIdentifier() && Container &&
          isInNameList(NameList::TaskStoreMembers, Method->getName()))
        if (const auto *Var = dyn_cast<VarDecl>(Container->getDecl()))
          return placeHeldTask(Var, AllowAwait, Depth + 1);
    }
    return std::nullopt;
  }
  // co_await inner(): it runs where the awaiting code runs.
  if (AllowAwait && isa_and_nonnull<CoawaitExpr>(ParentStmt))
    return placeDriver(ParentStmt, Within, /*AwaitDriver=*/true);
  // Through members of the task: resumed by hand (t.resume(),
  // t.handle().resume()), its handle given to an executor-like object
  // (pool.resume(t.handle())), or sent to an executor (t.via(&pool)).
  const Stmt *Prev = Child;
  for (const Stmt *Node = ParentStmt; Node;) {
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Node)) {
      if (Member->getCallee() != Prev) {
        if (!Known.isExecutorLike(Member->getObjectType()))
          break;
        return placeOnExecutor(Member->getImplicitObjectArgument(), Member);
      }
      const CXXMethodDecl *Method = Member->getMethodDecl();
      if (Method && Method->getIdentifier() && Method->getName() == "resume")
        return placeDriver(Member, Within, /*AwaitDriver=*/false);
      for (const Expr *Arg : Member->arguments())
        if (Known.isExecutorLike(Arg->getType()))
          return placeOnExecutor(Arg, Member);
    } else if (!isa<MemberExpr, ImplicitCastExpr, ParenExpr,
                    MaterializeTemporaryExpr, CXXBindTemporaryExpr>(Node)) {
      break;
    }
    Prev = Node;
    Node = Code.parentOf(*Node).get<Stmt>();
  }
  return std::nullopt;
}

std::optional<Placement>
PlacementAnalysis::placeOnExecutor(const Expr *Executor, const Expr *Cause) {
  switch (Switches.classifyExecutor(Executor)) {
  case ExecutorPlace::Loop:
    return std::nullopt;
  case ExecutorPlace::OffLoop:
    return Placement{CodeContext::OffLoopThread, nullptr, Cause};
  case ExecutorPlace::Unknown:
    break;
  }
  return Placement{CodeContext::Unknown, nullptr, Cause};
}

std::optional<Placement>
PlacementAnalysis::placeHeldTask(const VarDecl *Holder, bool AllowAwait,
                                 unsigned Depth) {
  const auto *Function =
      dyn_cast_or_null<FunctionDecl>(Holder->getParentFunctionOrMethod());
  if (!Function || !Holder->isLocalVarDecl() ||
      Holder->getType()->isReferenceType())
    return std::nullopt;
  const CodeParents &Code = Parents.around(Function);
  std::optional<Placement> Result;
  for (const DeclRefExpr *Use : referencesIn(Function->getBody(), Holder)) {
    // Filling the container, or looking at the task, drives nothing.
    DynTypedNode Object = Code.parentOf(*Use);
    while (const auto *Cast = Object.get<ImplicitCastExpr>())
      Object = Code.parentOf(*Cast);
    if (const auto *Member = Object.get<MemberExpr>()) {
      const auto *Call = Code.parentOf(*Member).get<CXXMemberCallExpr>();
      const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
      const QualType Result = Call ? Call->getType() : QualType();
      if (Method && Method->getIdentifier() &&
          (isInNameList(NameList::TaskStoreMembers, Method->getName()) ||
           (Method->isConst() && Result->isScalarType())))
        continue;
    }
    // Captured by a lambda: the uses in its body decide.
    if (Object.get<LambdaExpr>())
      continue;
    const std::optional<Placement> Driven =
        placeTaskDrivers(Use, Function, AllowAwait, Depth);
    if (!Driven)
      return std::nullopt;
    if (!Result)
      Result = Driven;
  }
  return Result;
}

std::optional<Placement> PlacementAnalysis::placeDriver(const Stmt *Driver,
                                                        const Decl *Within,
                                                        bool AwaitDriver) {
  Placement Around = classify(Driver, Within);
  if (AwaitDriver ? !Around.offLoop()
                  : Around.onLoop() || Around.Context == CodeContext::Unknown)
    return std::nullopt;
  if (!Around.Cause)
    Around.Cause = dyn_cast<Expr>(Driver);
  return Around;
}

bool PlacementAnalysis::isSyncWait(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || isa<CXXMethodDecl>(Callee))
    return false;
  if (Known.findCall(Call, EntryKind::RunsToCompletion))
    return true;
  const CatalogEntry *Wait = Waits.find(Call);
  return Wait && Wait->Category == BlockingCategory::SyncWait;
}

bool PlacementAnalysis::isCollectAll(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || isa<CXXMethodDecl>(Callee) || Known.isOffload(Call) ||
      !Awaitables.classifyByShape(Call->getType()).IsAwaitable)
    return false;
  // A project coroutine taking the task is a coroutine calling it: unknown.
  const FunctionDecl *Definition = nullptr;
  if (Callee->hasBody(Definition) &&
      isa_and_nonnull<CoroutineBodyStmt>(Definition->getBody()) &&
      !Context.getSourceManager().isInSystemHeader(Definition->getLocation()))
    return false;
  // An executor among the arguments says where the tasks run instead.
  return llvm::none_of(Call->arguments(), [this](const Expr *Arg) {
    return Known.isExecutorLike(Arg->getType()) ||
           Known.findLoopAffineType(Arg->getType().getNonReferenceType());
  });
}

bool PlacementAnalysis::awaitsLoopIo(const FunctionDecl *Coroutine,
                                     unsigned Depth) {
  const FunctionDecl *Definition = nullptr;
  if (!Coroutine->hasBody(Definition) || Depth > 3)
    return false;
  // I/O bound to a loop is an operation on a loop-affine object or one given
  // a coroutine token.
  if (!MayAwaitLoopIo)
    MayAwaitLoopIo =
        Known.mayDeclareClassOf(EntryKind::LoopAffineType, Context) ||
        Known.mayDeclareClassOf(EntryKind::CoroutineToken, Context);
  if (!*MayAwaitLoopIo)
    return false;
  auto IsLoopAffine = [this](QualType Type) {
    Type = Type.getNonReferenceType();
    if (!Type->getPointeeType().isNull())
      Type = Type->getPointeeType();
    return Known.findLoopAffineType(Type) != nullptr;
  };
  llvm::SmallVector<const Stmt *, 32> Work{Definition->getBody()};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S || isa<LambdaExpr>(S))
      continue;
    pushChildren(Work, S);
    const Expr *Operand = nullptr;
    if (const auto *Await = dyn_cast<CoawaitExpr>(S))
      Operand = Await->getOperand();
    else if (const auto *Dependent = dyn_cast<DependentCoawaitExpr>(S))
      Operand = Dependent->getOperand();
    const auto *Call = Operand ? dyn_cast<CallExpr>(
                                     Operand->IgnoreImplicit()->IgnoreParens())
                               : nullptr;
    if (!Call)
      continue;
    if (Known.findLoopAffineUse(Call))
      return true;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
        Member && IsLoopAffine(Member->getObjectType()))
      return true;
    if (llvm::any_of(Call->arguments(), [&](const Expr *Arg) {
          return Known.isCoroutineToken(Arg->getType()) ||
                 IsLoopAffine(Arg->getType());
        }))
      return true;
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee && Callee != Coroutine && isTaskCoroutine(Callee) &&
        !Context.getSourceManager().isInSystemHeader(Callee->getLocation()) &&
        awaitsLoopIo(Callee, Depth + 1))
      return true;
  }
  return false;
}

void PlacementAnalysis::collectProjectCode() {
  if (ProjectCodeCollected)
    return;
  ProjectCodeCollected = true;
  ProjectCodeCollector Found(Context.getSourceManager());
  Found.TraverseDecl(Context.getTranslationUnitDecl());
  ProjectCalls = std::move(Found.Calls);
  for (const auto &[Reference, Function, Within] : Found.References)
    References[referenceKey(Function)].push_back({Reference, Within});
}

Placement PlacementAnalysis::applySwitches(Placement Start,
                                          llvm::ArrayRef<const Stmt *> Path) {
  // The closest switch before S in S's block, else in the enclosing blocks.
  for (size_t I = 0; I + 1 < Path.size(); ++I) {
    const auto *Block = dyn_cast<CompoundStmt>(Path[I + 1]);
    if (!Block)
      continue;
    const auto *Position = llvm::find(Block->body(), Path[I]);
    while (Position != Block->body_begin()) {
      --Position;
      const Expr *Await = Switches.lastSwitchIn(*Position);
      const std::optional<Resumption> Resumed =
          Await ? Switches.classifyResumption(Await) : std::nullopt;
      if (!Resumed)
        continue;
      if (Resumed->OnOwnExecutor) {
        Start.Cause = Await;
        return Start;
      }
      Placement Switched =
          placementFor(Resumed->Place, CodeContext::CoroutineBody,
                       CodeContext::AfterSwitchOffLoop, Await);
      Switched.Coroutine = Start.Coroutine;
      Switched.Body = Start.Body;
      return Switched;
    }
  }
  return Start;
}

std::optional<Placement>
PlacementAnalysis::classifyOffload(const Expr *Call) const {
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
  return placementFor(Executor ? Switches.classifyExecutor(Executor)
                               : ExecutorPlace::Unknown,
                      CodeContext::PostedToLoop, CodeContext::OffLoopThread, C);
}

Placement PlacementAnalysis::classifyLambda(const LambdaExpr *Lambda) {
  if (auto Known = Lambdas.find(Lambda); Known != Lambdas.end())
    return Known->second;
  // Provisional answer while the uses are looked at.
  Lambdas[Lambda] = {CodeContext::Unknown};
  const VarDecl *BoundTo = nullptr;
  llvm::ArrayRef<ParentNode> Ancestors = Parents.lambdaAncestors(Lambda);
  const std::optional<Placement> Use = classifyUse(
      Lambda,
      [&Ancestors] {
        if (Ancestors.empty())
          return DynTypedNode();
        const DynTypedNode Parent = nodeOf(Ancestors.front());
        Ancestors = Ancestors.drop_front();
        return Parent;
      },
      BoundTo);
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
PlacementAnalysis::classifyUse(const Expr *Use,
                              llvm::function_ref<DynTypedNode()> NextParent,
                              const VarDecl *&BoundTo) {
  const Stmt *Child = Use;
  while (true) {
    const DynTypedNode Parent = NextParent();
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
      if (!(Callee &&
            (isa<CXXConversionDecl>(Callee) || isStdMoveOrForward(Callee)))) {
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
  }
}

bool PlacementAnalysis::runsCallablesInPlace(const FunctionDecl *Callee) const {
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

Placement PlacementAnalysis::classifyVariableUses(const VarDecl *Closure) {
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
      const CodeParents &Code = Parents.around(Closure);
      DynTypedNode Node = DynTypedNode::create(*Ref);
      std::optional<Placement> Use = classifyUse(
          Ref,
          [&Code, &Node] {
            Node = Code.parentOf(Node);
            return Node;
          },
          Ignored);
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
    pushChildren(Work, S);
  }
  return Offloaded.value_or(Placement{CodeContext::Unknown});
}

bool PlacementAnalysis::runsLoop(const Stmt *Body) {
  if (auto Cached = RunsLoop.find(Body); Cached != RunsLoop.end())
    return Cached->second;
  // Provisional answer while the callees are looked at.
  RunsLoop[Body] = false;
  const bool Runs = runsLoopWithin(Body, 0, nullptr);
  RunsLoop[Body] = Runs;
  return Runs;
}

bool PlacementAnalysis::runsLoopHere(
    const Stmt *Body, llvm::SmallVectorImpl<const FunctionDecl *> &Elsewhere) {
  const bool Runs = runsLoopWithin(Body, 0, &Elsewhere);
  if (Runs)
    Elsewhere.clear();
  return Runs;
}

bool PlacementAnalysis::runsLoop(const FunctionDecl *Function) {
  const FunctionDecl *Definition = nullptr;
  if (Function->hasBody(Definition))
    return runsLoop(Definition->getBody());
  const FunctionSummary *Summary = summaryOf(Function);
  return Summary && Summary->RunsLoop;
}

const FunctionSummary *
PlacementAnalysis::summaryOf(const FunctionDecl *Function) {
  if (!Summaries)
    return nullptr;
  Function = Function->getCanonicalDecl();
  auto [Found, Inserted] = SummaryOf.try_emplace(Function, nullptr);
  if (Inserted && mayBeDefinedInAnotherTU(Function))
    Found->second = Summaries->find(summaryKey(Function));
  return Found->second;
}

bool PlacementAnalysis::runsLoopWithin(
    const Stmt *Body, unsigned Depth,
    llvm::SmallVectorImpl<const FunctionDecl *> *Elsewhere) {
  bool Runs = false;
  llvm::SmallVector<const FunctionDecl *, 4> Callees;
  forEachInlineStmt(Body, [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (Call && Known.runsLoop(Call)) {
      Runs = true;
      return;
    }
    // Project functions; lambdas run inline are part of this code already.
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    // A function of another TU: its summary tells.
    if (const FunctionSummary *Summary = Callee ? summaryOf(Callee) : nullptr;
        Summary && Summary->RunsLoop) {
      Runs = true;
      return;
    }
    const FunctionDecl *Definition = nullptr;
    if (Elsewhere && mayBeDefinedInAnotherTU(Callee))
      Elsewhere->push_back(Callee);
    if (Callee && Callee->hasBody(Definition) && !Definition->isInvalidDecl() &&
        !(isa<CXXMethodDecl>(Definition) &&
          cast<CXXMethodDecl>(Definition)->getParent()->isLambda()) &&
        !Context.getSourceManager().isInSystemHeader(Definition->getLocation()))
      Callees.push_back(Definition);
  });
  // A helper that runs the loop (run_server(io)) makes a loop thread too; the
  // contexts it runs are its own parameters, not told apart here.
  if (!Runs && Depth < 3) {
    for (const FunctionDecl *Callee : Callees)
      if (!isTaskCoroutine(Callee) &&
          runsLoopWithin(Callee->getBody(), Depth + 1, Elsewhere))
        return true;
  }
  return Runs;
}

/// Whether \p Body has a call, a construction or a declaration (whose
/// destructor may run code) anywhere in it.
static bool mayRunAnything(const Stmt *Body) {
  return anyStmtWithin(Body, [](const Stmt *S) {
    return isa<CallExpr, CXXConstructExpr, DeclStmt>(S);
  });
}

void PlacementAnalysis::forEachInlineStmt(
    const Stmt *Body, llvm::function_ref<void(const Stmt *)> Visit) {
  llvm::SmallVector<const Stmt *, 32> Work{Body};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S || isUnevaluatedOperand(S))
      continue;
    Visit(S);
    // The children go on the stack in order, then are turned around: the
    // first is visited first.
    const size_t FirstChild = Work.size();
    if (const auto *Coroutine = dyn_cast<CoroutineBodyStmt>(S)) {
      Work.push_back(Coroutine->getBody());
    } else if (const auto *Suspend = dyn_cast<CoroutineSuspendExpr>(S)) {
      Work.push_back(Suspend->getOperand());
    } else if (const auto *Await = dyn_cast<DependentCoawaitExpr>(S)) {
      Work.push_back(Await->getOperand());
    } else if (const auto *Return = dyn_cast<CoreturnStmt>(S)) {
      Work.push_back(Return->getOperand());
    } else if (const auto *If = dyn_cast<IfStmt>(S); If && If->isConstexpr()) {
      Work.push_back(If->getInit());
      if (std::optional<const Stmt *> Taken =
              If->getNondiscardedCase(Context)) {
        Work.push_back(*Taken);
      } else {
        Work.push_back(If->getThen());
        Work.push_back(If->getElse());
      }
    } else if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
      llvm::append_range(Work, Lambda->capture_inits());
      if (!isTaskCoroutine(Lambda->getCallOperator()) &&
          mayRunAnything(Lambda->getBody()) &&
          classifyLambda(Lambda).Context == CodeContext::InlineLambda)
        Work.push_back(Lambda->getBody());
    } else {
      pushChildren(Work, S);
    }
    std::reverse(Work.begin() + FirstChild, Work.end());
  }
}

bool PlacementAnalysis::isLambdaWrittenIn(const FunctionDecl *Callee,
                                         const FunctionDecl *Function) {
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Callee);
  if (!Method || !Function || !Method->getParent()->isLambda())
    return false;
  for (const DeclContext *Scope = Method->getParent()->getDeclContext(); Scope;
       Scope = Scope->getParent()) {
    if (const auto *Enclosing = dyn_cast<FunctionDecl>(Scope);
        Enclosing &&
        Enclosing->getCanonicalDecl() == Function->getCanonicalDecl())
      return true;
  }
  return false;
}

bool PlacementAnalysis::isHandedOff(const FunctionDecl *Function) {
  // A generic lambda's specialization: the closure is the pattern's.
  if (const FunctionDecl *Pattern = Function->getTemplateInstantiationPattern())
    Function = Pattern;
  const LambdaExpr *Lambda = Parents.lambdaOf(Function);
  if (!Lambda)
    return false;
  const Placement Use = classifyLambda(Lambda);
  return Use.Context != CodeContext::InlineLambda && Use.Cause &&
         classifyOffload(Use.Cause);
}

Placement PlacementAnalysis::placeFunctionBody(const FunctionDecl *Function) {
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

void PlacementAnalysis::indexThreadEntries() {
  if (ThreadEntriesIndexed)
    return;
  ThreadEntriesIndexed = true;
  collectProjectCode();
  for (const Expr *Call : ProjectCalls) {
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
      if (Result.Context == CodeContext::OffLoopThread && runsLoop(Entry))
        Result.Context = CodeContext::LoopThread;
      ThreadEntries[Entry->getCanonicalDecl()] = Result;
    }
  }
}

} // namespace clang::tidy::coroguard
