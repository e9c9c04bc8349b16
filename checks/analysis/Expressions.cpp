//===--- Expressions.cpp - expression helpers of the analyses ------------===//

#include "Expressions.h"
#include "catalog/Names.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::coroguard {

bool isUnevaluatedOperand(const Stmt *S) {
  if (isa<UnaryExprOrTypeTraitExpr, CXXNoexceptExpr, RequiresExpr,
          ConceptSpecializationExpr>(S))
    return true;
  if (const auto *TypeId = dyn_cast<CXXTypeidExpr>(S))
    return !TypeId->isPotentiallyEvaluated();
  return false;
}

const Expr *executorOf(const CallExpr *Call) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
    return Member->getImplicitObjectArgument();
  return Call->getNumArgs() > 0 ? Call->getArg(0) : nullptr;
}

bool isStdMoveOrForward(const FunctionDecl *Callee) {
  return isStdFunctionIn(Callee, NameList::StdForwardingCasts);
}

const Expr *stripObject(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Call = dyn_cast<CallExpr>(Next);
        Call && Call->getNumArgs() == 1 && Call->getDirectCallee() &&
        isStdMoveOrForward(Call->getDirectCallee()))
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

const FunctionDecl *functionNamedBy(const Expr *Arg) {
  const Expr *E = stripObject(Arg);
  if (const auto *AddressOf = dyn_cast_or_null<UnaryOperator>(E);
      AddressOf && AddressOf->getOpcode() == UO_AddrOf)
    E = stripObject(AddressOf->getSubExpr());
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E);
  return Ref ? dyn_cast<FunctionDecl>(Ref->getDecl()) : nullptr;
}

const FunctionDecl *namedCallable(const Expr *Arg) {
  const FunctionDecl *Function = functionNamedBy(Arg);
  const FunctionDecl *Definition = nullptr;
  if (!Function || !Function->hasBody(Definition) ||
      Definition->isInvalidDecl())
    return nullptr;
  return Definition;
}

namespace {

bool refersTo(const Expr *Object, const VarDecl *Var) {
  const auto *Ref = dyn_cast<DeclRefExpr>(Object->IgnoreParenImpCasts());
  return Ref && Ref->getDecl() == Var;
}

// The member call \p Await awaits if it is named in ResolvingAwaits
// ('co_await r.resolve()').
const CXXMemberCallExpr *resolvingMember(const CoawaitExpr *Await) {
  const auto *Member =
      dyn_cast<CXXMemberCallExpr>(Await->getOperand()->IgnoreImplicit());
  const CXXMethodDecl *Method = Member ? Member->getMethodDecl() : nullptr;
  return Method && Method->getIdentifier() &&
                 isInNameList(NameList::ResolvingAwaits, Method->getName())
             ? Member
             : nullptr;
}

// Whether \p S holds, before \p Before, a member call on \p Var named in
// ReadinessQueries whose answer is used (a statement of its own, like
// 'f.wait_for(10ms);', asks nothing), or a co_await of a member named in
// ResolvingAwaits on \p Var.
bool asksReadinessBefore(const Stmt *S, const VarDecl *Var,
                         SourceLocation Before, const SourceManager &SM) {
  if (!S)
    return false;
  if (const auto *Block = dyn_cast<CompoundStmt>(S)) {
    for (const Stmt *Child : Block->body()) {
      const auto *Statement = dyn_cast<Expr>(Child);
      const auto *Discarded = Statement ? dyn_cast<CXXMemberCallExpr>(
                                              Statement->IgnoreImplicit())
                                        : nullptr;
      if (Discarded ? llvm::any_of(Discarded->arguments(),
                                   [&](const Expr *Arg) {
                                     return asksReadinessBefore(Arg, Var,
                                                                Before, SM);
                                   })
                    : asksReadinessBefore(Child, Var, Before, SM))
        return true;
    }
    return false;
  }
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (refersTo(Member->getImplicitObjectArgument(), Var) && Method &&
        Method->getIdentifier() &&
        isInNameList(NameList::ReadinessQueries, Method->getName()) &&
        SM.isBeforeInTranslationUnit(Member->getBeginLoc(), Before))
      return true;
  }
  if (const auto *Await = dyn_cast<CoawaitExpr>(S)) {
    const CXXMemberCallExpr *Resolving = resolvingMember(Await);
    if (Resolving && refersTo(Resolving->getImplicitObjectArgument(), Var) &&
        SM.isBeforeInTranslationUnit(Await->getBeginLoc(), Before))
      return true;
  }
  for (const Stmt *Child : S->children())
    if (asksReadinessBefore(Child, Var, Before, SM))
      return true;
  return false;
}

} // namespace

