//===--- LocalParents.cpp - parents within one function's code ------------===//

#include "LocalParents.h"
#include "Expressions.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::coroguard {
namespace {

/// The variable, or the function by its default arguments, whose declaration
/// holds \p Closure, a lambda written at namespace scope: clang records it as
/// the lambda's context only for inline variables.
const Decl *namespaceScopeHolder(const CXXRecordDecl *Closure) {
  const SourceManager &Sources = Closure->getASTContext().getSourceManager();
  const SourceLocation Lambda = Closure->getLocation();
  if (Lambda.isInvalid())
    return nullptr;
  for (const Decl *D : Closure->getLexicalDeclContext()->decls()) {
    // Implicit declarations (the global operator new) have no location.
    const SourceRange Range = D->getSourceRange();
    if (isa<VarDecl, FunctionDecl>(D) && Range.isValid() &&
        Sources.isPointWithin(Lambda, Range.getBegin(), Range.getEnd()))
      return D;
  }
  return nullptr;
}

/// The declaration whose code holds \p D: the outermost function around it, or
/// the variable or field (also a parameter, by its default argument) whose
/// initializer holds the lambda D is written in, else that lambda's closure
/// class (a lambda in a template argument); D itself at namespace or class
/// scope.
const Decl *ownerOf(const Decl *D) {
  const Decl *Owner = D;
  for (const Decl *Current = D; Current;) {
    const auto *Closure = dyn_cast<CXXRecordDecl>(Current);
    if (Closure && !Closure->isLambda())
      Closure = nullptr;
    if (Closure || isa<FunctionDecl, VarDecl, FieldDecl>(Current))
      Owner = Current;
    const Decl *Next = nullptr;
    // A closure's declaration context is the scope around the initializer.
    if (Closure) {
      Next = Closure->getLambdaContextDecl();
      if (!Next &&
          Closure->getLexicalDeclContext()->getRedeclContext()->isFileContext())
        Next = namespaceScopeHolder(Closure);
    }
    if (!Next)
      if (const DeclContext *Scope = Current->getLexicalDeclContext())
        Next = Decl::castFromDeclContext(Scope);
    Current = Next;
  }
  return Owner;
}

/// Records the parents the way ASTContext's parent map does (the same
/// traversal: implicit code and template instantiations), for declarations and
/// statements only: those of every node into \p Parents, or only the chains
/// of the lambdas of \p Owner's code into \p Ancestors. A node's parent is
/// recorded at its first visit, and a traversal visits a node's children on
/// every visit, so the nodes around a lambda at its first visit are each at
/// their first visit too: the chain of first parents. The implicit code of a
/// coroutine is traversed only with \p ImplicitCoroutineCode. A
/// RecursiveASTVisitor, not a dynamic one: its data recursion keeps deeply
/// nested expressions off the stack.
class ParentCollector : public RecursiveASTVisitor<ParentCollector> {
public:
  ParentCollector(
      llvm::DenseMap<const void *, ParentNode> *Parents,
      llvm::DenseMap<const CXXRecordDecl *, const LambdaExpr *> &Lambdas,
      LocalParents::LambdaAncestorIndex *Ancestors, const Decl *Owner,
      bool ImplicitCoroutineCode)
      : Parents(Parents), Lambdas(Lambdas), Ancestors(Ancestors),
        Owner(Owner), ImplicitCoroutineCode(ImplicitCoroutineCode) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }

  bool TraverseDecl(Decl *D) {
    if (!D)
      return true;
    enter(D);
    const bool Result = RecursiveASTVisitor::TraverseDecl(D);
    Stack.pop_back();
    return Result;
  }
  bool dataTraverseStmtPre(Stmt *S) {
    if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
      Lambdas.try_emplace(Lambda->getLambdaClass(), Lambda);
      if (Ancestors &&
          Ancestors->At
              .try_emplace({Owner, Lambda}, Ancestors->Nodes.size(),
                           Stack.size())
              .second)
        llvm::append_range(Ancestors->Nodes, llvm::reverse(Stack));
    }
    enter(S);
    return true;
  }
  bool dataTraverseStmtPost(Stmt * /*S*/) {
    Stack.pop_back();
    return true;
  }

  // The implicit code of a coroutine (the promise, the initial and final
  // suspends, the awaiter calls of each co_await, the promise call of a
  // co_return) is built around what is written, which comes first among the
  // children: a node written in the owner's code is reached there first, so
  // its chain is the same without the rest. Only the parents of the implicit
  // nodes need it.
  bool TraverseCoroutineBodyStmt(CoroutineBodyStmt *S,
                                 DataRecursionQueue *Queue = nullptr) {
    if (ImplicitCoroutineCode)
      return RecursiveASTVisitor::TraverseCoroutineBodyStmt(S, Queue);
    return TraverseStmt(S->getBody(), Queue);
  }
  bool TraverseCoreturnStmt(CoreturnStmt *S,
                            DataRecursionQueue *Queue = nullptr) {
    if (ImplicitCoroutineCode)
      return RecursiveASTVisitor::TraverseCoreturnStmt(S, Queue);
    return TraverseStmt(S->getOperand(), Queue);
  }
  bool TraverseCoawaitExpr(CoawaitExpr *S,
                           DataRecursionQueue *Queue = nullptr) {
    if (ImplicitCoroutineCode)
      return RecursiveASTVisitor::TraverseCoawaitExpr(S, Queue);
    return TraverseStmt(S->getOperand(), Queue);
  }
  bool TraverseCoyieldExpr(CoyieldExpr *S,
                           DataRecursionQueue *Queue = nullptr) {
    if (ImplicitCoroutineCode)
      return RecursiveASTVisitor::TraverseCoyieldExpr(S, Queue);
    return TraverseStmt(S->getOperand(), Queue);
  }
  bool TraverseDependentCoawaitExpr(DependentCoawaitExpr *S,
                                    DataRecursionQueue *Queue = nullptr) {
    if (ImplicitCoroutineCode)
      return RecursiveASTVisitor::TraverseDependentCoawaitExpr(S, Queue);
    return TraverseStmt(S->getOperand(), Queue);
  }

