//===--- ExecutionContext.h - where does this code run ---------*- C++ -*-===//
//
// Classifies code by the thread that runs it: the body of a task coroutine (on
// the loop), a lambda run inline there, a callable handed to a thread or a
// pool, a callable posted back to the loop, coroutine code after a co_await
// switched executors, or unknown. Executors are classified by the type of the
// executor argument, never by the function's name: a thread_pool (or its
// executor) is off the loop; an io_context, its executor or a strand on it is
// the loop; any_io_executor and other type-erased executors are unknown, unless
// the expression shows where they come from (a loop-affine object's
// get_executor() is that object's loop, a strand on it too). Executors held
// through pointers and std smart pointers are classified by their pointee.
//
// A task coroutine starts on the loop, unless it takes a catalogued executor
// tag (concurrencpp::executor_tag, executor): then on that executor. A
// coroutine lambda whose task only ever goes straight to a sync wait runs on
// the thread of the code around the wait.
//
// Executor switches follow Asio's rules (verified with Asio 1.22): an operation
// completes where its completion token is bound (asio::bind_executor(pool,
// use_awaitable) moves the coroutine to the pool), while a plain use_awaitable
// resumes the coroutine on its own executor, wherever the operation ran (so
// asio::post(pool, use_awaitable) does not leave the loop). Catalogued switches
// (pool.schedule(), resume_on(ex)) move to the executor they name.
//
// Switches are flow-approximate: a switch decides for the statements after it
// in the same block and in blocks nested there (it must dominate
// syntactically), until the next switch. One instance per translation unit;
// results are cached per node.
//
// Threads: a function given by name (or as a member function pointer) to a
// thread start runs off the loop like a lambda given there, and so do the
// functions the catalog names as off-loop; a thread whose code runs an event
// loop is that loop's thread. Objects are owned by the code that runs them or
// shared with other threads (objectOwnership), belong to the execution context
// they were created with (loopOf), and a thread started to run a loop keeps
// running it, in the function that started it, until it is joined
// (loopThreadRunningAt).
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_ANALYSIS_EXECUTIONCONTEXT_H
#define COROGUARD_CHECKS_ANALYSIS_EXECUTIONCONTEXT_H

#include "Awaitables.h"
#include "catalog/Catalog.h"
#include "LocalParents.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <optional>

namespace clang::tidy::coroguard {

enum class CodeContext : std::uint8_t {
  /// No evidence where it runs: a plain function, or code outside functions.
  Ordinary,
  /// The body of a task coroutine, on the thread that runs it: the loop, also
  /// after a switch back to it.
  CoroutineBody,
  /// A lambda run synchronously inside a coroutine body: called in place, or
  /// given to a std algorithm.
  InlineLambda,
  /// A callable run on its own thread or a pool (std::thread, std::async,
  /// pthread_create, asio::post(pool, f)), or a coroutine spawned on a pool;
  /// also a function given to one by name, and a catalogued off-loop function.
  OffLoopThread,
  /// A thread body that runs the event loop (calls io_context::run, directly
  /// or through project functions).
  LoopThread,
  /// A callable posted or dispatched back to the loop: an io_context, its
  /// executor or a strand on it.
  PostedToLoop,
  /// Coroutine code after a co_await switched it to a pool, until a switch
  /// back.
  AfterSwitchOffLoop,
  /// A type-erased executor (any_io_executor), a switch to one, or a callable
  /// handed to code that cannot be seen into.
  Unknown,
};

struct Placement {
  CodeContext Context = CodeContext::Ordinary;
  /// The task coroutine the code belongs to (CoroutineBody, InlineLambda,
  /// AfterSwitchOffLoop, and code after a switch to an unknown executor).
  const FunctionDecl *Coroutine = nullptr;
  /// What decided: the call that hands the callable over, or the co_await that
  /// switched executors; null for a plain coroutine body.
  const Expr *Cause = nullptr;
  /// The function whose code this is, up to where the placement is decided:
  /// the lambda handed over, a thread's entry function, the coroutine, the
  /// plain function; lambdas run inline belong to the function around them.
  const FunctionDecl *Body = nullptr;

