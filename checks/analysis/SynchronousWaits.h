//===--- SynchronousWaits.h - waits on awaitables, told by shape -*- C++ -*-===//
//
// Calls that wait synchronously for an awaitable, found by their shape where
// the catalog has no name for them (a project's own or a less known library's
// sync wait):
// - a free function, not a coroutine, whose name says it waits ("wait" in it:
//   sync_wait, syncAwait, blockingWait), taking an awaitable and returning
//   something that cannot be awaited (its result): coro::sync_wait(task);
// - a member get() or wait(), known only by its declaration, of a type that
//   can be awaited too (an eager task with a blocking accessor); one whose
//   body is visible is the call chain's business, which looks into it.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_ANALYSIS_SYNCHRONOUSWAITS_H
#define COROGUARD_CHECKS_ANALYSIS_SYNCHRONOUSWAITS_H

#include "Awaitables.h"
#include "catalog/Catalog.h"
#include "llvm/ADT/DenseMap.h"
#include <deque>
#include <string>

namespace clang::tidy::coroguard {

class SynchronousWaits {
public:
  explicit SynchronousWaits(AwaitableAnalysis &Awaitables)
      : Awaitables(Awaitables) {}
  SynchronousWaits(const SynchronousWaits &) = delete;
  SynchronousWaits &operator=(const SynchronousWaits &) = delete;

  /// A Blocking entry of category SyncWait named after the callee, if \p Call
  /// waits synchronously for an awaitable by one of the shapes above.
  const CatalogEntry *find(const Expr *Call);

private:
  bool isSyncWaitFunction(const FunctionDecl *Callee);
  bool isBlockingAccessor(const CXXMethodDecl *Method);
  const CatalogEntry *entryFor(const FunctionDecl *Callee);

  AwaitableAnalysis &Awaitables;
  llvm::DenseMap<const FunctionDecl *, const CatalogEntry *> Known;
  std::deque<std::string> Names;
  std::deque<CatalogEntry> Entries;
};

} // namespace clang::tidy::coroguard

#endif
