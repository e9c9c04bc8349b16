//===--- ForgottenAwaitCheck.cpp - coroguard-forgotten-await -------------===//

#include "ForgottenAwaitCheck.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang::ast_matchers;

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

bool isStdFunctionNamed(const FunctionDecl *Function, llvm::StringRef Name) {
  return Function && Function->isInStdNamespace() &&
         Function->getIdentifier() && Function->getName() == Name;
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
        (isStdFunctionNamed(Call->getDirectCallee(), "move") ||
         isStdFunctionNamed(Call->getDirectCallee(), "forward"))) {
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

AST_MATCHER(VarDecl, hasNonDependentClassType) {
  const QualType Type = Node.getType().getNonReferenceType();
  return !Type->isDependentType() && Type->getAsCXXRecordDecl();
}

AST_MATCHER(Expr, isCallableArgument) {
  const Expr *Core = callableCore(&Node);
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
  } else if (isStdFunctionNamed(Call->getDirectCallee(), "invoke") &&
             Call->getNumArgs() > 0) {
    Callee = Call->getArg(0);
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(callableCore(Callee)))
    return dyn_cast<ParmVarDecl>(Ref->getDecl());
  return nullptr;
}

/// A function whose name says it asserts that a callable throws: assert_throws,
/// expectThrow, REQUIRE_THROWS_AS...
bool isThrowAssertionName(llvm::StringRef Name) {
  std::string Folded;
  for (const char C : Name)
    if (C != '_')
      Folded.push_back(llvm::toLower(C));
  const llvm::StringRef Text(Folded);
  return (Text.starts_with("assert") || Text.starts_with("expect") ||
          Text.starts_with("require") || Text.starts_with("check")) &&
         Text.contains("throw");
}

/// gtest's and Catch2's macros that run a statement only to see whether it
/// throws.
bool isThrowAssertionMacro(llvm::StringRef Name) {
  return llvm::StringSwitch<bool>(Name)
      .Cases({"EXPECT_THROW", "ASSERT_THROW", "EXPECT_ANY_THROW",
              "ASSERT_ANY_THROW", "EXPECT_NO_THROW", "ASSERT_NO_THROW"},
             true)
      .Cases({"REQUIRE_NOTHROW", "CHECK_NOTHROW"}, true)
      .StartsWith("REQUIRE_THROWS", true)
      .StartsWith("CHECK_THROWS", true)
      .Default(false);
}

