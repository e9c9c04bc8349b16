//===--- LoopThreads.cpp - which thread runs a loop, until joined ---------===//

#include "LoopThreads.h"
#include "Expressions.h"
#include "Summaries.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include <algorithm>

namespace clang::tidy::coroguard {

const ValueDecl *LoopThreads::loopOf(const Expr *Object) {
  return executorRoot(Object, 0);
}

const ValueDecl *LoopThreads::executorRoot(const Expr *E, unsigned Depth) {
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

const ValueDecl *LoopThreads::executorRootOf(const ValueDecl *D,
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
        !Init && Class && Class->hasDefinition()) {
      for (const CXXConstructorDecl *Constructor : Class->ctors()) {
        for (const CXXCtorInitializer *Initializer : Constructor->inits())
          if (!Init && Initializer->isWritten() &&
              Initializer->getMember() == Field)
            Init = Initializer->getInit();
      }
    }
  } else {
    return nullptr;
  }
  // An object made from a context (or something made from one) belongs to
  // it; an object made from nothing such is the context itself.
  if (const ValueDecl *Root = Init ? executorRoot(Init, Depth + 1) : nullptr)
    return Root;
  return cast<ValueDecl>(D->getCanonicalDecl());
}

const ValueDecl *LoopThreads::handleOf(const Expr *E) {
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

bool LoopThreads::startsLoopThread(const Expr *Start,
                                        const ValueDecl *Loop) {
  std::optional<Placement> Offloaded = Where.classifyOffload(Start);
  if (!Offloaded || Offloaded->Context != CodeContext::OffLoopThread)
    return false;
  llvm::ArrayRef<const Expr *> Args;
  if (const auto *C = dyn_cast<CallExpr>(Start))
    Args = {C->getArgs(), C->getNumArgs()};
  else if (const auto *Construct = dyn_cast<CXXConstructExpr>(Start))
    Args = {Construct->getArgs(), Construct->getNumArgs()};
  auto Runs = [&](llvm::ArrayRef<RunLoop> Loops) {
    return llvm::any_of(Loops, [&](const RunLoop &Run) { return Run.is(Loop); });
  };
  for (unsigned I = 0; I < Args.size(); ++I) {
    if (const auto *Lambda = dyn_cast<LambdaExpr>(stripObject(Args[I]))) {
      if (Where.classifyLambda(Lambda).Context == CodeContext::LoopThread &&
          Runs(loopsRunBy(Lambda->getBody())))
        return true;
    } else if (const FunctionDecl *Entry = functionNamedBy(Args[I]);
               Entry && Where.runsLoop(Entry)) {
      // std::thread(serve, std::ref(ioc)): the arguments after the function
      // are its parameters' (after the object, for a member function).
      const auto *Method = dyn_cast<CXXMethodDecl>(Entry);
      const unsigned Skipped =
          I + 1 + (Method && Method->isInstance() ? 1 : 0);
      llvm::SmallVector<RunLoop, 2> Loops;
      collectLoopsOfCall(Entry, Args.drop_front(std::min<size_t>(
                                    Skipped, Args.size())),
                         0, Loops);
      if (Runs(Loops))
        return true;
    }
  }
  return false;
}

bool LoopThreads::RunLoop::is(const ValueDecl *Loop) const {
  if (Variable)
    return Variable == Loop;
  return !GlobalKey.empty() && GlobalKey == globalKey(Loop);
}

llvm::SmallVector<LoopThreads::RunLoop, 2>
LoopThreads::loopsRunBy(const Stmt *Body) {
  llvm::SmallVector<RunLoop, 2> Loops;
  collectLoopsRunBy(Body, 0, Loops);
  return Loops;
}

void LoopThreads::collectLoopsRunBy(const Stmt *Body, unsigned Depth,
                                    llvm::SmallVectorImpl<RunLoop> &Out) {
  Where.forEachInlineStmt(Body, [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call)
      return;
    if (Known.runsLoop(Call)) {
      if (const ValueDecl *Loop = loopOf(executorOf(Call)))
        Out.push_back({cast<ValueDecl>(Loop->getCanonicalDecl()), ""});
      return;
    }
    // A member operator's first argument is its object.
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || isa<CXXOperatorCallExpr>(Call) ||
        Context.getSourceManager().isInSystemHeader(Callee->getLocation()))
      return;
    collectLoopsOfCall(Callee, {Call->getArgs(), Call->getNumArgs()}, Depth,
                       Out);
  });
}

