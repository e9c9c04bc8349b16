//===--- ExecutorSwitches.cpp - where a co_await resumes ------------------===//

#include "ExecutorSwitches.h"
#include "Expressions.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::coroguard {

namespace {

/// The last argument of class type: Asio's initiating functions take the
/// completion token last, before defaulted constraint parameters.
const Expr *completionToken(const CallExpr *Call) {
  for (const Expr *Arg : llvm::reverse(Call->arguments()))
    if (Arg->getType()->isRecordType())
      return Arg;
  return nullptr;
}

} // namespace

/// The operand of \p Await, a CoawaitExpr or a DependentCoawaitExpr.
static const Expr *awaitOperand(const Expr *Await) {
  if (const auto *Resolved = dyn_cast_or_null<CoawaitExpr>(Await))
    return Resolved->getOperand();
  if (const auto *Dependent = dyn_cast_or_null<DependentCoawaitExpr>(Await))
    return Dependent->getOperand();
  return nullptr;
}

const Expr *ExecutorSwitches::lastSwitchIn(const Stmt *S) {
  if (auto Known = Switches.find(S); Known != Switches.end())
    return Known->second;
  const Expr *Last = nullptr;
  // Only what runs whenever S runs: expressions and declarations, not nested
  // blocks, branches, loops or lambdas.
  if (isa<Expr, DeclStmt>(S)) {
    llvm::SmallVector<const Stmt *, 16> Work{S};
    while (!Work.empty()) {
      const Stmt *Node = Work.pop_back_val();
      if (!Node || isa<LambdaExpr>(Node))
        continue;
      if (isa<CoawaitExpr, DependentCoawaitExpr>(Node)) {
        const auto *Await = cast<Expr>(Node);
        if (classifyResumption(Await))
          Last = Await;
        Work.push_back(awaitOperand(Await));
        continue;
      }
      // Pre-order, children first to last: a later switch overrides.
      llvm::SmallVector<const Stmt *, 8> Children(Node->children());
      llvm::append_range(Work, llvm::reverse(Children));
    }
  }
  Switches[S] = Last;
  return Last;
}

std::optional<Resumption>
ExecutorSwitches::classifyResumption(const Expr *Await) const {
  const Expr *Operand = awaitOperand(Await);
  const auto *Call =
      Operand ? dyn_cast<CallExpr>(Operand->IgnoreImplicit()->IgnoreParens())
              : nullptr;
  if (!Call)
    return std::nullopt;
  // An operation completes where its completion token says.
  if (const Expr *Token = completionToken(Call)) {
    if (Known.findType(Token->getType(), EntryKind::TokenBinder))
      return Resumption{false, Known.executorPlace(Token->getType())};
    if (Known.isCoroutineToken(Token->getType()))
      return Resumption{true, ExecutorPlace::Unknown};
  }
  const CatalogEntry *Entry = Known.findCall(Call, EntryKind::ExecutorSwitch);
  if (!Entry)
    return std::nullopt;
  const Expr *Executor = executorOf(Call);
  ExecutorPlace Place = classifyExecutor(Executor);
  if (Place == ExecutorPlace::Unknown &&
      !(Executor && Known.isExecutorLike(Executor->getType()))) {
    // A configured switch that names no executor is taken at its word.
    if (!Entry->FromOptions)
      return std::nullopt;
    Place = ExecutorPlace::OffLoop;
  }
  return Resumption{false, Place};
}

ExecutorPlace ExecutorSwitches::classifyExecutor(const Expr *Executor) const {
  return classifyExecutorExpr(Executor, 0);
}

ExecutorPlace ExecutorSwitches::classifyExecutorExpr(const Expr *Executor,
                                                     unsigned Depth) const {
  if (!Executor || Depth > 8)
    return ExecutorPlace::Unknown;
  const ExecutorPlace Place = Known.executorPlace(Executor->getType());
  if (Place != ExecutorPlace::Unknown)
    return Place;
  // A type-erased executor: where it came from decides.
  const Expr *E = stripObject(Executor);
  // A loop-affine object's own executor is the loop it belongs to.
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (Method && Method->getIdentifier() &&
        isInNameList(NameList::ExecutorGetters, Method->getName()) &&
        Known.findLoopAffineType(Call->getObjectType()))
      return ExecutorPlace::Loop;
    return ExecutorPlace::Unknown;
  }
  // A strand made on it (asio::make_strand(socket.get_executor())).
  if (isa<CallExpr, CXXConstructExpr>(E) &&
      Known.findType(E->getType(), EntryKind::ExecutorAdaptor)) {
    const Expr *Inner = nullptr;
    if (const auto *Call = dyn_cast<CallExpr>(E); Call && Call->getNumArgs())
      Inner = Call->getArg(0);
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
        Construct && Construct->getNumArgs())
      Inner = Construct->getArg(0);
    return classifyExecutorExpr(Inner, Depth + 1);
  }
  // A local variable holding one.
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Var && Var->isLocalVarDecl() && !Var->getType()->isReferenceType() &&
        Var->getInit())
      return classifyExecutorExpr(Var->getInit(), Depth + 1);
  }
  return ExecutorPlace::Unknown;
}

} // namespace clang::tidy::coroguard