bool isInThrowAssertionMacro(SourceLocation Loc, const SourceManager &SM,
                             const LangOptions &LangOpts) {
  while (Loc.isMacroID()) {
    if (isThrowAssertionMacro(Lexer::getImmediateMacroName(Loc, SM, LangOpts)))
      return true;
    Loc = SM.getImmediateMacroCallerLoc(Loc);
  }
  return false;
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

struct EnclosingContext {
  /// The innermost function, lambdas included; null at namespace scope.
  const FunctionDecl *Function = nullptr;
  bool InCatchHandler = false;
  bool InThrowAssertion = false;
};

/// The lambda expression whose call operator is \p CallOperator, found upwards
/// from it.
const LambdaExpr *lambdaOf(const FunctionDecl &CallOperator,
                           const CodeParents &Code) {
  DynTypedNode Node = DynTypedNode::create(CallOperator);
  while (true) {
    Node = Code.parentOf(Node);
    if (isNull(Node))
      return nullptr;
    if (const auto *Lambda = Node.get<LambdaExpr>())
      return Lambda;
    if (!Node.get<CXXRecordDecl>())
      return nullptr;
  }
}

/// Where \p Node is, found upwards from it in \p Code, the code that holds it
/// (null: outside functions).
EnclosingContext enclosingContext(DynTypedNode Node, const CodeParents *Code) {
  EnclosingContext Result;
  if (!Code)
    return Result;
  while (true) {
    Node = Code->parentOf(Node);
    if (isNull(Node))
      return Result;
    if (Node.get<CXXCatchStmt>())
      Result.InCatchHandler = true;
    if (const auto *Lambda = Node.get<LambdaExpr>()) {
      Result.Function = Lambda->getCallOperator();
      Result.InThrowAssertion = isPassedToThrowAssertion(*Lambda, *Code);
      return Result;
    }
    // The body of a lambda may also be reached through its call operator.
    if (const auto *Function = Node.get<FunctionDecl>()) {
      Result.Function = Function;
      const auto *Method = dyn_cast<CXXMethodDecl>(Function);
      if (Method && Method->getParent()->isLambda())
        if (const LambdaExpr *Lambda = lambdaOf(*Method, *Code))
          Result.InThrowAssertion = isPassedToThrowAssertion(*Lambda, *Code);
      return Result;
    }
  }
}

/// Counts the references to a variable: all of them, and those in evaluated
/// code. A RecursiveASTVisitor: its data recursion keeps deeply nested
/// expressions off the stack.
class ReferenceCounter : public RecursiveASTVisitor<ReferenceCounter> {
public:
  explicit ReferenceCounter(const VarDecl &Var) : Var(Var) {}

  unsigned Evaluated = 0;
  unsigned All = 0;

  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (Ref->getDecl()->getCanonicalDecl() == Var.getCanonicalDecl()) {
      ++All;
      if (UnevaluatedDepth == 0)
        ++Evaluated;
    }
    return true;
  }
  // Statements are taken from a queue, not traversed by nested calls: an
  // unevaluated operand lasts from entering its statement to leaving it.
  bool dataTraverseStmtPre(Stmt *S) {
    if (isUnevaluatedOperand(S))
      ++UnevaluatedDepth;
    return true;
  }
  bool dataTraverseStmtPost(Stmt *S) {
    if (isUnevaluatedOperand(S))
      --UnevaluatedDepth;
    return true;
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

private:
  static bool isUnevaluatedOperand(const Stmt *S) {
    if (isa<UnaryExprOrTypeTraitExpr, CXXNoexceptExpr, RequiresExpr>(S))
      return true;
    const auto *TypeId = dyn_cast<CXXTypeidExpr>(S);
    return TypeId && !TypeId->isPotentiallyEvaluated();
  }
  template <typename Traversal> bool unevaluated(Traversal Traverse) {
    ++UnevaluatedDepth;
    const bool Result = Traverse();
    --UnevaluatedDepth;
    return Result;
  }

  const VarDecl &Var;
  unsigned UnevaluatedDepth = 0;
};

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
      !llvm::is_contained(
          {"function", "move_only_function", "copyable_function"},
          Spec->getName()))
    return false;
  const TemplateArgumentList &Args = Spec->getTemplateArgs();
  if (Args.size() == 0 || Args[0].getKind() != TemplateArgument::Type)
    return false;
  const auto *Signature = Args[0].getAsType()->getAs<FunctionProtoType>();
  return Signature && Signature->getReturnType()->isVoidType();
}

llvm::StringRef consequence(Start Mode, bool CastToVoid) {
  switch (Mode) {
  case Start::Lazy:
    return CastToVoid ? "a lazy task never runs" : "the lazy task never runs";
  case Start::Eager:
    return "the eager task runs but its result and exceptions are lost";
  case Start::Unknown:
    break;
  }
  return "nothing awaits it";
}

} // namespace

ForgottenAwaitCheck::ForgottenAwaitCheck(llvm::StringRef Name,
                                         ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      Shared(SharedAnalysis::forChecksOf(*Context)) {
  // Named: the reader keeps only a reference to it.
  const auto ReportError = [this](llvm::StringRef Message) {
    configurationDiag(Message, DiagnosticIDs::Error);
  };
  const CheckOptionReader Reader(Options, Name, ReportError);
  AwaitableTypes = Reader.regexList("AwaitableTypes");
  LazyTypes = Reader.regexList("LazyTypes");
  EagerTypes = Reader.regexList("EagerTypes");
  IgnoredTypes = Reader.regexList("IgnoredTypes");
  AllowCastToVoid = Reader.boolean("AllowCastToVoid", true);
}

void ForgottenAwaitCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "AwaitableTypes", AwaitableTypes.source());
  Options.store(Opts, "LazyTypes", LazyTypes.source());
  Options.store(Opts, "EagerTypes", EagerTypes.source());
  Options.store(Opts, "IgnoredTypes", IgnoredTypes.source());
  Options.store(Opts, "AllowCastToVoid", AllowCastToVoid);
}