  /// On the thread that runs the coroutine, i.e. the loop.
  bool onCoroutineThread() const {
    return Context == CodeContext::CoroutineBody ||
           Context == CodeContext::InlineLambda;
  }
  bool onLoop() const {
    return onCoroutineThread() || Context == CodeContext::LoopThread ||
           Context == CodeContext::PostedToLoop;
  }
  bool offLoop() const {
    return Context == CodeContext::OffLoopThread ||
           Context == CodeContext::AfterSwitchOffLoop;
  }
};

/// Who may use an object, seen from the code that uses it.
enum class Ownership : std::uint8_t {
  /// Only this code: a local declared in it, a by-value parameter, a copy
  /// captured by value, a temporary, an object it created through a pointer.
  Owned,
  /// Also code elsewhere: captured by reference, a member (of *this), a
  /// reference parameter, a global or static, reached through a pointer the
  /// code did not create.
  Shared,
  /// Cannot be told (a reference returned by a free function, a conditional).
  Unknown,
};

/// Where a co_await resumes its coroutine, when that can differ from where it
/// was.
struct Resumption {
  /// On the coroutine's own executor: an operation completing with
  /// use_awaitable.
  bool OnOwnExecutor = false;
  /// Otherwise where the named executor runs work.
  ExecutorPlace Place = ExecutorPlace::Unknown;
};

class ExecutionContext {
public:
  ExecutionContext(ASTContext &Context, const Catalog &Known,
                   AwaitableAnalysis &Awaitables, LocalParents &Parents)
      : Context(Context), Known(Known), Awaitables(Awaitables),
        Parents(Parents) {}

  /// Where \p S runs; \p Within is a declaration whose code holds S (the
  /// function S was found in).
  Placement classify(const Stmt *S, const Decl *Within);

  /// How the body of \p Lambda runs: InlineLambda (where the lambda expression
  /// is), or a placement of its own decided by what the closure is handed to.
  Placement classifyLambda(const LambdaExpr *Lambda);

  /// Where the callables given to \p Call (a CallExpr or CXXConstructExpr) run,
  /// if it is a thread start (also an emplace into a container of threads) or
  /// an offload: OffLoopThread, PostedToLoop or Unknown. LoopThread is told
  /// apart per callable, by classifyLambda.
  std::optional<Placement> classifyOffload(const Expr *Call) const;

  /// Where the coroutine resumes after \p Await, if that can differ from where
  /// it was: an operation whose completion token is bound to an executor
  /// (asio::bind_executor), one completing with use_awaitable (the coroutine's
  /// own executor), or a catalogued switch (pool.schedule(), resume_on(ex)).
  std::optional<Resumption> classifyResumption(const CoawaitExpr *Await) const;

  /// Where the executor, execution context or strand \p Executor runs work:
  /// by its type, else by where a type-erased one comes from (a loop-affine
  /// object's get_executor(), a strand made on one, a local initialized so).
  ExecutorPlace classifyExecutor(const Expr *Executor) const;

  /// Visits, in source order, the statements that run when \p Body runs:
  /// lambdas run inline are entered; lambdas run elsewhere, coroutine lambdas,
  /// unevaluated operands, discarded 'if constexpr' branches and the implicit
  /// coroutine machinery are not.
  void forEachInlineStmt(const Stmt *Body,
                         llvm::function_ref<void(const Stmt *)> Visit);

  /// Who may use the object \p Object (an expression of class type, or a
  /// pointer to the object, as the object of a member call) denotes, seen from
  /// the code of \p Code (Placement::Body): owned by it or shared with code
  /// running elsewhere. A reference returned by a member function is taken to
  /// be part of the object it is called on (lowest_layer(), operator[]).
  Ownership objectOwnership(const Expr *Object, const FunctionDecl *Code);

  /// The variable or member that names the execution context (io_context)
  /// the object \p Object was created with, or that \p Object itself is:
  /// followed through initializers (the first constructor argument, an
  /// executor obtained from it, a strand on it, a constructor's member
  /// initializers); null if it cannot be told.
  const ValueDecl *loopOf(const Expr *Object);

  struct LoopThreadStart {
    /// The thread start (or the offload to a pool).
    const Expr *Start = nullptr;
    /// The execution context its thread runs.
    const ValueDecl *Loop = nullptr;
  };
  /// A thread that runs the loop \p Object belongs to (loopOf) and may still
  /// be running at \p S (in the code of \p Within, as for classify): started
  /// before S in S's function (in S's block or an enclosing one, or inside a
  /// statement before it there; lambdas run in place are seen through), after
  /// the object was declared, and not joined before S. Joined: a waiting
  /// member (join, get, wait) called on the thread's variable, on the
  /// container it was emplaced into (also by a range-for over it), or on the
  /// pool it was posted to, or pthread_join. A std::jthread joins at the end of
  /// its scope, which S is inside of.
  std::optional<LoopThreadStart>
  loopThreadRunningAt(const Stmt *S, const Decl *Within, const Expr *Object);

  /// True if \p Function has a coroutine body with an awaitable return type.
  bool isTaskCoroutine(const FunctionDecl *Function) {
    return Awaitables.isTaskCoroutine(Function);
  }