void LoopThreads::collectLoopsOfCall(const FunctionDecl *Callee,
                                     llvm::ArrayRef<const Expr *> Args,
                                     unsigned Depth,
                                     llvm::SmallVectorImpl<RunLoop> &Out) {
  auto Argument = [&](unsigned Parameter) -> const ValueDecl * {
    const ValueDecl *Loop =
        Parameter < Args.size() ? loopOf(Args[Parameter]) : nullptr;
    return Loop ? cast<ValueDecl>(Loop->getCanonicalDecl()) : nullptr;
  };
  const FunctionDecl *Definition = nullptr;
  if (!Callee->hasBody(Definition)) {
    const FunctionSummary *Summary = Where.summaryOf(Callee);
    if (!Summary || !Summary->RunsLoop)
      return;
    for (const std::string &Key : Summary->LoopGlobals)
      Out.push_back({nullptr, Key});
    for (const unsigned Parameter : Summary->LoopParameters)
      if (const ValueDecl *Loop = Argument(Parameter))
        Out.push_back({Loop, ""});
    return;
  }
  if (Depth >= 3 || Definition->isInvalidDecl() ||
      Where.isTaskCoroutine(Definition))
    return;
  llvm::SmallVector<RunLoop, 2> Inner;
  collectLoopsRunBy(Definition->getBody(), Depth + 1, Inner);
  for (RunLoop &Run : Inner) {
    const auto *Parameter = dyn_cast_or_null<ParmVarDecl>(Run.Variable);
    if (!Parameter) {
      Out.push_back(std::move(Run));
    } else if (Parameter->getDeclContext() == Definition) {
      if (const ValueDecl *Loop =
              Argument(Parameter->getFunctionScopeIndex()))
        Out.push_back({Loop, ""});
    }
  }
}

std::optional<LoopThreads::LoopThreadStart>
LoopThreads::loopThreadRunningAt(const Stmt *S, const Decl *Within,
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
      if (!Node || isUnevaluatedOperand(Node))
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
        if (Where.classifyOffload(Call))
          Starts.push_back(Call);
      }
      pushChildren(Work, Node);
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
      const LambdaExpr *Lambda = Parents.lambdaOf(Function);
      if (!Lambda || Function->getBody() != Child ||
          Where.classifyLambda(Lambda).Context != CodeContext::InlineLambda)
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

bool LoopThreads::isSetupBeforeLoopStarts(const Stmt *S, const Decl *Within,
                                          const Expr *Object) {
  const ValueDecl *Loop = S && Within ? loopOf(Object) : nullptr;
  if (!Loop || loopThreadRunningAt(S, Within, Object))
    return false;
  Loop = cast<ValueDecl>(Loop->getCanonicalDecl());
  const CodeParents &Code = Parents.around(Within);
  // Whether \p Part starts an asynchronous operation on an object of the
  // loop, or (with \p Starts) a thread running it.
  auto Holds = [&](const Stmt *Part, bool Starts) {
    llvm::SmallVector<const Stmt *, 32> Work{Part};
    while (!Work.empty()) {
      const Stmt *Node = Work.pop_back_val();
      if (!Node || isa<LambdaExpr>(Node))
        continue;
      pushChildren(Work, Node);
      const auto *Call = dyn_cast<Expr>(Node);
      if (!isa_and_nonnull<CallExpr, CXXConstructExpr>(Call))
        continue;
      if (Starts) {
        if (Where.classifyOffload(Call) && startsLoopThread(Call, Loop))
          return true;
        continue;
      }
      const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
      const CXXMethodDecl *Method = Member ? Member->getMethodDecl() : nullptr;
      if (Method && Method->getIdentifier() &&
          Method->getName().starts_with("async_") &&
          loopOf(Member->getImplicitObjectArgument()) == Loop)
        return true;
    }
    return false;
  };
  bool StartsAfter = false;
  const Stmt *Child = S;
  DynTypedNode Node = DynTypedNode::create(*S);
  while (true) {
    const DynTypedNode Parent = Code.parentOf(Node);
    // Up to S's function, not through the lambdas around it.
    if (isNull(Parent) || Parent.get<FunctionDecl>())
      return StartsAfter;
    if (const auto *Block = Parent.get<CompoundStmt>()) {
      const auto *Position = llvm::find(Block->body(), Child);
      for (const auto *Before = Block->body_begin(); Before != Position;
           ++Before)
        if (Holds(*Before, /*Starts=*/false))
          return false;
      for (const auto *After = Position; After != Block->body_end(); ++After)
        if (After != Position && !StartsAfter)
          StartsAfter = Holds(*After, /*Starts=*/true);
    }
    if (const auto *ParentStmt = Parent.get<Stmt>())
      Child = ParentStmt;
    Node = Parent;
  }
}

} // namespace clang::tidy::coroguard