const VarDecl *resultWaitedOn(const Expr *Call) {
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
  const CXXMethodDecl *Method = Member ? Member->getMethodDecl() : nullptr;
  if (!Method || !Method->getIdentifier() ||
      !isInNameList(NameList::ResultWaitMembers, Method->getName()))
    return nullptr;
  const auto *Ref = dyn_cast<DeclRefExpr>(
      Member->getImplicitObjectArgument()->IgnoreParenImpCasts());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->isLocalVarDeclOrParm() ? Var : nullptr;
}

bool isKnownReadyBefore(const VarDecl *Var, SourceLocation Before) {
  // What a co_await of a resolving member gives is ready.
  if (const auto *Await = dyn_cast_or_null<CoawaitExpr>(
          isa<ParmVarDecl>(Var) ? nullptr : stripObject(Var->getInit()));
      Await && resolvingMember(Await))
    return true;
  // The function declaring Var holds the lambdas that capture it: what it
  // asked before a lambda's wait counts for the lambda too.
  const auto *Owner =
      dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod());
  return Owner &&
         asksReadinessBefore(Owner->getBody(), Var, Before,
                             Var->getASTContext().getSourceManager());
}

bool waitsOnResultCheckedBefore(const Expr *Call) {
  const VarDecl *Var = resultWaitedOn(Call);
  return Var && isKnownReadyBefore(Var, Call->getBeginLoc());
}

std::optional<unsigned> waitedReferenceParameter(const Expr *Call,
                                                 const FunctionDecl *Caller) {
  const auto *Param = dyn_cast_or_null<ParmVarDecl>(resultWaitedOn(Call));
  const auto *Owner =
      Param ? dyn_cast<FunctionDecl>(Param->getDeclContext()) : nullptr;
  if (!Owner || !Caller || !Param->getType()->isReferenceType() ||
      Owner->getCanonicalDecl() != Caller->getCanonicalDecl())
    return std::nullopt;
  return Param->getFunctionScopeIndex();
}

namespace {

// The argument \p Site passes for its callee's parameter \p Param, if written.
const Expr *argumentFor(const Expr *Site, unsigned Param) {
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Site))
    return Param < Construct->getNumArgs() ? Construct->getArg(Param) : nullptr;
  const auto *Call = dyn_cast<CallExpr>(Site);
  if (!Call)
    return nullptr;
  // A member operator's first argument is its object.
  if (isa<CXXOperatorCallExpr>(Call) &&
      isa_and_nonnull<CXXMethodDecl>(Call->getDirectCallee()))
    ++Param;
  return Param < Call->getNumArgs() ? Call->getArg(Param) : nullptr;
}

} // namespace

bool passesReadyResult(const Expr *Site, unsigned Param) {
  const Expr *Arg = argumentFor(Site, Param);
  const auto *Ref =
      Arg ? dyn_cast<DeclRefExpr>(Arg->IgnoreParenImpCasts()) : nullptr;
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->isLocalVarDeclOrParm() &&
         isKnownReadyBefore(Var, Site->getBeginLoc());
}

bool isTestAssertionMachinery(const Expr *Call, const ASTContext &Context) {
  SourceLocation Loc = Call->getBeginLoc();
  if (!Loc.isMacroID())
    return false;
  const SourceManager &SM = Context.getSourceManager();
  // Spelled where the macro is used: the asserted expression.
  if (SM.getFileID(SM.getSpellingLoc(Loc)) ==
      SM.getFileID(SM.getExpansionLoc(Loc)))
    return false;
  // The macro written in the code is the outermost one.
  while (true) {
    const SourceLocation Caller = SM.getImmediateMacroCallerLoc(Loc);
    if (!Caller.isMacroID())
      break;
    Loc = Caller;
  }
  return startsWithNameIn(
      NameList::TestAssertionMacroPrefixes,
      Lexer::getImmediateMacroName(Loc, SM, Context.getLangOpts()));
}

} // namespace clang::tidy::coroguard
