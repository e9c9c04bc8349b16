//===--- Expressions.h - expression helpers of the analyses ----*- C++ -*-===//
//
// Small questions about expressions that several analyses ask the same way.
// Included by the analyses' sources only, not by headers.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_ANALYSIS_EXPRESSIONS_H
#define COROGUARD_CHECKS_ANALYSIS_EXPRESSIONS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include <optional>

namespace clang::tidy::coroguard {

/// Pushes \p S's children onto \p Work, in order: a loop, where appending
/// the range walks a StmtIterator twice (to count, then to copy).
inline void pushChildren(llvm::SmallVectorImpl<const Stmt *> &Work,
                         const Stmt *S) {
  for (const Stmt *Child : S->children())
    Work.push_back(Child);
}

/// Whether \p Holds is true of \p Root or of a statement in it.
template <typename Predicate>
bool anyStmtWithin(const Stmt *Root, Predicate Holds) {
  llvm::SmallVector<const Stmt *, 32> Work{Root};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (Holds(S))
      return true;
    pushChildren(Work, S);
  }
  return false;
}

/// Operands whose calls never run (sizeof, noexcept, requires, unevaluated
/// typeid).
bool isUnevaluatedOperand(const Stmt *S);

/// The executor a switch or an offload names: the object of a member call,
/// else the first argument.
const Expr *executorOf(const CallExpr *Call);

/// std::move and std::forward: they only pass the closure on.
bool isStdMoveOrForward(const FunctionDecl *Callee);

/// Skips parentheses, implicit nodes, std::move/std::forward and copies: what
/// does not change which object is meant.
const Expr *stripObject(const Expr *E);

/// True if \p D is declared in \p Code, or in a scope nested in it.
bool isDeclaredIn(const Decl *D, const FunctionDecl *Code);

/// The function a callable argument names, defined or not: 'worker',
/// '&Server::run'.
const FunctionDecl *functionNamedBy(const Expr *Arg);

/// The defined function named by a callable argument (functionNamedBy with a
/// body).
const FunctionDecl *namedCallable(const Expr *Arg);

/// The local or parameter whose result \p Call waits for (ResultWaitMembers:
/// 'result.get()'), if any.
const VarDecl *resultWaitedOn(const Expr *Call);

/// True if the local or parameter \p Var is known to be ready before
/// \p Before: the function declaring it (or holding the lambda that captures
/// it) asked about it earlier (ReadinessQueries: 'result.status()',
/// 'f.wait_for(0s)') or awaited its resolution (ResolvingAwaits:
/// 'co_await result.resolve()'), or it holds what such an await gave.
bool isKnownReadyBefore(const VarDecl *Var, SourceLocation Before);

/// True if \p Call waits for the result of a local or parameter known to be
/// ready before it (isKnownReadyBefore): the code knows whether it is ready
/// before it waits.
bool waitsOnResultCheckedBefore(const Expr *Call);

/// The index of \p Caller's reference parameter whose result \p Call waits
/// for (resultWaitedOn): whether it is ready is the caller's to know.
std::optional<unsigned> waitedReferenceParameter(const Expr *Call,
                                                 const FunctionDecl *Caller);

/// True if the call \p Site passes, for its callee's parameter \p Param, a
/// local or parameter known to be ready before it (isKnownReadyBefore).
bool passesReadyResult(const Expr *Site, unsigned Param);

/// True if \p Call is written in the definition of a test assertion macro
/// (TestAssertionMacroPrefixes) used outside it: the framework's code that
/// reports the result, not the asserted expression.
bool isTestAssertionMachinery(const Expr *Call, const ASTContext &Context);

} // namespace clang::tidy::coroguard

#endif