void ForgottenAwaitCheck::registerMatchers(MatchFinder *Finder) {
  // Expressions whose value is dropped; '?:' arms, comma operands and casts to
  // void inside them are taken apart in check().
  const auto Statement = expr().bind("statement");
  const auto LoopClause = expr().bind("loop-clause");
  // A statement expression's block gives it its value. The MatchFinder visits
  // a node before the nodes inside it: the block is known when it is matched.
  Finder->addMatcher(stmtExpr(has(compoundStmt().bind("value-block"))), this);
  Finder->addMatcher(compoundStmt(forEach(Statement)).bind("block"), this);
  Finder->addMatcher(ifStmt(eachOf(hasThen(Statement), hasElse(Statement))),
                     this);
  Finder->addMatcher(
      mapAnyOf(whileStmt, doStmt, cxxForRangeStmt).with(hasBody(Statement)),
      this);
  Finder->addMatcher(forStmt(eachOf(hasBody(Statement), hasLoopInit(LoopClause),
                                    hasIncrement(LoopClause))),
                     this);
  Finder->addMatcher(switchCase(forEach(Statement)), this);
  Finder->addMatcher(labelStmt(forEach(Statement)), this);
  Finder->addMatcher(
      binaryOperator(hasOperatorName(","), hasLHS(expr().bind("comma-lhs"))),
      this);

  Finder->addMatcher(coawaitExpr().bind("co-await"), this);

  Finder->addMatcher(
      declStmt(forEach(varDecl(hasLocalStorage(), unless(isImplicit()),
                               unless(parmVarDecl()), hasInitializer(expr()),
                               hasNonDependentClassType())
                           .bind("var")))
          .bind("declaration"),
      this);

  // Where the nodes matched next are: see matchedCode.
  Finder->addMatcher(functionDecl().bind("function"), this);

  const auto CallableArgument = forEachArgumentWithParam(
      expr(isCallableArgument()).bind("argument"), parmVarDecl().bind("param"));
  Finder->addMatcher(
      callExpr(callee(functionDecl().bind("callee")), CallableArgument)
          .bind("call"),
      this);
  Finder->addMatcher(
      cxxConstructExpr(hasDeclaration(functionDecl().bind("callee")),
                       CallableArgument)
          .bind("call"),
      this);
}

void ForgottenAwaitCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Context = *Result.Context;
  if (CurrentContext != &Context) {
    CurrentContext = &Context;
    TUAnalysis &TU = Shared->analysisOf(Context);
    Awaitables = &TU.awaitables();
    Parents = &TU.parents();
    LastFunction = nullptr;
    ValueBlocks.clear();
    Findings.clear();
  }

  if (const auto *Function = Result.Nodes.getNodeAs<FunctionDecl>("function")) {
    LastFunction = Function;
    return;
  }
  if (const auto *Block = Result.Nodes.getNodeAs<CompoundStmt>("value-block")) {
    ValueBlocks.insert(Block);
    return;
  }
  if (const auto *Block = Result.Nodes.getNodeAs<CompoundStmt>("block");
      Block && ValueBlocks.contains(Block))
    return;
  if (const auto *CoAwait = Result.Nodes.getNodeAs<CoawaitExpr>("co-await")) {
    if (const Expr *Operand = CoAwait->getOperand())
      Awaitables->noteCoAwaited(Operand->getType());
    return;
  }
  if (const auto *E = Result.Nodes.getNodeAs<Expr>("statement"))
    return recordDiscarded(E, /*WholeStatement=*/true, /*CastToVoid=*/false,
                           Context);
  if (const auto *E = Result.Nodes.getNodeAs<Expr>("loop-clause"))
    return recordDiscarded(E, /*WholeStatement=*/false, /*CastToVoid=*/false,
                           Context);
  if (const auto *E = Result.Nodes.getNodeAs<Expr>("comma-lhs"))
    return recordDiscarded(E, /*WholeStatement=*/false, /*CastToVoid=*/false,
                           Context);
  if (const auto *Var = Result.Nodes.getNodeAs<VarDecl>("var"))
    return recordStored(Var, Result.Nodes.getNodeAs<DeclStmt>("declaration"),
                        Context);
  if (const auto *Arg = Result.Nodes.getNodeAs<Expr>("argument")) {
    recordPassedCallable(Result.Nodes.getNodeAs<Expr>("call"), Arg,
                         Result.Nodes.getNodeAs<ParmVarDecl>("param"),
                         Result.Nodes.getNodeAs<FunctionDecl>("callee"),
                         Context);
  }
}

