//===--- PendingAwaitables.cpp - awaitables nothing awaits ---------------===//

#include "PendingAwaitables.h"
#include "Expressions.h"
#include "catalog/Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include <algorithm>

namespace clang::tidy::coroguard {
namespace {

/// Skips parentheses and the nodes Sema adds around a call (temporaries,
/// cleanups).
const Expr *skipImplicit(const Expr *E) {
  while (true) {
    const Expr *Next = E->IgnoreImplicit()->IgnoreParens();
    if (Next == E)
      return E;
    E = Next;
  }
}

/// The source range of a call as written; CallExpr::getBeginLoc() would start
/// an operator call such as `lambda()` at its operator.
SourceRange callRange(const CallExpr *Call) {
  return static_cast<const Stmt *>(Call)->getSourceRange();
}

/// Looks through what does not change which callable is meant: conversions to
/// std::function and friends, std::move/std::forward, and taking a function's
/// address.
const Expr *callableCore(const Expr *E) {
  while (true) {
    E = skipImplicit(E);
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
        Construct && Construct->getNumArgs() >= 1 &&
        (Construct->getNumArgs() == 1 ||
         isa<CXXDefaultArgExpr>(Construct->getArg(1))) &&
        !Construct->isListInitialization() &&
        Construct->getConstructor()->isConvertingConstructor(
            /*AllowExplicit=*/true)) {
      E = Construct->getArg(0);
      continue;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E);
        Call && Call->getNumArgs() == 1 &&
        isStdFunctionIn(Call->getDirectCallee(),
                        NameList::StdForwardingCasts)) {
      E = Call->getArg(0);
      continue;
    }
    if (const auto *AddressOf = dyn_cast<UnaryOperator>(E);
        AddressOf && AddressOf->getOpcode() == UO_AddrOf) {
      E = AddressOf->getSubExpr();
      continue;
    }
    return E;
  }
}

bool hasNonDependentClassType(const VarDecl &Var) {
  const QualType Type = Var.getType().getNonReferenceType();
  return !Type->isDependentType() && Type->getAsCXXRecordDecl();
}

/// False for a type no callable has: a scalar other than a pointer to a
/// function (a number, an enumerator, a pointer to an object).
bool mayBeCallable(QualType Type) {
  return !Type->isScalarType() || Type->isFunctionPointerType();
}

/// A lambda or a named function or object, maybe converted or moved: what a
/// callable argument is taken to be.
bool isCallableArgument(const Expr &Arg) {
  const Expr *Core = callableCore(&Arg);
  return isa<LambdaExpr>(Core) || isa<DeclRefExpr>(Core);
}

bool isCoroutine(const FunctionDecl *Function) {
  return Function && isa_and_nonnull<CoroutineBodyStmt>(Function->getBody());
}

/// The result type of calling \p Type's single non-template call operator.
QualType callOperatorResult(QualType Type) {
  Type = Type.getNonReferenceType();
  if (const auto *Function =
          Type->getPointeeOrArrayElementType()->getAs<FunctionProtoType>())
    return Function->getReturnType();
  const CXXRecordDecl *Record = Type->getAsCXXRecordDecl();
  if (!Record || !Record->hasDefinition())
    return {};
  if (Record->isLambda()) {
    if (Record->isGenericLambda())
      return {};
    return Record->getLambdaCallOperator()->getReturnType();
  }
  const CXXMethodDecl *Only = nullptr;
  for (const CXXMethodDecl *Method : Record->methods()) {
    if (Method->getOverloadedOperator() != OO_Call)
      continue;
    if (Only)
      return {};
    Only = Method;
  }
  return Only ? Only->getReturnType() : QualType();
}

/// What calling the callable \p Core returns; null if unknown or a reference.
QualType callableResult(const Expr *Core) {
  QualType Result;
  if (const auto *Lambda = dyn_cast<LambdaExpr>(Core))
    Result = Lambda->getCallOperator()->getReturnType();
  else if (const auto *Ref = dyn_cast<DeclRefExpr>(Core)) {
    if (const auto *Function = dyn_cast<FunctionDecl>(Ref->getDecl()))
      Result = Function->getReturnType();
    else
      Result = callOperatorResult(Ref->getType());
  }
  if (Result.isNull() || Result->isDependentType() ||
      Result->isUndeducedType() || Result->isReferenceType() ||
      !Result->getAsCXXRecordDecl())
    return {};
  return Result;
}

/// Names the callable \p Core for a message: "coroutine lambda", "'handler'".
std::string describeCallable(const Expr *Core) {
  if (const auto *Lambda = dyn_cast<LambdaExpr>(Core))
    return isCoroutine(Lambda->getCallOperator()) ? "coroutine lambda"
                                                  : "lambda";
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Core))
    return "'" + Ref->getDecl()->getNameAsString() + "'";
  return "callable";
}

/// Names a function that takes a callable: "'each'", "a lambda".
std::string describeCallee(const FunctionDecl &Callee) {
  if (const auto *Method = dyn_cast<CXXMethodDecl>(&Callee);
      Method && Method->getParent()->isLambda())
    return "a lambda";
  return "'" + Callee.getNameAsString() + "'";
}

