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

/// functionDecl(isDefinition(), hasBody(coroutineBodyStmt())).
AST_MATCHER(FunctionDecl, isCoroutineDefinition) {
  return Node.isThisDeclarationADefinition() &&
         Node.doesThisDeclarationHaveABody() &&
         isa_and_nonnull<CoroutineBodyStmt>(Node.getBody());
}

} // namespace clang::tidy::coroguard

#endif