void ForgottenAwaitCheck::recordDiscarded(const Expr *Discarded,
                                          bool WholeStatement, bool CastToVoid,
                                          ASTContext &Context) {
  const Expr *E = skipImplicit(Discarded);
  if (const auto *Conditional = dyn_cast<ConditionalOperator>(E)) {
    recordDiscarded(Conditional->getTrueExpr(), /*WholeStatement=*/false,
                    CastToVoid, Context);
    recordDiscarded(Conditional->getFalseExpr(), /*WholeStatement=*/false,
                    CastToVoid, Context);
    return;
  }
  // Of a comma, only the right operand is handled here: the left one is matched
  // on its own, wherever the comma is.
  if (const auto *Comma = dyn_cast<BinaryOperator>(E);
      Comma && Comma->getOpcode() == BO_Comma)
    return recordDiscarded(Comma->getRHS(), /*WholeStatement=*/false,
                           CastToVoid, Context);
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E);
      Cast && Cast->getType()->isVoidType())
    return recordDiscarded(Cast->getSubExpr(), /*WholeStatement=*/false,
                           /*CastToVoid=*/true, Context);
  if (const auto *Call = dyn_cast<CallExpr>(E))
    recordDiscardedCall(Call, CastToVoid, WholeStatement, Context);
}

void ForgottenAwaitCheck::recordDiscardedCall(const CallExpr *Call,
                                              bool CastToVoid,
                                              bool WholeStatement,
                                              ASTContext &Context) {
  // A returned reference names an object someone else owns.
  const QualType Type = Call->getType();
  if (Type.isNull() || Type->isDependentType() || !Call->isPRValue() ||
      !Type->getAsCXXRecordDecl())
    return;
  const SourceLocation Loc = callRange(Call).getBegin();
  const SourceManager &SM = Context.getSourceManager();
  if (Loc.isInvalid() || isSuppressedLocation(Loc, SM) ||
      isAwaitProtocolCall(Call))
    return;
  const EnclosingContext Where =
      enclosingContext(DynTypedNode::create(*Call), matchedCode());
  // Templates are judged on their instantiations.
  if (Where.InThrowAssertion ||
      (Where.Function && Where.Function->isDependentContext()))
    return;

  Occurrence Occ{Type, nullptr, std::nullopt};
  if (WholeStatement && !CastToVoid && !Where.InCatchHandler &&
      Loc.isFileID() && callRange(Call).getEnd().isFileID())
    Occ.FixPromise = Awaitables->promiseOf(Where.Function);
  if (const ParmVarDecl *Param = calledParameter(Call);
      Param && Where.Function &&
      Where.Function->getTemplateInstantiationPattern() &&
      Param->getDeclContext() == Where.Function)
    Occ.Param = ParamSlot(Where.Function->getCanonicalDecl(),
                          Param->getFunctionScopeIndex());
  addOccurrence(CastToVoid ? FindingKind::CastToVoid : FindingKind::Discarded,
                Loc, "result of " + describeCall(Call),
                CharSourceRange::getCharRange(Loc, Loc), Occ);
}