/// Names what a call calls, in words that do not vary between template
/// instantiations: "'fetch'", "the immediately invoked coroutine lambda".
std::string describeCall(const CallExpr *Call) {
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Call);
      Operator && Operator->getOperator() == OO_Call) {
    const Expr *Object = skipImplicit(Operator->getArg(0));
    if (const auto *Lambda = dyn_cast<LambdaExpr>(Object))
      return isCoroutine(Lambda->getCallOperator())
                 ? "the immediately invoked coroutine lambda"
                 : "the immediately invoked lambda";
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Object))
      return "'" + Ref->getDecl()->getNameAsString() + "'";
    if (const auto *Member = dyn_cast<MemberExpr>(Object))
      return "'" + Member->getMemberDecl()->getNameAsString() + "'";
  }
  if (const FunctionDecl *Callee = Call->getDirectCallee())
    return "'" + Callee->getNameAsString() + "'";
  if (const auto *Ref = dyn_cast<DeclRefExpr>(skipImplicit(Call->getCallee())))
    return "'" + Ref->getDecl()->getNameAsString() + "'";
  return "the call";
}

/// The parameter of the enclosing function that \p Call calls: `f()`,
/// `std::forward<F>(f)()`, `std::invoke(f, ...)`.
/// An explicit call of the await protocol (x.operator co_await(),
/// a.await_resume()): code driving an awaiter by hand, not a task started.
bool isAwaitProtocolCall(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return false;
  if (Callee->getOverloadedOperator() == OO_Coawait)
    return true;
  return Callee->getIdentifier() &&
         llvm::is_contained({"await_ready", "await_suspend", "await_resume"},
                            Callee->getName());
}

const ParmVarDecl *calledParameter(const CallExpr *Call) {
  const Expr *Callee = Call->getCallee();
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Call)) {
    if (Operator->getOperator() != OO_Call)
      return nullptr;
    Callee = Operator->getArg(0);
  } else if (isStdFunctionIn(Call->getDirectCallee(), NameList::StdInvokers) &&
             Call->getNumArgs() > 0) {
    Callee = Call->getArg(0);
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(callableCore(Callee)))
    return dyn_cast<ParmVarDecl>(Ref->getDecl());
  return nullptr;
}

/// The called function says its result must be used: for an eager result, the
/// framework's statement that dropping it is a bug.
bool calleeIsNodiscard(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  return Callee && Callee->hasAttr<WarnUnusedResultAttr>();
}

/// True if \p Lambda is an argument of a call to an assert_throws-like
/// function.
bool isPassedToThrowAssertion(const LambdaExpr &Lambda,
                              const CodeParents &Code) {
  DynTypedNode Node = DynTypedNode::create(Lambda);
  while (true) {
    Node = Code.parentOf(Node);
    if (isNull(Node))
      return false;
    if (const auto *Call = Node.get<CallExpr>()) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      return Callee && Callee->getIdentifier() &&
             isThrowAssertionName(Callee->getName());
    }
    const auto *Wrapper = Node.get<Expr>();
    if (!Wrapper ||
        !(isa<ImplicitCastExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr,
              ExprWithCleanups, ParenExpr, CXXConstructExpr>(Wrapper)))
      return false;
  }
}

/// Whether \p Arg is the last argument of \p Call written in the source
/// (defaulted trailing parameters such as SFINAE constraints do not count).
bool isLastWrittenArgument(const Expr *Call, const Expr *Arg) {
  llvm::ArrayRef<const Expr *> Args;
  if (const auto *FunctionCall = dyn_cast<CallExpr>(Call))
    Args = llvm::ArrayRef(FunctionCall->getArgs(), FunctionCall->getNumArgs());
  else if (const auto *Construct = dyn_cast<CXXConstructExpr>(Call))
    Args = llvm::ArrayRef(Construct->getArgs(), Construct->getNumArgs());
  while (!Args.empty() && isa<CXXDefaultArgExpr>(Args.back()))
    Args = Args.drop_back();
  return !Args.empty() && skipImplicit(Args.back()) == skipImplicit(Arg);
}

