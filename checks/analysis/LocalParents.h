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
// use and freed when no longer asked for, one instance per translation unit.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_ANALYSIS_LOCALPARENTS_H
#define COROGUARD_CHECKS_ANALYSIS_LOCALPARENTS_H

#include "clang/AST/ASTTypeTraits.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/PointerUnion.h"
#include <memory>
#include <vector>

namespace clang::tidy::coroguard {

/// A parent as recorded: a declaration or a statement.
using ParentNode = llvm::PointerUnion<const Decl *, const Stmt *>;

inline DynTypedNode nodeOf(ParentNode Parent) {
  if (const auto *D = llvm::dyn_cast<const Decl *>(Parent))
    return DynTypedNode::create(*D);
  return DynTypedNode::create(*llvm::cast<const Stmt *>(Parent));
}

/// The parents of the nodes in the code of one declaration.
class CodeParents {
public:
  /// The parent of \p Node; a null node at the top of the code and for nodes
  /// outside it.
  DynTypedNode parentOf(const DynTypedNode &Node) const {
    const void *Key = Node.getMemoizationData();
    auto Found = Parents.find(Key);
    if (Found == Parents.end()) {
      if (WrittenOnly && Key != Owner) {
        mapImplicitCode();
        Found = Parents.find(Key);
      }
      if (Found == Parents.end())
        return DynTypedNode();
    }
    return nodeOf(Found->second);
  }
  template <typename T> DynTypedNode parentOf(const T &Node) const {
    return parentOf(DynTypedNode::create(Node));
  }

private:
  friend class LocalParents;
  CodeParents(
      const Decl *Owner,
      llvm::DenseMap<const CXXRecordDecl *, const LambdaExpr *> &Lambdas)
      : Owner(Owner), Lambdas(Lambdas) {}
  /// Maps the whole code, a coroutine's implicit code included.
  void mapImplicitCode() const;

  /// By the node's address: only declarations and statements are recorded,
  /// and only they are parents. A pointer, not a DynTypedNode (five times as
  /// wide): these maps hold every node of the code asked about.
  mutable llvm::DenseMap<const void *, ParentNode> Parents;
  /// Whether only what is written is mapped, not the implicit code of a
  /// coroutine (its promise, the awaiter calls of each co_await), which is
  /// most of its nodes and seldom asked about: mapped on the first question
  /// about a node that is not in the map. What is written comes first among
  /// the children of each coroutine node, so its nodes have the same first
  /// parents either way.
  mutable bool WrittenOnly = true;
  const Decl *Owner;
  llvm::DenseMap<const CXXRecordDecl *, const LambdaExpr *> &Lambdas;
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

  /// The variables outside functions and the fields that are code owners
  /// (codeOwner(D) == D), in \p Scope and what it declares, template
  /// instantiations included: the declarations outside functions are walked
  /// once, functions and lambdas not entered (no such variable or field is in
  /// them).
  static std::vector<const DeclaratorDecl *>
  initializerOwners(llvm::ArrayRef<Decl *> Scope);

  /// The lambda expression whose call operator (or other member) is \p
  /// Operator, if it is one: found along the source range of the closure
  /// class, else through the parents (the closure class, then the
  /// expression).
  const LambdaExpr *lambdaOf(const FunctionDecl *Operator);

  /// The parents of \p Lambda, the first parent first, up to the top of the
  /// code that holds it: the chain around() gives. Recorded for every lambda
  /// of that code in one traversal, which maps no other node: what a lambda
  /// is handed to is asked of every lambda, the parents of the rest of the
  /// code seldom.
  llvm::ArrayRef<ParentNode> lambdaAncestors(const LambdaExpr *Lambda);

  /// Frees the maps no recent question asked for. Called by the checks between
  /// two match callbacks, when no map around() returned is in use: the checks
  /// ask about the code they are matched on, in the order of the traversal, so
  /// the maps of code already left would otherwise stay for the whole
  /// translation unit (as large as the AST of that code). A map asked for
  /// again is rebuilt, the same as before.
  void releaseIdleMaps();

private:
  struct OwnerMap {
    std::unique_ptr<CodeParents> Code;
    /// The releaseIdleMaps round it was last asked for in.
    unsigned LastAsked = 0;
  };
  llvm::DenseMap<const Decl *, OwnerMap> ByOwner;
  /// The lambda expression of each closure class found so far. Kept when the
  /// maps are freed: lambdaOf is asked about lambdas of code left long ago (a
  /// template instantiation calling or copying a closure), and one entry per
  /// lambda spares rebuilding a whole map to find it.
  llvm::DenseMap<const CXXRecordDecl *, const LambdaExpr *> LambdaByClosure;
  /// The owner of each declaration asked about.
  llvm::DenseMap<const Decl *, const Decl *> OwnerByDecl;
  /// The code owner's declaration, from OwnerByDecl.
  const Decl *ownerFor(const Decl *D);

public:
  /// The ancestors of each lambda, by the owner of the code that holds it
  /// (the same lambda may be reached from more than one owner's code: a
  /// member initializer also from the constructors), in one store: small, so
  /// kept.
  struct LambdaAncestorIndex {
    /// Where in Nodes, and how many.
    llvm::DenseMap<std::pair<const Decl *, const LambdaExpr *>,
                   std::pair<unsigned, unsigned>>
        At;
    std::vector<ParentNode> Nodes;
  };

private:
  LambdaAncestorIndex LambdaAncestors;
  llvm::DenseSet<const Decl *> LambdaAncestorsRecorded;
  unsigned Round = 0;
};

/// True for the null node parentOf returns at the top.
inline bool isNull(const DynTypedNode &Node) {
  return Node.getNodeKind().isNone();
}

} // namespace clang::tidy::coroguard

#endif