  /// True if \p Callee is the call operator of a lambda written inside \p
  /// Function: its body is already covered where the lambda is (see
  /// forEachInlineStmt).
  static bool isLambdaWrittenIn(const FunctionDecl *Callee,
                                const FunctionDecl *Function);

  /// True if \p Function is the call operator of a lambda handed to a thread
  /// or an executor: its body runs there, whoever calls it (a library's
  /// template that runs the work it was given).
  bool isHandedOff(const FunctionDecl *Function);

private:
  /// What the closure or callable \p Use (an argument or a variable reference,
  /// in the code of \p Within) is handed to, climbing through implicit
  /// conversions and temporaries. Sets \p BoundTo when it initializes a local
  /// variable, whose uses decide instead.
  std::optional<Placement> classifyUse(const Expr *Use, const Decl *Within,
                                       const VarDecl *&BoundTo);
  Placement classifyVariableUses(const VarDecl *Closure);
  /// The lambda expression whose call operator is \p Operator, if it is one.
  const LambdaExpr *lambdaOf(const FunctionDecl *Operator);
  Placement placeLambdaBody(const LambdaExpr *Lambda,
                            llvm::ArrayRef<const Stmt *> Path);
  Placement applySwitches(Placement Start, llvm::ArrayRef<const Stmt *> Path);
  /// The last co_await in \p S that runs whenever S runs and may switch
  /// executors.
  const CoawaitExpr *switchIn(const Stmt *S);
  bool runsLoop(const Stmt *Body);
  /// Whether \p Body runs an event loop, directly or through project
  /// functions (a few calls deep); the execution contexts it runs directly
  /// are added to \p Loops.
  bool collectLoops(const Stmt *Body,
                    llvm::SmallVectorImpl<const ValueDecl *> *Loops,
                    unsigned Depth);
  /// Where the body of the plain function \p Function runs: off the loop if
  /// the catalog says so or a thread start is given it by name.
  Placement placeFunctionBody(const FunctionDecl *Function);
  void indexThreadEntries();
  /// Whether the thread started by \p Start (a thread start or offload) runs
  /// \p Loop: one of its callables is a loop thread running it.
  bool startsLoopThread(const Expr *Start, const ValueDecl *Loop);
  /// The function named by a callable argument: 'worker', '&Server::run'.
  static const FunctionDecl *namedCallable(const Expr *Arg);
  ExecutorPlace classifyExecutorExpr(const Expr *Executor,
                                     unsigned Depth) const;
  Ownership ownershipOfObject(const Expr *Object, const FunctionDecl *Code,
                              unsigned Depth);
  Ownership ownershipOfPointee(const Expr *Pointer, const FunctionDecl *Code,
                               unsigned Depth);
  Ownership ownershipOfVariable(const VarDecl *Var, const FunctionDecl *Code,
                                unsigned Depth);
  Ownership ownershipOfThis(const FunctionDecl *Code);
  const ValueDecl *executorRoot(const Expr *E, unsigned Depth);
  const ValueDecl *executorRootOf(const ValueDecl *D, unsigned Depth);
  /// The variable or member the thread handle, container or pool named by
  /// \p E is.
  const ValueDecl *handleOf(const Expr *E);
  bool runsCallablesInPlace(const FunctionDecl *Callee) const;
  /// Where the task coroutine \p Coroutine starts: the loop, unless it takes
  /// a catalogued executor tag and then the executor to start on.
  Placement placeCoroutineStart(const FunctionDecl *Coroutine) const;
  /// Where the coroutine lambda \p Lambda runs if every time it is called its
  /// task goes straight to a sync wait (cppcoro::sync_wait(work())) outside
  /// the loop: inline, on the thread of the code around the wait.
  std::optional<Placement> placeRunToCompletion(const LambdaExpr *Lambda);

  ASTContext &Context;
  const Catalog &Known;
  AwaitableAnalysis &Awaitables;
  LocalParents &Parents;
  llvm::DenseMap<const LambdaExpr *, Placement> Lambdas;
  llvm::DenseMap<const Stmt *, const CoawaitExpr *> Switches;
  /// Functions given by name to thread starts and offloads, by canonical
  /// declaration; built on the first question about a plain function.
  llvm::DenseMap<const FunctionDecl *, Placement> ThreadEntries;
  bool ThreadEntriesIndexed = false;
  llvm::DenseMap<const Stmt *, bool> RunsLoop;
  llvm::DenseMap<const LambdaExpr *, std::optional<Placement>> RunToCompletion;
};

} // namespace clang::tidy::coroguard

#endif