/// std::function<void(...)> and the like: the call operator drops the result.
bool isVoidFunctionWrapper(QualType Type) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      Type.getNonReferenceType()->getAsCXXRecordDecl());
  if (!Spec || !Spec->isInStdNamespace() || !Spec->getIdentifier() ||
      !isInNameList(NameList::StdFunctionWrappers, Spec->getName()))
    return false;
  const TemplateArgumentList &Args = Spec->getTemplateArgs();
  if (Args.size() == 0 || Args[0].getKind() != TemplateArgument::Type)
    return false;
  const auto *Signature = Args[0].getAsType()->getAs<FunctionProtoType>();
  return Signature && Signature->getReturnType()->isVoidType();
}


} // namespace
/// Reads the code of one owner as the MatchFinder traverses it (implicit code
/// and template instantiations included, of a coroutine's implicit code and a
/// lambda's closure only what may hold the program's code) and hands the
/// analysis the expressions whose value is dropped, the local variables and
/// the callable arguments, with where each is (where()). A
/// RecursiveASTVisitor: its data recursion keeps deeply nested expressions
/// off the stack; the nodes it would only walk through are walked by a plain
/// loop (readCode), for less.
class PendingAwaitables::CodeReader
    : public RecursiveASTVisitor<PendingAwaitables::CodeReader> {
public:
  explicit CodeReader(PendingAwaitables &Analysis) : Analysis(Analysis) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }

  // The references to the locals that hold an awaitable: a local is declared
  // before the code that refers to it, so it is known by then.
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      Analysis.noteReference(Var, /*Evaluated=*/UnevaluatedDepth == 0);
    return true;
  }
  // Statements are taken from a queue, not traversed by nested calls: an
  // unevaluated operand lasts from entering its statement to leaving it.
  // A plain node (visitPlainNode) is read here with what it holds, and
  // taken off the queue.
  bool dataTraverseStmtPre(Stmt *S) {
    if (isUnevaluatedOperand(S)) {
      ++UnevaluatedDepth;
      return true;
    }
    if (isa<CXXCatchStmt>(S)) {
      if (!Frames.empty())
        ++Frames.back().CatchHandlers;
      return true;
    }
    if (!visitPlainNode(S))
      return true;
    llvm::SmallVector<Stmt *, 16> Work;
    queueChildren(S, Work);
    readCode(Work);
    return false;
  }
  bool dataTraverseStmtPost(Stmt *S) {
    if (isUnevaluatedOperand(S))
      --UnevaluatedDepth;
    else if (isa<CXXCatchStmt>(S) && !Frames.empty())
      --Frames.back().CatchHandlers;
    return true;
  }
  // A function's code; a lambda's call operator's with its lambda (not a
  // generic lambda's specialization's: a walk up from that does not find the
  // lambda).
  bool TraverseDecl(Decl *D) {
    auto *Function = dyn_cast_or_null<FunctionDecl>(D);
    if (!Function)
      return RecursiveASTVisitor::TraverseDecl(D);
    const LambdaExpr *Lambda =
        !Frames.empty() && Frames.back().Lambda &&
                Frames.back().Lambda->getCallOperator() == Function
            ? Frames.back().Lambda
            : nullptr;
    Frames.push_back({Function, Lambda, 0});
    const bool Result = RecursiveASTVisitor::TraverseDecl(D);
    Frames.pop_back();
    return Result;
  }
  bool TraverseStaticAssertDecl(StaticAssertDecl *D) {
    return unevaluated(
        [&] { return RecursiveASTVisitor::TraverseStaticAssertDecl(D); });
  }
  // decltype and other expressions inside types.
  bool TraverseTypeLoc(TypeLoc TL, bool TraverseQualifier = true) {
    return unevaluated([&] {
      return RecursiveASTVisitor::TraverseTypeLoc(TL, TraverseQualifier);
    });
  }

  // The last statement of a statement expression's block gives it its value;
  // the others drop theirs. A node is visited before the nodes inside it: the
  // block is known when it is visited.
  bool VisitStmtExpr(StmtExpr *S) {
    ValueBlocks.insert(S->getSubStmt());
    return true;
  }
  bool VisitCompoundStmt(CompoundStmt *S) {
    llvm::ArrayRef<Stmt *> Dropping(S->body_begin(), S->body_end());
    if (!Dropping.empty() && ValueBlocks.contains(S))
      Dropping = Dropping.drop_back();
    for (Stmt *Child : Dropping)
      statement(Child);
    return true;
  }
  bool VisitIfStmt(IfStmt *S) {
    statement(S->getThen());
    statement(S->getElse());
    return true;
  }
  bool VisitWhileStmt(WhileStmt *S) {
    statement(S->getBody());
    return true;
  }
  bool VisitDoStmt(DoStmt *S) {
    statement(S->getBody());
    return true;
  }
  bool VisitCXXForRangeStmt(CXXForRangeStmt *S) {
    statement(S->getBody());
    return true;
  }
  bool VisitForStmt(ForStmt *S) {
    statement(S->getBody());
    loopClause(S->getInit());
    loopClause(S->getInc());
    return true;
  }
  // A case's label too: it is never a call returning a class.
  bool VisitSwitchCase(SwitchCase *S) {
    for (Stmt *Child : S->children())
      statement(Child);
    return true;
  }
  bool VisitLabelStmt(LabelStmt *S) {
    statement(S->getSubStmt());
    return true;
  }
  // A comma drops the value of its left operand wherever the comma is.
  bool VisitBinaryOperator(BinaryOperator *Op) {
    if (Op->getOpcode() == BO_Comma)
      Analysis.recordDiscarded(Op->getLHS(), /*WholeStatement=*/false,
                               /*CastToVoid=*/false, where());
    return true;
  }

  bool VisitCoawaitExpr(CoawaitExpr *CoAwait) {
    if (const Expr *Operand = CoAwait->getOperand())
      Analysis.Awaitables.noteCoAwaited(Operand->getType());
    return true;
  }

  bool VisitDeclStmt(DeclStmt *Declaration) {
    for (Decl *D : Declaration->decls()) {
      const auto *Var = dyn_cast<VarDecl>(D);
      if (Var && Var->hasLocalStorage() && !Var->isImplicit() &&
          !isa<ParmVarDecl>(Var) && Var->getAnyInitializer() &&
          hasNonDependentClassType(*Var))
        Analysis.recordStored(Var, Declaration, where());
    }
    return true;
  }

  bool VisitCallExpr(CallExpr *Call) {
    const auto *Callee = dyn_cast_or_null<FunctionDecl>(Call->getCalleeDecl());
    if (!Callee)
      return true;
    // The object argument of a member operator has no parameter.
    const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
    const bool HasObjectArgument = isa<CXXOperatorCallExpr>(Call) && Method &&
                                   !Method->isExplicitObjectMemberFunction();
    callableArguments(Call, *Callee,
                      llvm::ArrayRef(Call->getArgs(), Call->getNumArgs())
                          .drop_front(HasObjectArgument ? 1 : 0));
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    if (const CXXConstructorDecl *Constructor = Construct->getConstructor())
      callableArguments(Construct, *Constructor,
                        llvm::ArrayRef(Construct->getArgs(),
                                       Construct->getNumArgs()));
    return true;
  }

  // A coroutine's implicit code (the promise and its calls, the awaiter calls
  // of every co_await, the promise call of a co_return) follows what is
  // written, its first child. Most of a coroutine's nodes are there, and
  // most of them are nodes the traversal visits as a plain walk over their
  // children would: such a walk reads them, in the same order, for less.
  // What is written is traversed from here, not queued: a traversal on the
  // stack per co_await nested in the operand of another, a shallow nesting.
  // Of a co_await's or co_yield's implicit code only the awaiter is read
  // (awaiterCode), of a coroutine's only what may take values
  // (valueTakingCode).
  bool TraverseCoroutineBodyStmt(CoroutineBodyStmt *S,
                                 DataRecursionQueue * /*Queue*/ = nullptr) {
    WalkUpFromCoroutineBodyStmt(S);
    return traverseWrittenThenImplicit(S);
  }
  bool TraverseCoawaitExpr(CoawaitExpr *S,
                           DataRecursionQueue * /*Queue*/ = nullptr) {
    WalkUpFromCoawaitExpr(S);
    return traverseWrittenThenImplicit(S);
  }
  bool TraverseCoyieldExpr(CoyieldExpr *S,
                           DataRecursionQueue * /*Queue*/ = nullptr) {
    WalkUpFromCoyieldExpr(S);
    return traverseWrittenThenImplicit(S);
  }
  bool TraverseCoreturnStmt(CoreturnStmt *S,
                            DataRecursionQueue * /*Queue*/ = nullptr) {
    WalkUpFromCoreturnStmt(S);
    return traverseWrittenThenImplicit(S);
  }

  // A lambda's code: its captures and its call operator (a template's
  // specializations too). The other members of its closure class (copies,
  // the conversion to a function pointer) are the compiler's and hold none
  // of the program's code.
  bool TraverseLambdaExpr(LambdaExpr *S,
                          DataRecursionQueue * /*Queue*/ = nullptr) {
    WalkUpFromLambdaExpr(S);
    // The captures are the lambda's code too, as a walk up from them finds.
    Frames.push_back({S->getCallOperator(), S, 0});
    for (unsigned I = 0, N = S->capture_size(); I != N; ++I)
      TraverseLambdaCapture(S, S->capture_begin() + I,
                            S->capture_init_begin()[I]);
    if (FunctionTemplateDecl *Template = S->getDependentCallOperator())
      TraverseDecl(Template);
    else
      TraverseDecl(S->getCallOperator());
    Frames.pop_back();
    return true;
  }

