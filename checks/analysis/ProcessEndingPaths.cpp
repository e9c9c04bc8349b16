//===--- ProcessEndingPaths.cpp - code after which the process ends -------===//

#include "ProcessEndingPaths.h"
#include "Expressions.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "catalog/Names.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::coroguard {

/// The function \p S calls directly, if it is a call.
static const FunctionDecl *directCallee(const Stmt *S) {
  const auto *Call = dyn_cast_or_null<CallExpr>(S);
  return Call ? Call->getDirectCallee() : nullptr;
}

/// True if \p Body calls a [[noreturn]] function somewhere: only then can a
/// path in it end the process, and only then is its CFG worth building.
static bool callsNoReturn(const Stmt *Body) {
  return anyStmtWithin(Body, [](const Stmt *S) {
    const FunctionDecl *Callee = directCallee(S);
    return Callee && Callee->isNoReturn();
  });
}

/// Marks \p From and every block that reaches it backwards, except through
/// the blocks in \p Barrier.
static void markReaching(const CFGBlock &From, const llvm::BitVector &Barrier,
                         llvm::BitVector &Reached) {
  llvm::SmallVector<const CFGBlock *, 16> Pending{&From};
  Reached.set(From.getBlockID());
  while (!Pending.empty()) {
    for (const CFGBlock *Pred : Pending.pop_back_val()->preds()) {
      if (Pred && !Barrier.test(Pred->getBlockID()) &&
          !Reached.test(Pred->getBlockID())) {
        Reached.set(Pred->getBlockID());
        Pending.push_back(Pred);
      }
}
}
}

bool ProcessEndingPaths::isProcessEndingCall(const Stmt *S) {
  const FunctionDecl *Callee = directCallee(S);
  return Callee && endsProcess(Callee);
}

bool ProcessEndingPaths::endsProcess(const FunctionDecl *Callee) {
  const FunctionDecl *Key = Callee->getCanonicalDecl();
  if (auto Found = Enders.find(Key); Found != Enders.end())
    return Found->second;
  // Recursion: a function that only ends by calling itself does not end the
  // process.
  Enders[Key] = false;
  bool Ends = false;
  const FunctionDecl *Definition = nullptr;
  if (hasQualifiedNameIn(Callee, NameList::ProcessEnders) &&
      Callee->getASTContext().getSourceManager().isInSystemHeader(
          Callee->getLocation()))
    Ends = true;
  else if (!Callee->isNoReturn())
    Ends = false;
  else if (Callee->hasBody(Definition) && Definition->getBody())
    Ends = pathsOf(Definition).Ending.contains(Definition->getBody());
  else
    Ends = !(Callee->getIdentifier() &&
             Callee->getName().contains_insensitive("throw"));
  Enders[Key] = Ends;
  return Ends;
}

const ProcessEndingPaths::FunctionPaths &
ProcessEndingPaths::pathsOf(const FunctionDecl *Function) {
  auto [Found, Inserted] = Functions.try_emplace(Function);
  if (!Inserted)
    return Found->second;
  const Stmt *Body = Function->getBody();
  if (!Body || !callsNoReturn(Body))
    return Found->second;
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  std::unique_ptr<CFG> Graph =
      CFG::buildCFG(Function, const_cast<Stmt *>(Body),
                    &Function->getASTContext(), Options);
  if (!Graph)
    return Found->second;

  // Per block, the first process-ending call in it, if any.
  unsigned const Blocks = Graph->getNumBlockIDs();
  llvm::BitVector Ender(Blocks);
  llvm::DenseMap<const CFGBlock *, unsigned> EnderIndex;
  for (const CFGBlock *Block : *Graph) {
    unsigned Index = 0;
    for (const CFGElement &Element : *Block) {
      if (auto Statement = Element.getAs<CFGStmt>();
          Statement && isProcessEndingCall(Statement->getStmt())) {
        Ender.set(Block->getBlockID());
        EnderIndex[Block] = Index;
        break;
      }
      ++Index;
    }
  }
  llvm::BitVector CanExit(Blocks), CanEnd(Blocks);
  markReaching(Graph->getExit(), Ender, CanExit);
  llvm::BitVector const None(Blocks);
  for (const CFGBlock *Block : *Graph)
    if (Ender.test(Block->getBlockID()))
      markReaching(*Block, None, CanEnd);

  // Re-find: the recursion in isProcessEndingCall may have grown the map.
  FunctionPaths &Paths = Functions[Function];
  for (const CFGBlock *Block : *Graph) {
    unsigned const ID = Block->getBlockID();
    bool const Ends = Ender.test(ID) || (!CanExit.test(ID) && CanEnd.test(ID));
    if (!Ends)
      continue;
    unsigned const Last = Ender.test(ID) ? EnderIndex[Block] : Block->size();
    unsigned Index = 0;
    for (const CFGElement &Element : *Block) {
      if (Index++ >= Last)
        break;
      if (auto Statement = Element.getAs<CFGStmt>())
        Paths.Ending.insert(Statement->getStmt());
    }
    if (const Stmt *Condition = Block->getTerminatorStmt())
      Paths.Ending.insert(Condition);
    if (Block == &Graph->getEntry())
      Paths.Ending.insert(Body);
  }
  return Paths;
}

bool ProcessEndingPaths::endsProcessAfter(const Stmt *S,
                                          const FunctionDecl *Function) {
  const FunctionDecl *Definition = nullptr;
  if (!Function->hasBody(Definition))
    return false;
  return pathsOf(Definition).Ending.contains(S);
}

} // namespace clang::tidy::coroguard