void ForgottenAwaitCheck::recordStored(const VarDecl *Var,
                                       const DeclStmt *Declaration,
                                       ASTContext &Context) {
  if (!Declaration || Var->isInvalidDecl() || isa<DecompositionDecl>(Var) ||
      Var->isCXXForRangeDecl() || Var->getDeclContext()->isDependentContext())
    return;
  const auto *Call = dyn_cast_or_null<CallExpr>(skipImplicit(Var->getInit()));
  if (!Call || !Call->isPRValue() || isAwaitProtocolCall(Call))
    return;
  const auto *Function =
      dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod());
  if (!Function || !Function->getBody())
    return;
  const SourceManager &SM = Context.getSourceManager();
  if (isSuppressedLocation(Var->getLocation(), SM) ||
      isSuppressedLocation(callRange(Call).getBegin(), SM))
    return;
  ReferenceCounter References(*Var);
  References.TraverseStmt(Function->getBody());
  if (References.Evaluated != 0)
    return;
  const EnclosingContext Where = enclosingContext(
      DynTypedNode::create(*Declaration), &Parents->around(Var));
  if (Where.InThrowAssertion)
    return;

  // The fix drops the variable: `auto t = fetch();` becomes `co_await
  // fetch();`.
  Occurrence Occ{Var->getType(), nullptr, std::nullopt};
  const SourceLocation Begin = Declaration->getBeginLoc();
  const bool Rewritable = References.All == 0 && Declaration->isSingleDecl() &&
                          Var->getInitStyle() == VarDecl::CInit &&
                          !Where.InCatchHandler && Begin.isFileID() &&
                          callRange(Call).getBegin().isFileID() &&
                          callRange(Call).getEnd().isFileID();
  if (Rewritable)
    Occ.FixPromise = Awaitables->promiseOf(Function);
  addOccurrence(
      FindingKind::StoredUnused, Var->getLocation(),
      "'" + Var->getNameAsString() + "' holds the awaitable returned by " +
          describeCall(Call),
      CharSourceRange::getCharRange(Begin, callRange(Call).getBegin()), Occ);
}