private:
  bool traverseWrittenThenImplicit(Stmt *S) {
    if (auto *Suspend = dyn_cast<CoroutineSuspendExpr>(S)) {
      TraverseStmt(Suspend->getOperand());
      readImplicitCode(awaiterCode(*Suspend), Suspend->getOperand());
      return true;
    }
    if (auto *Coroutine = dyn_cast<CoroutineBodyStmt>(S)) {
      TraverseStmt(Coroutine->getBody());
      for (Stmt *Implicit : valueTakingCode(*Coroutine))
        readImplicitCode(Implicit);
      return true;
    }
    auto *Return = cast<CoreturnStmt>(S);
    TraverseStmt(Return->getOperand());
    readImplicitCode(Return->getPromiseCall());
    return true;
  }

  /// Reads \p Root as the traversal would: the plain nodes by a walk over
  /// their children, any other node by the traversal. \p ReadOperand, the
  /// operand of the co_await whose awaiter \p Root is, was read already.
  void readImplicitCode(Stmt *Root, const Stmt *ReadOperand = nullptr) {
    if (!Root || Root == ReadOperand)
      return;
    llvm::SmallVector<Stmt *, 16> Work{Root};
    readCode(Work, ReadOperand);
  }
  /// Reads the statements on \p Work, the last first, and what they hold.
  void readCode(llvm::SmallVectorImpl<Stmt *> &Work,
                const Stmt *ReadOperand = nullptr) {
    while (!Work.empty()) {
      Stmt *S = Work.pop_back_val();
      if (!S || S == ReadOperand)
        continue;
      if (!visitPlainNode(S)) {
        TraverseStmt(S);
        continue;
      }
      queueChildren(S, Work);
    }
  }
  /// Puts the children of \p S, a plain node visited already, on \p Work,
  /// the first last; reads those of a co_await at once.
  void queueChildren(Stmt *S, llvm::SmallVectorImpl<Stmt *> &Work) {
    // A co_await, written or implicit (initial_suspend's, final_suspend's).
    if (auto *Suspend = dyn_cast<CoroutineSuspendExpr>(S)) {
      readImplicitCode(Suspend->getOperand());
      readImplicitCode(awaiterCode(*Suspend), Suspend->getOperand());
      return;
    }
    const size_t FirstChild = Work.size();
    for (Stmt *Child : S->children())
      Work.push_back(Child);
    std::reverse(Work.begin() + FirstChild, Work.end());
  }

  /// The implicit code of a co_await or co_yield that may hold what the
  /// program wrote: the awaiter, where an await_transform or operator
  /// co_await call takes the operand. The await_ready, await_suspend and
  /// await_resume calls on the awaiter take nothing written (a coroutine
  /// handle at most) and hold no callable, local or co_await.
  static Stmt *awaiterCode(CoroutineSuspendExpr &Suspend) {
    return Suspend.getCommonExpr();
  }

  /// The implicit code of a coroutine that may take its parameters or
  /// co_await something, in the order of the children: the promise's
  /// construction, the initial and final suspends, the frame's allocation,
  /// the parameters' copies. The rest calls the promise with no argument
  /// (unhandled_exception, return_void, get_return_object), frees the frame
  /// or returns the result.
  static llvm::SmallVector<Stmt *, 8>
  valueTakingCode(CoroutineBodyStmt &Coroutine) {
    llvm::SmallVector<Stmt *, 8> Code{
        Coroutine.getPromiseDeclStmt(), Coroutine.getInitSuspendStmt(),
        Coroutine.getFinalSuspendStmt(), Coroutine.getAllocate()};
    // Held const; the traversal does not change them.
    for (const Stmt *Copy : Coroutine.getParamMoves())
      Code.push_back(const_cast<Stmt *>(Copy));
    return Code;
  }

  /// Visits \p S as the traversal does (every Visit of its class and bases)
  /// if it is a node that the traversal reads as its children only, with
  /// nothing else that may hold code (a qualifier, written template
  /// arguments, a type); false for any other node, left unvisited.
  bool visitPlainNode(Stmt *S) {
    switch (S->getStmtClass()) {
#define COROGUARD_PLAIN_NODE(CLASS)                                            \
  case Stmt::CLASS##Class:                                                     \
    WalkUpFrom##CLASS(cast<CLASS>(S));                                         \
    return true;
      COROGUARD_PLAIN_NODE(CompoundStmt)
      COROGUARD_PLAIN_NODE(IfStmt)
      COROGUARD_PLAIN_NODE(ForStmt)
      COROGUARD_PLAIN_NODE(WhileStmt)
      COROGUARD_PLAIN_NODE(DoStmt)
      COROGUARD_PLAIN_NODE(SwitchStmt)
      COROGUARD_PLAIN_NODE(CaseStmt)
      COROGUARD_PLAIN_NODE(DefaultStmt)
      COROGUARD_PLAIN_NODE(NullStmt)
      COROGUARD_PLAIN_NODE(BreakStmt)
      COROGUARD_PLAIN_NODE(ContinueStmt)
      COROGUARD_PLAIN_NODE(LabelStmt)
      COROGUARD_PLAIN_NODE(ReturnStmt)
      COROGUARD_PLAIN_NODE(CallExpr)
      COROGUARD_PLAIN_NODE(CXXMemberCallExpr)
      COROGUARD_PLAIN_NODE(CXXOperatorCallExpr)
      COROGUARD_PLAIN_NODE(CXXConstructExpr)
      COROGUARD_PLAIN_NODE(CoawaitExpr)
      COROGUARD_PLAIN_NODE(ImplicitCastExpr)
      COROGUARD_PLAIN_NODE(CXXBindTemporaryExpr)
      COROGUARD_PLAIN_NODE(ExprWithCleanups)
      COROGUARD_PLAIN_NODE(OpaqueValueExpr)
      COROGUARD_PLAIN_NODE(ParenExpr)
      COROGUARD_PLAIN_NODE(UnaryOperator)
      COROGUARD_PLAIN_NODE(BinaryOperator)
      COROGUARD_PLAIN_NODE(CompoundAssignOperator)
      COROGUARD_PLAIN_NODE(ConditionalOperator)
      COROGUARD_PLAIN_NODE(ArraySubscriptExpr)
      COROGUARD_PLAIN_NODE(IntegerLiteral)
      COROGUARD_PLAIN_NODE(FloatingLiteral)
      COROGUARD_PLAIN_NODE(StringLiteral)
      COROGUARD_PLAIN_NODE(CharacterLiteral)
      COROGUARD_PLAIN_NODE(CXXBoolLiteralExpr)
      COROGUARD_PLAIN_NODE(CXXNullPtrLiteralExpr)
      COROGUARD_PLAIN_NODE(CXXThisExpr)
#undef COROGUARD_PLAIN_NODE
    case Stmt::MaterializeTemporaryExprClass: {
      auto *Temporary = cast<MaterializeTemporaryExpr>(S);
      // A lifetime-extended one is traversed through its declaration.
      if (Temporary->getLifetimeExtendedTemporaryDecl())
        return false;
      WalkUpFromMaterializeTemporaryExpr(Temporary);
      return true;
    }
    case Stmt::MemberExprClass: {
      auto *Member = cast<MemberExpr>(S);
      if (Member->hasQualifier() || Member->hasExplicitTemplateArgs() ||
          Member->getMemberNameInfo().getNamedTypeInfo())
        return false;
      WalkUpFromMemberExpr(Member);
      return true;
    }
    case Stmt::DeclRefExprClass: {
      auto *Ref = cast<DeclRefExpr>(S);
      if (Ref->hasQualifier() || Ref->hasExplicitTemplateArgs() ||
          Ref->getNameInfo().getNamedTypeInfo())
        return false;
      WalkUpFromDeclRefExpr(Ref);
      return true;
    }
    default:
      return false;
    }
  }

  void statement(Stmt *S) {
    if (const auto *E = dyn_cast_or_null<Expr>(S))
      Analysis.recordDiscarded(E, /*WholeStatement=*/true, /*CastToVoid=*/false,
                               where());
  }
  void loopClause(Stmt *S) {
    if (const auto *E = dyn_cast_or_null<Expr>(S))
      Analysis.recordDiscarded(E, /*WholeStatement=*/false,
                               /*CastToVoid=*/false, where());
  }
  /// The arguments that may be callables, with the parameter each is passed
  /// to; variadic arguments have none.
  void callableArguments(const Expr *Call, const FunctionDecl &Callee,
                         llvm::ArrayRef<const Expr *> Args) {
    const unsigned Count =
        std::min<unsigned>(Args.size(), Callee.getNumParams());
    for (unsigned Index = 0; Index != Count; ++Index) {
      const Expr *Arg = Args[Index]->IgnoreParenCasts();
      if (mayBeCallable(Arg->getType()) && isCallableArgument(*Arg))
        Analysis.recordPassedCallable(Call, Arg, Callee.getParamDecl(Index),
                                      &Callee, where());
    }
  }

  template <typename Traversal> bool unevaluated(Traversal Traverse) {
    ++UnevaluatedDepth;
    const bool Result = Traverse();
    --UnevaluatedDepth;
    return Result;
  }

  /// Where the code being read is: what a walk up from it would find first,
  /// a function (with the lambda it is the call operator of) and the catch
  /// handlers around it in that function.
  EnclosingContext where() const {
    if (Frames.empty())
      return {};
    const Frame &Innermost = Frames.back();
    return {Innermost.Function, Innermost.Lambda,
            Innermost.CatchHandlers != 0};
  }

  PendingAwaitables &Analysis;
  llvm::DenseSet<const CompoundStmt *> ValueBlocks;
  unsigned UnevaluatedDepth = 0;
  /// The functions and lambdas entered, the innermost last.
  struct Frame {
    const FunctionDecl *Function;
    const LambdaExpr *Lambda;
    unsigned CatchHandlers;
  };
  llvm::SmallVector<Frame, 4> Frames;
};