private:
  /// Keyed as DynTypedNode::getMemoizationData keys a declaration or a
  /// statement: by its address as a Decl or a Stmt.
  template <typename NodeType> void enter(const NodeType *Node) {
    // The first parent wins, as in ASTContext::getParents()[0].
    if (Parents && !Stack.empty())
      Parents->try_emplace(static_cast<const void *>(Node), Stack.back());
    Stack.push_back(Node);
  }

  llvm::DenseMap<const void *, ParentNode> *Parents;
  llvm::DenseMap<const CXXRecordDecl *, const LambdaExpr *> &Lambdas;
  LocalParents::LambdaAncestorIndex *Ancestors;
  const Decl *Owner;
  bool ImplicitCoroutineCode;
  llvm::SmallVector<ParentNode, 32> Stack;
};

/// The code that \p Owner holds, as statements: a function's body, member
/// initializers and default arguments, a variable's or field's initializer.
llvm::SmallVector<const Stmt *, 4> codeRoots(const Decl *Owner) {
  llvm::SmallVector<const Stmt *, 4> Roots;
  if (const auto *Function = dyn_cast<FunctionDecl>(Owner)) {
    Roots.push_back(Function->getBody());
    for (const ParmVarDecl *Param : Function->parameters())
      if (Param->hasDefaultArg() && !Param->hasUnparsedDefaultArg() &&
          !Param->hasUninstantiatedDefaultArg())
        Roots.push_back(Param->getDefaultArg());
    if (const auto *Constructor = dyn_cast<CXXConstructorDecl>(Function))
      for (const CXXCtorInitializer *Init : Constructor->inits())
        Roots.push_back(Init->getInit());
  } else if (const auto *Var = dyn_cast<VarDecl>(Owner)) {
    Roots.push_back(Var->getInit());
  } else if (const auto *Field = dyn_cast<FieldDecl>(Owner)) {
    Roots.push_back(Field->getInClassInitializer());
  }
  return Roots;
}

/// The lambda expression of \p Closure within \p Roots, descending only
/// into the statements whose source range holds the lambda: a path through
/// the code, where a parent map would hold all of it.
const LambdaExpr *findLambdaAlongRange(const CXXRecordDecl *Closure,
                                       llvm::ArrayRef<const Stmt *> Roots) {
  const SourceManager &Sources = Closure->getASTContext().getSourceManager();
  // A closure class is declared at the lambda's introducer, where the
  // lambda expression begins.
  const SourceLocation Introducer = Closure->getLocation();
  if (Introducer.isInvalid())
    return nullptr;
  llvm::SmallVector<const Stmt *, 32> Work(Roots.begin(), Roots.end());
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    const SourceRange Range = S->getSourceRange();
    if (Range.isValid() && !Sources.isPointWithin(Introducer, Range.getBegin(),
                                                  Range.getEnd()))
      continue;
    if (const auto *Lambda = dyn_cast<LambdaExpr>(S);
        Lambda && Lambda->getLambdaClass() == Closure)
      return Lambda;
    pushChildren(Work, S);
  }
  return nullptr;
}

/// Finds LocalParents::initializerOwners: a traversal of declarations only,
/// as the MatchFinder's (implicit code and template instantiations), that
/// enters neither statements, types, functions nor closures (whose fields
/// are their lambda's code).
class InitializerOwnerFinder
    : public RecursiveASTVisitor<InitializerOwnerFinder> {
public:
  explicit InitializerOwnerFinder(std::vector<const DeclaratorDecl *> &Owners)
      : Owners(Owners) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }

  bool TraverseDecl(Decl *D) {
    if (!D || isa<FunctionDecl>(D))
      return true;
    if (const auto *Var = dyn_cast<VarDecl>(D)) {
      if (!Var->hasLocalStorage() && ownerOf(Var) == Var)
        Owners.push_back(Var);
      return true;
    }
    if (const auto *Field = dyn_cast<FieldDecl>(D)) {
      if (ownerOf(Field) == Field)
        Owners.push_back(Field);
      return true;
    }
    if (const auto *Record = dyn_cast<CXXRecordDecl>(D);
        Record && Record->isLambda())
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }
  // Every declaration outside functions is in the declarations of its scope:
  // none is reached only through a statement or a type.
  bool TraverseStmt(Stmt * /*S*/, DataRecursionQueue * /*Queue*/ = nullptr) {
    return true;
  }
  bool TraverseTypeLoc(TypeLoc /*TL*/, bool /*TraverseQualifier*/ = true) {
    return true;
  }

