//===--- ExecutorSwitches.h - where a co_await resumes ---------*- C++ -*-===//
//
// Where an executor runs work, and where a co_await resumes its coroutine.
// Executors are classified by the type of the executor, never by a function's
// name: a thread_pool (or its executor) is off the loop; an io_context, its
// executor or a strand on it is the loop; any_io_executor and other
// type-erased executors are unknown, unless the expression shows where they
// come from (a loop-affine object's get_executor() is that object's loop, a
// strand on it too). Executors held through pointers and std smart pointers
// are classified by their pointee.
//
// Switches follow Asio's rules (verified with Asio 1.22): an operation
// completes where its completion token is bound (asio::bind_executor(pool,
// use_awaitable) moves the coroutine to the pool), while a plain use_awaitable
// resumes the coroutine on its own executor, wherever the operation ran (so
// asio::post(pool, use_awaitable) does not leave the loop). Catalogued switches
// (pool.schedule(), resume_on(ex)) move to the executor they name.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_ANALYSIS_EXECUTORSWITCHES_H
#define COROGUARD_CHECKS_ANALYSIS_EXECUTORSWITCHES_H

#include "catalog/Catalog.h"
#include "catalog/Names.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseMap.h"
#include <optional>

namespace clang::tidy::coroguard {

/// Where a co_await resumes its coroutine, when that can differ from where it
/// was.
struct Resumption {
  /// On the coroutine's own executor: an operation completing with
  /// use_awaitable.
  bool OnOwnExecutor = false;
  /// Otherwise where the named executor runs work.
  ExecutorPlace Place = ExecutorPlace::Unknown;
};

class ExecutorSwitches {
public:
  explicit ExecutorSwitches(const Catalog &Known) : Known(Known) {}

  /// Where the coroutine resumes after \p Await, if that can differ from where
  /// it was: an operation whose completion token is bound to an executor
  /// (asio::bind_executor), one completing with use_awaitable (the coroutine's
  /// own executor), or a catalogued switch (pool.schedule(), resume_on(ex)).
  /// \p Await is a CoawaitExpr, or a DependentCoawaitExpr in a coroutine
  /// template: a template is read as its instantiations are.
  std::optional<Resumption> classifyResumption(const Expr *Await) const;

  /// Where the executor, execution context or strand \p Executor runs work:
  /// by its type, else by where a type-erased one comes from (a loop-affine
  /// object's get_executor(), a strand made on one, a local initialized so).
  ExecutorPlace classifyExecutor(const Expr *Executor) const;

  /// The last co_await in \p S that runs whenever S runs and may switch
  /// executors; cached per statement.
  const Expr *lastSwitchIn(const Stmt *S);

private:
  ExecutorPlace classifyExecutorExpr(const Expr *Executor,
                                     unsigned Depth) const;

  const Catalog &Known;
  llvm::DenseMap<const Stmt *, const Expr *> Switches;
};

} // namespace clang::tidy::coroguard

#endif