PendingAwaitables::PendingAwaitables(ASTContext &Context,
                                     AwaitableAnalysis &Awaitables,
                                     LocalParents &Parents)
    : Context(Context), Awaitables(Awaitables), Parents(Parents) {}

bool PendingAwaitables::isInThrowAssertion(const EnclosingContext &Where) {
  // Asked of a finding's code only: it builds the parents of the code.
  return Where.Lambda &&
         isPassedToThrowAssertion(
             *Where.Lambda, Parents.around(Where.Lambda->getLambdaClass()));
}

void PendingAwaitables::collect(const Decl &Owner) {
  // The traversal does not change the AST; it only takes it non-const.
  CodeReader(*this).TraverseDecl(const_cast<Decl *>(&Owner));
  // Its references are all counted now: the code of a local's function is
  // within the owner's.
  for (const auto &[Var, Local] : StoredLocals)
    recordStoredUnused(Var, Local);
  StoredLocals.clear();
}

void PendingAwaitables::noteReference(const VarDecl *Var, bool Evaluated) {
  if (StoredLocals.empty())
    return;
  auto Found = StoredLocals.find(Var->getCanonicalDecl());
  if (Found == StoredLocals.end())
    return;
  ++Found->second.Uses.All;
  if (Evaluated)
    ++Found->second.Uses.Evaluated;
}

