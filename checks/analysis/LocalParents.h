//===--- LocalParents.h - parents within one function's code ---*- C++ -*-===//
//
// The parents of AST nodes as ASTContext::getParents gives them (the first,
// where a node has several), found within the code of one declaration at a
// time: the outermost function around it with everything written inside it
// (lambdas, local classes, default arguments), or the variable or field whose
// initializer holds a lambda written outside functions (else the lambda's
// closure class). ASTContext::getParents builds its map for the whole
// translation unit on first use, every instantiation of every library template
// included; these maps cost only the code asked about. Types, nested name
// specifiers and attributes are looked through: the parent of an expression in
// a decltype is the declaration or statement around the type. Built on first
// use, one instance per translation unit.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_ANALYSIS_LOCALPARENTS_H
#define COROGUARD_CHECKS_ANALYSIS_LOCALPARENTS_H

#include "clang/AST/ASTTypeTraits.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseMap.h"
#include <memory>

namespace clang::tidy::coroguard {

/// The parents of the nodes in the code of one declaration.
class CodeParents {
public:
  /// The parent of \p Node; a null node at the top of the code and for nodes
  /// outside it.
  DynTypedNode parentOf(const DynTypedNode &Node) const {
    auto Found = Parents.find(Node.getMemoizationData());
    return Found == Parents.end() ? DynTypedNode() : Found->second;
  }
  template <typename T> DynTypedNode parentOf(const T &Node) const {
    return parentOf(DynTypedNode::create(Node));
  }

private:
  friend class LocalParents;
  /// By the node's address: only declarations and statements are recorded.
  llvm::DenseMap<const void *, DynTypedNode> Parents;
};

class LocalParents {
public:
  /// The parents in the code that holds \p D (the function a statement was
  /// found in, a lambda's closure class, a local variable), built on first
  /// use.
  const CodeParents &around(const Decl *D);

  /// The declaration whose code holds \p D, whose parents around() maps: D
  /// itself for a declaration no other declaration's code holds.
  static const Decl *codeOwner(const Decl *D);

  /// The lambda expression whose call operator is \p Operator, if it is one:
  /// found through the parents (the closure class, then the expression).
  const LambdaExpr *lambdaOf(const FunctionDecl *Operator);

private:
  llvm::DenseMap<const Decl *, std::unique_ptr<CodeParents>> ByOwner;
  /// The map of each declaration asked about.
  llvm::DenseMap<const Decl *, const CodeParents *> ByDecl;
};

/// True for the null node parentOf returns at the top.
inline bool isNull(const DynTypedNode &Node) {
  return Node.getNodeKind().isNone();
}

} // namespace clang::tidy::coroguard

#endif
