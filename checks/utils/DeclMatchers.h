//===--- DeclMatchers.h - the declarations the checks match -----*- C++ -*-===//
//
// Each is one predicate where a composition of library matchers would run a
// matcher per part on every function of the TU (some 20,000 in a dense one).
// For the same reason the checks name no traversal kind: MatchFinder wraps
// each matcher of a check that names one in traverse(), a second matcher run
// on every declaration tried, while its own traversal is already as is.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_DECLMATCHERS_H
#define COROGUARD_CHECKS_UTILS_DECLMATCHERS_H

#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"

namespace clang::tidy::coroguard {

/// A definition not expanded in a system header.
inline bool isDefinitionOutsideSystemHeaders(const FunctionDecl &Function,
                                             const SourceManager &SM) {
  if (!Function.isThisDeclarationADefinition())
    return false;
  const SourceLocation Expansion = SM.getExpansionLoc(Function.getBeginLoc());
  return Expansion.isInvalid() || !SM.isInSystemHeader(Expansion);
}

/// functionDecl(isDefinition(), unless(isExpansionInSystemHeader())).
AST_MATCHER(FunctionDecl, isDefinitionOutsideSystemHeaders) {
  return isDefinitionOutsideSystemHeaders(
      Node, Finder->getASTContext().getSourceManager());
}

/// The coroutine whose body \p Body is: the function its promise is a local
/// of. Matching coroutine bodies instead of functions with one tries a
/// matcher only on each coroutine, not on every function.
inline const FunctionDecl *coroutineOf(const CoroutineBodyStmt &Body) {
  const VarDecl *Promise = Body.getPromiseDecl();
  const auto *Function =
      Promise ? dyn_cast<FunctionDecl>(Promise->getDeclContext()) : nullptr;
  return Function && Function->getBody() == &Body ? Function : nullptr;
}

} // namespace clang::tidy::coroguard

#endif