void PendingAwaitables::recordDiscarded(const Expr *Discarded,
                                        bool WholeStatement, bool CastToVoid,
                                        const EnclosingContext &Where) {
  const Expr *E = skipImplicit(Discarded);
  if (const auto *Conditional = dyn_cast<ConditionalOperator>(E)) {
    recordDiscarded(Conditional->getTrueExpr(), /*WholeStatement=*/false,
                    CastToVoid, Where);
    recordDiscarded(Conditional->getFalseExpr(), /*WholeStatement=*/false,
                    CastToVoid, Where);
    return;
  }
  // Of a comma, only the right operand is handled here: the left one is read
  // on its own, wherever the comma is.
  if (const auto *Comma = dyn_cast<BinaryOperator>(E);
      Comma && Comma->getOpcode() == BO_Comma)
    return recordDiscarded(Comma->getRHS(), /*WholeStatement=*/false,
                           CastToVoid, Where);
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E);
      Cast && Cast->getType()->isVoidType())
    return recordDiscarded(Cast->getSubExpr(), /*WholeStatement=*/false,
                           /*CastToVoid=*/true, Where);
  if (const auto *Call = dyn_cast<CallExpr>(E))
    recordDiscardedCall(Call, CastToVoid, WholeStatement, Where);
}

void PendingAwaitables::recordDiscardedCall(const CallExpr *Call,
                                            bool CastToVoid,
                                            bool WholeStatement,
                                            const EnclosingContext &Where) {
  // A returned reference names an object someone else owns.
  const QualType Type = Call->getType();
  if (Type.isNull() || Type->isDependentType() || !Call->isPRValue() ||
      !Type->getAsCXXRecordDecl())
    return;
  const SourceLocation Loc = callRange(Call).getBegin();
  if (Loc.isInvalid() || isSuppressedLocation(Loc) || isAwaitProtocolCall(Call))
    return;
  // Templates are judged on their instantiations.
  if ((Where.Function && Where.Function->isDependentContext()) ||
      isInThrowAssertion(Where))
    return;

  Occurrence Occ{Type, nullptr, std::nullopt};
  Occ.CalleeIsNodiscard = calleeIsNodiscard(Call);
  if (WholeStatement && !CastToVoid && !Where.InCatchHandler &&
      Loc.isFileID() && callRange(Call).getEnd().isFileID())
    Occ.FixPromise = Awaitables.promiseOf(Where.Function);
  if (const ParmVarDecl *Param = calledParameter(Call);
      Param && Where.Function &&
      Where.Function->getTemplateInstantiationPattern() &&
      Param->getDeclContext() == Where.Function)
    Occ.Param = ParamSlot(Where.Function->getCanonicalDecl(),
                          Param->getFunctionScopeIndex());
  addOccurrence(CastToVoid ? LossKind::CastToVoid : LossKind::Discarded, Loc,
                "result of " + describeCall(Call),
                CharSourceRange::getCharRange(Loc, Loc), Occ);
}