void ForgottenAwaitCheck::recordPassedCallable(const Expr *Call,
                                               const Expr *Arg,
                                               const ParmVarDecl *Param,
                                               const FunctionDecl *Callee,
                                               ASTContext &Context) {
  if (!Call || !Param || !Callee || Callee->isInvalidDecl())
    return;
  const Expr *Core = callableCore(Arg);
  const QualType Result = callableResult(Core);
  if (Result.isNull())
    return;
  const SourceLocation Loc = Core->getBeginLoc();
  if (Loc.isInvalid() || isSuppressedLocation(Loc, Context.getSourceManager()))
    return;
  const EnclosingContext Where =
      enclosingContext(DynTypedNode::create(*Arg), matchedCode());
  if (Where.Function && Where.Function->isDependentContext())
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
           Catalog::qualifiedName(Constructor ? static_cast<const NamedDecl *>(
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
  addOccurrence(FindingKind::PassedCallable, Loc,
                describeCallable(Core) + " passed to " + Sink, {}, Occ);
}

void ForgottenAwaitCheck::addOccurrence(FindingKind Kind, SourceLocation Loc,
                                        llvm::StringRef Subject,
                                        CharSourceRange FixRange,
                                        Occurrence Occ) {
  auto [It, Inserted] =
      Findings.try_emplace(std::make_pair(static_cast<unsigned>(Kind), Loc));
  Finding &Found = It->second;
  if (Inserted) {
    Found.Kind = Kind;
    Found.Loc = Loc;
    Found.Subject = Subject.str();
    Found.FixRange = FixRange;
  }
  Found.Occurrences.push_back(Occ);
}

const CodeParents *ForgottenAwaitCheck::matchedCode() {
  // The MatchFinder visits a function before the code written inside it, and
  // a lambda's body right after the members of its closure class: a node
  // matched since is in the code around the function matched last (which holds
  // the closure class too), if it is in a function at all.
  return LastFunction ? &Parents->around(LastFunction) : nullptr;
}

bool ForgottenAwaitCheck::isSuppressedLocation(SourceLocation Loc,
                                               const SourceManager &SM) const {
  return SM.isInSystemMacro(Loc) ||
         isInThrowAssertionMacro(Loc, SM, getLangOpts());
}

AwaitableInfo ForgottenAwaitCheck::effectiveInfo(QualType Type) {
  Type = Type.getNonReferenceType().getCanonicalType().getUnqualifiedType();
  const CXXRecordDecl *Record = Type->getAsCXXRecordDecl();
  if (!Record)
    return {};
  PrintingPolicy Policy(getLangOpts());
  Policy.SuppressTagKeyword = true;
  const std::string Name = Record->getQualifiedNameAsString();
  const std::string Spelled = Type.getAsString(Policy);
  auto Listed = [&](const RegexList &List) {
    return List.matches(Name) || List.matches(Spelled);
  };
  if (Listed(IgnoredTypes))
    return {};
  AwaitableInfo Info = Awaitables->classify(Type);
  const bool Lazy = Listed(LazyTypes);
  const bool Eager = !Lazy && Listed(EagerTypes);
  if (Lazy || Eager || Listed(AwaitableTypes)) {
    Info.IsAwaitable = true;
    Info.IsUndecidable = false;
  }
  if (Lazy)
    Info.StartMode = Start::Lazy;
  if (Eager)
    Info.StartMode = Start::Eager;
  return Info;
}

void ForgottenAwaitCheck::onStartOfTranslationUnit() {
  Shared->startTranslationUnit();
}

void ForgottenAwaitCheck::onEndOfTranslationUnit() {
  if (!Awaitables)
    return;

  // Template parameters that an instantiation calls and drops the result of; a
  // callable passed there is reported at the argument instead of inside the
  // template.
  llvm::DenseSet<ParamSlot> DiscardingParams;
  for (const auto &Entry : Findings) {
    if (Entry.second.Kind != FindingKind::Discarded)
      continue;
    for (const Occurrence &Occ : Entry.second.Occurrences)
      if (Occ.Param && effectiveInfo(Occ.Awaitable).IsAwaitable)
        DiscardingParams.insert(*Occ.Param);
  }
  llvm::DenseSet<ParamSlot> ReportedAtArgument;
  auto Applies = [&](const Finding &F, const Occurrence &Occ) {
    if (!Occ.Param)
      return true;
    if (F.Kind == FindingKind::PassedCallable)
      return DiscardingParams.contains(*Occ.Param);
    return !ReportedAtArgument.contains(*Occ.Param);
  };
  for (const auto &Entry : Findings) {
    if (Entry.second.Kind != FindingKind::PassedCallable)
      continue;
    for (const Occurrence &Occ : Entry.second.Occurrences)
      if (Occ.Param && Applies(Entry.second, Occ) &&
          effectiveInfo(Occ.Awaitable).IsAwaitable)
        ReportedAtArgument.insert(*Occ.Param);
  }

  for (const auto &Entry : Findings) {
    const Finding &F = Entry.second;
    bool Any = false;
    bool Fixable = F.FixRange.isValid();
    std::optional<Start> Mode;
    for (const Occurrence &Occ : F.Occurrences) {
      if (!Applies(F, Occ))
        continue;
      const AwaitableInfo Info = effectiveInfo(Occ.Awaitable);
      if (!Info.IsAwaitable)
        continue;
      Any = true;
      Mode =
          (!Mode || *Mode == Info.StartMode) ? Info.StartMode : Start::Unknown;
      Fixable = Fixable && Occ.FixPromise &&
                Awaitables->promiseAccepts(Occ.FixPromise, Occ.Awaitable);
    }
    if (!Any)
      continue;
    // A cast to void is a deliberate discard, except that it cannot start a
    // lazy task.
    if (F.Kind == FindingKind::CastToVoid && AllowCastToVoid &&
        *Mode != Start::Lazy)
      continue;

    std::string Message = F.Subject;
    switch (F.Kind) {
    case FindingKind::Discarded:
      Message += " is discarded; ";
      break;
    case FindingKind::CastToVoid:
      Message += " is discarded by a cast to void; ";
      break;
    case FindingKind::StoredUnused:
      Message += " but is never used; ";
      break;
    case FindingKind::PassedCallable:
      Message += " is called and its task discarded; ";
      break;
    }
    Message += consequence(*Mode, F.Kind == FindingKind::CastToVoid);
    Message +=
        F.Kind == FindingKind::PassedCallable
            ? " \u2014 wrap it in a callable that spawns or awaits the task"
            : " \u2014 co_await it";
    auto Diag = diag(F.Loc, Message);
    if (Fixable)
      Diag << FixItHint::CreateReplacement(F.FixRange, "co_await ");
  }
  Findings.clear();
  Awaitables = nullptr;
  Parents = nullptr;
  LastFunction = nullptr;
  ValueBlocks.clear();
  CurrentContext = nullptr;
}

} // namespace clang::tidy::coroguard
