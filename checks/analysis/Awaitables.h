//===--- Awaitables.h - what can be co_awaited, how it starts --*- C++ -*-===//
//
// Answers, by the shape of a type and without Sema: can it be co_awaited, is it
// a coroutine return type (and with which promise), and does the coroutine
// start lazily (initial_suspend suspends: nothing runs until awaited) or
// eagerly. Cached per canonical type; one instance per translation unit,
// shared by the checks (TUAnalysis).
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_ANALYSIS_AWAITABLES_H
#define COROGUARD_CHECKS_ANALYSIS_AWAITABLES_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <cstdint>

namespace clang::tidy::coroguard {

/// How a coroutine returning the type starts running.
enum class Start : std::uint8_t { Lazy, Eager, Unknown };

struct AwaitableInfo {
  /// Can be co_awaited: await_ready/await_suspend/await_resume members, a
  /// member or free operator co_await, or the type is co_awaited somewhere in
  /// the translation unit.
  bool IsAwaitable = false;
  /// Awaitability cannot be decided without Sema (e.g. a generic `T&&` operator
  /// co_await).
  bool IsUndecidable = false;
  /// The promise found through std::coroutine_traits or a member promise_type,
  /// if any.
  const CXXRecordDecl *Promise = nullptr;
  /// From the promise's initial_suspend; without a promise, Eager for a future
  /// (a type that can also be waited on and read by blocking); Unknown when it
  /// can't be told.
  Start StartMode = Start::Unknown;
  /// An awaiter that carries no work: awaiting it does nothing, or only
  /// suspends for good, and yields nothing (std::suspend_always; an awaiter
  /// whose await_ready returns a constant true and whose await_resume is
  /// empty, as std::suspend_never's). Dropping one loses nothing.
  bool CarriesNoWork = false;
  /// Its values must be used: [[nodiscard]] on the class or on the template
  /// it is a specialization of (or, by option, the type is listed as eager).
  /// For an eager type this is the framework's statement that dropping one is
  /// a bug; without it, the started work is the framework's to let go.
  bool MustBeUsed = false;
};

class AwaitableAnalysis {
public:
  explicit AwaitableAnalysis(ASTContext &Context) : Context(Context) {}

  /// Classifies \p Type (references and cv-qualifiers are looked through),
  /// by its shape and by the co_awaits noted so far.
  AwaitableInfo classify(QualType Type);
  /// Classifies \p Type by its shape alone: the answer does not depend on
  /// which co_awaits were noted before the question.
  AwaitableInfo classifyByShape(QualType Type);

  /// Records that \p Type is the operand of a co_await somewhere in the TU.
  void noteCoAwaited(QualType Type);

  /// True for a coroutine (its body is a coroutine body) whose return type is
  /// awaitable by shape: a task, not a generator.
  bool isTaskCoroutine(const FunctionDecl *Function);

  /// The promise of \p Function if it is a coroutine whose promise type is
  /// known.
  const CXXRecordDecl *promiseOf(const FunctionDecl *Function) const;

  /// True only if `co_await` of a \p Awaited is certainly valid in a coroutine
  /// with \p Promise: the promise has no await_transform and the type is
  /// awaitable by shape, or an await_transform overload takes exactly that type
  /// (or its template).
  bool promiseAccepts(const CXXRecordDecl *Promise, QualType Awaited);

private:
  AwaitableInfo compute(QualType Type) const;

  ASTContext &Context;
  llvm::DenseMap<const Type *, AwaitableInfo> Cache;
  llvm::DenseSet<const Type *> CoAwaited;
};

} // namespace clang::tidy::coroguard

#endif