void PendingAwaitables::recordStored(const VarDecl *Var,
                                     const DeclStmt *Declaration,
                                     const EnclosingContext &Where) {
  if (Var->isInvalidDecl() || isa<DecompositionDecl>(Var) ||
      Var->isCXXForRangeDecl() || Var->getDeclContext()->isDependentContext())
    return;
  const auto *Call = dyn_cast_or_null<CallExpr>(skipImplicit(Var->getInit()));
  if (!Call || !Call->isPRValue() || isAwaitProtocolCall(Call))
    return;
  const auto *Function =
      dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod());
  if (!Function || !Function->getBody())
    return;
  if (isSuppressedLocation(Var->getLocation()) ||
      isSuppressedLocation(callRange(Call).getBegin()))
    return;
  StoredLocals.try_emplace(Var->getCanonicalDecl(),
                           StoredLocal{Declaration, Call, Function, Where, {}});
}

void PendingAwaitables::recordStoredUnused(const VarDecl *Var,
                                           const StoredLocal &Local) {
  const auto &[Declaration, Call, Function, Where, Uses] = Local;
  if (Uses.Evaluated != 0)
    return;
  if (isInThrowAssertion(Where))
    return;

  // The fix drops the variable: `auto t = fetch();` becomes `co_await
  // fetch();`.
  Occurrence Occ{Var->getType(), nullptr, std::nullopt};
  Occ.CalleeIsNodiscard = calleeIsNodiscard(Call);
  Occ.ExplicitDiscard = Var->hasAttr<UnusedAttr>();
  const SourceLocation Begin = Declaration->getBeginLoc();
  const bool Rewritable = Uses.All == 0 && Declaration->isSingleDecl() &&
                          Var->getInitStyle() == VarDecl::CInit &&
                          !Where.InCatchHandler && Begin.isFileID() &&
                          callRange(Call).getBegin().isFileID() &&
                          callRange(Call).getEnd().isFileID();
  if (Rewritable)
    Occ.FixPromise = Awaitables.promiseOf(Function);
  addOccurrence(
      LossKind::StoredUnused, Var->getLocation(),
      "'" + Var->getNameAsString() + "' holds the awaitable returned by " +
          describeCall(Call),
      CharSourceRange::getCharRange(Begin, callRange(Call).getBegin()), Occ);
}