private:
  std::vector<const DeclaratorDecl *> &Owners;
};

} // namespace

const Decl *LocalParents::codeOwner(const Decl *D) { return ownerOf(D); }

std::vector<const DeclaratorDecl *>
LocalParents::initializerOwners(llvm::ArrayRef<Decl *> Scope) {
  std::vector<const DeclaratorDecl *> Owners;
  InitializerOwnerFinder Finder(Owners);
  for (Decl *D : Scope)
    Finder.TraverseDecl(D);
  return Owners;
}

const Decl *LocalParents::ownerFor(const Decl *D) {
  const Decl *&Owner = OwnerByDecl[D];
  if (!Owner)
    Owner = ownerOf(D);
  return Owner;
}

const CodeParents &LocalParents::around(const Decl *D) {
  const Decl *Owner = ownerFor(D);
  OwnerMap &Map = ByOwner[Owner];
  Map.LastAsked = Round;
  if (!Map.Code) {
    Map.Code.reset(new CodeParents(Owner, LambdaByClosure));
    // The traversal does not change the AST; it only takes it non-const.
    ParentCollector(&Map.Code->Parents, LambdaByClosure, nullptr, Owner,
                    /*ImplicitCoroutineCode=*/false)
        .TraverseDecl(const_cast<Decl *>(Owner));
  }
  return *Map.Code;
}

void CodeParents::mapImplicitCode() const {
  WrittenOnly = false;
  // Traversed again from the top: the written nodes keep the parents they
  // have, the same, and the implicit ones are added.
  ParentCollector(&Parents, Lambdas, nullptr, Owner,
                  /*ImplicitCoroutineCode=*/true)
      .TraverseDecl(const_cast<Decl *>(Owner));
}

llvm::ArrayRef<ParentNode>
LocalParents::lambdaAncestors(const LambdaExpr *Lambda) {
  // Asked as around(Lambda->getLambdaClass()) would be.
  const Decl *Owner = ownerFor(Lambda->getLambdaClass());
  if (LambdaAncestorsRecorded.insert(Owner).second)
    ParentCollector(nullptr, LambdaByClosure, &LambdaAncestors, Owner,
                    /*ImplicitCoroutineCode=*/false)
        .TraverseDecl(const_cast<Decl *>(Owner));
  auto Found = LambdaAncestors.At.find({Owner, Lambda});
  if (Found == LambdaAncestors.At.end())
    return {};
  const auto [Begin, Count] = Found->second;
  return llvm::ArrayRef(LambdaAncestors.Nodes).slice(Begin, Count);
}

void LocalParents::releaseIdleMaps() {
  // The checks' callbacks on one declaration follow each other, and their
  // questions stay within a few declarations around it; a map is kept for
  // this many callbacks after it was last asked for.
  constexpr unsigned KeptRounds = 8;
  constexpr unsigned KeptMaps = 16;
  ++Round;
  if (ByOwner.size() <= KeptMaps)
    return;
  for (auto It = ByOwner.begin(), End = ByOwner.end(); It != End;) {
    auto Entry = It++;
    if (Round - Entry->second.LastAsked > KeptRounds)
      ByOwner.erase(Entry);
  }
}

const LambdaExpr *LocalParents::lambdaOf(const FunctionDecl *Operator) {
  const auto *Method = dyn_cast<CXXMethodDecl>(Operator);
  if (!Method || !Method->getParent()->isLambda())
    return nullptr;
  const CXXRecordDecl *Closure = Method->getParent();
  if (const LambdaExpr *Indexed = LambdaByClosure.lookup(Closure))
    return Indexed;
  if (const LambdaExpr *Found =
          findLambdaAlongRange(Closure, codeRoots(ownerFor(Method)))) {
    LambdaByClosure[Closure] = Found;
    return Found;
  }
  // The call operator's parent is the closure class (through a template for a
  // generic lambda), whose parent is the lambda expression.
  const CodeParents &Code = around(Method);
  DynTypedNode Node = DynTypedNode::create(*Method);
  for (unsigned Depth = 0; Depth < 4; ++Depth) {
    Node = Code.parentOf(Node);
    if (isNull(Node))
      return nullptr;
    if (const auto *Lambda = Node.get<LambdaExpr>())
      return Lambda;
  }
  return nullptr;
}

} // namespace clang::tidy::coroguard