void PendingAwaitables::recordPassedCallable(const Expr *Call, const Expr *Arg,
                                             const ParmVarDecl *Param,
                                             const FunctionDecl *Callee,
                                             const EnclosingContext &Where) {
  if (!Param || Callee->isInvalidDecl())
    return;
  const Expr *Core = callableCore(Arg);
  const QualType Result = callableResult(Core);
  if (Result.isNull())
    return;
  const SourceLocation Loc = Core->getBeginLoc();
  if (Loc.isInvalid() || isSuppressedLocation(Loc))
    return;

  const unsigned Index = Param->getFunctionScopeIndex();
  std::string Sink;
  Occurrence Occ{Result, nullptr, std::nullopt};
  if (isVoidFunctionWrapper(Param->getType())) {
    Sink = describeCallee(*Callee);
  } else if (Sinks.findResultDiscarder(Call, Index,
                                       isLastWrittenArgument(Call, Arg))) {
    // Named as written: 'boost::asio::post' stays so.
    const auto *Constructor = dyn_cast<CXXConstructorDecl>(Callee);
    Sink = "'" +
           qualifiedName(Constructor ? static_cast<const NamedDecl *>(
                                           Constructor->getParent())
                                     : Callee,
                         /*KeepBoost=*/true) +
           "'";
  } else if (Callee->getTemplateInstantiationPattern()) {
    // Reported only if the instantiation calls the parameter and drops the
    // result.
    Sink = describeCallee(*Callee);
    Occ.Param = ParamSlot(Callee->getCanonicalDecl(), Index);
  } else {
    return;
  }
  // Templates are judged on their instantiations.
  if (Where.Function && Where.Function->isDependentContext())
    return;
  addOccurrence(LossKind::PassedCallable, Loc,
                describeCallable(Core) + " passed to " + Sink, {}, Occ);
}

void PendingAwaitables::addOccurrence(LossKind Kind, SourceLocation Loc,
                                      llvm::StringRef Subject,
                                      CharSourceRange FixRange,
                                      Occurrence Occ) {
  auto [It, Inserted] =
      Candidates.try_emplace(std::make_pair(static_cast<unsigned>(Kind), Loc));
  Candidate &Found = It->second;
  if (Inserted) {
    Found.Kind = Kind;
    Found.Loc = Loc;
    Found.Subject = Subject.str();
    Found.FixRange = FixRange;
  }
  Found.Occurrences.push_back(Occ);
}

bool PendingAwaitables::isSuppressedLocation(SourceLocation Loc) const {
  const SourceManager &SM = Context.getSourceManager();
  return SM.isInSystemMacro(Loc) ||
         isExpandedFromMacro(Loc, Context, isThrowAssertionMacro);
}

std::vector<LostAwaitable>
PendingAwaitables::takeFindings(Classifier Classify) {
  // Template parameters that an instantiation calls and drops the result of; a
  // callable passed there is reported at the argument instead of inside the
  // template.
  llvm::DenseSet<ParamSlot> DiscardingParams;
  for (const auto &Entry : Candidates) {
    if (Entry.second.Kind != LossKind::Discarded)
      continue;
    for (const Occurrence &Occ : Entry.second.Occurrences)
      if (Occ.Param && Classify(Occ.Awaitable).IsAwaitable)
        DiscardingParams.insert(*Occ.Param);
  }
  llvm::DenseSet<ParamSlot> ReportedAtArgument;
  auto Applies = [&](const Candidate &C, const Occurrence &Occ) {
    if (!Occ.Param)
      return true;
    if (C.Kind == LossKind::PassedCallable)
      return DiscardingParams.contains(*Occ.Param);
    return !ReportedAtArgument.contains(*Occ.Param);
  };
  for (const auto &Entry : Candidates) {
    if (Entry.second.Kind != LossKind::PassedCallable)
      continue;
    for (const Occurrence &Occ : Entry.second.Occurrences)
      if (Occ.Param && Applies(Entry.second, Occ) &&
          Classify(Occ.Awaitable).IsAwaitable)
        ReportedAtArgument.insert(*Occ.Param);
  }

  std::vector<LostAwaitable> Findings;
  for (const auto &Entry : Candidates) {
    const Candidate &C = Entry.second;
    bool Any = false;
    bool Fixable = C.FixRange.isValid();
    // Unknown where the instantiations disagree.
    Start Mode = Start::Unknown;
    // The work of an eager result already runs: dropping it is a bug only
    // where the framework (or the user, by option) says its result must be
    // used and the code does not say it is dropped on purpose; so also for a
    // callable handed to code that drops its result (a helper that runs a
    // coroutine lambda for its effects).
    bool MustBeUsed = false;
    for (const Occurrence &Occ : C.Occurrences) {
      if (!Applies(C, Occ))
        continue;
      const AwaitableInfo Info = Classify(Occ.Awaitable);
      if (!Info.IsAwaitable)
        continue;
      Mode = (!Any || Mode == Info.StartMode) ? Info.StartMode : Start::Unknown;
      Any = true;
      MustBeUsed = MustBeUsed || ((Info.MustBeUsed || Occ.CalleeIsNodiscard) &&
                                  !Occ.ExplicitDiscard);
      Fixable = Fixable && Occ.FixPromise &&
                Awaitables.promiseAccepts(Occ.FixPromise, Occ.Awaitable);
    }
    if (!Any || (Mode == Start::Eager && !MustBeUsed))
      continue;
    Findings.push_back({C.Kind, C.Loc, C.Subject, Mode,
                        Fixable ? std::optional(C.FixRange) : std::nullopt});
  }
  Candidates.clear();
  return Findings;
}

} // namespace clang::tidy::coroguard
