//===--- Placement.h - where does this code run ----------------*- C++ -*-===//
//
// The only home of the rule "where does this code run": the body of a task
// coroutine (on the loop), a lambda run inline there, a callable handed to a
// thread or a pool, a callable posted back to the loop, coroutine code after a
// co_await switched executors (ExecutorSwitches), or unknown.
//
// A task coroutine starts on the loop, unless it takes a catalogued executor
// tag (concurrencpp::executor_tag, executor): then on that executor, or unless
// what the translation unit shows of its tasks says otherwise. Each task is
// followed from the call that creates it to what consumes it: a sync wait
// (catalogued, or told by its shape: SynchronousWaits), through a collect-all
// (when_all(std::move(tasks))) and the local or container holding it, or a
// resume() by hand; for a coroutine lambda also a co_await in coroutine code
// that runs off the loop. If every task of a coroutine is driven so from code
// not on the loop, the coroutine runs where that code runs. A task (or its
// handle) handed to a member of an executor-like object (pool.spawn(t),
// pool.resume(t.handle())), sent to an executor by a via-style member
// (t.via(&pool)) or sync-waited with an executor (syncAwait(t, &pool)) runs on
// that executor, wherever the code handing it over runs. Any other use
// (co_spawn, a co_await elsewhere, a return, the address taken) keeps it on
// the loop, and so does a coroutine that awaits I/O bound to a loop: it
// resumes where that I/O completes.
//
// Switches are flow-approximate: a switch decides for the statements after it
// in the same block and in blocks nested there (it must dominate
// syntactically), until the next switch.
//
// Threads: a function given by name (or as a member function pointer) to a
// thread start runs off the loop like a lambda given there, and so do the
// functions the catalog names as off-loop; a thread whose code runs an event
// loop is that loop's thread, also through a function defined in another TU
// whose summary says it runs one. One instance per translation unit (TUAnalysis);
// results are cached per node.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_ANALYSIS_PLACEMENT_H
#define COROGUARD_CHECKS_ANALYSIS_PLACEMENT_H

#include "Awaitables.h"
#include "catalog/Catalog.h"
#include "catalog/Names.h"
#include "ExecutorSwitches.h"
#include "LocalParents.h"
#include "Summaries.h"
#include "SynchronousWaits.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <cstdint>
#include <optional>
#include <vector>

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

class PlacementAnalysis {
public:
  PlacementAnalysis(ASTContext &Context, const Catalog &Known,
                    AwaitableAnalysis &Awaitables, LocalParents &Parents,
                    ExecutorSwitches &Switches, SynchronousWaits &Waits)
      : Context(Context), Known(Known), Awaitables(Awaitables),
        Parents(Parents), Switches(Switches), Waits(Waits) {}

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

  /// Visits, in source order, the statements that run when \p Body runs:
  /// lambdas run inline are entered; lambdas run elsewhere, coroutine lambdas,
  /// unevaluated operands, discarded 'if constexpr' branches and the implicit
  /// coroutine machinery are not. Nor is a lambda whose body has no call, no
  /// construction and no declaration (`[n] { return n * 2; }`): it runs
  /// nothing, wherever it runs, and where it runs is not worked out.
  void forEachInlineStmt(const Stmt *Body,
                         llvm::function_ref<void(const Stmt *)> Visit);

  /// Whether \p Body runs an event loop, directly or through project
  /// functions (a few calls deep).
  bool runsLoop(const Stmt *Body);
  /// Whether \p Function's code runs an event loop: its body here, else its
  /// summary.
  bool runsLoop(const FunctionDecl *Function);
  /// runsLoop, for a TU that writes summaries: if not, \p Elsewhere gets the
  /// functions of other TUs whose code would make \p Body run a loop if
  /// theirs did (what the merge of all TUs' summaries decides).
  bool runsLoopHere(const Stmt *Body,
                    llvm::SmallVectorImpl<const FunctionDecl *> &Elsewhere);

  /// Functions defined in other TUs are known from \p Summaries.
  void useSummaries(const SummaryIndex &Summaries) {
    this->Summaries = &Summaries;
  }
  /// The summary of \p Function if it has no body here and may be defined in
  /// another TU (external linkage, outside system headers); null if none.
  const FunctionSummary *summaryOf(const FunctionDecl *Function);

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
  /// What the closure or callable \p Use (an argument or a variable reference)
  /// is handed to, climbing through implicit conversions and temporaries to
  /// the parents \p NextParent gives one by one (a null node at the top).
  /// Sets \p BoundTo when it initializes a local variable, whose uses decide
  /// instead.
  std::optional<Placement>
  classifyUse(const Expr *Use, llvm::function_ref<DynTypedNode()> NextParent,
              const VarDecl *&BoundTo);
  Placement classifyVariableUses(const VarDecl *Closure);
  Placement placeLambdaBody(const LambdaExpr *Lambda,
                            llvm::ArrayRef<const Stmt *> Path);
  Placement applySwitches(Placement Start, llvm::ArrayRef<const Stmt *> Path);
  /// runsLoop without the cache; with \p Elsewhere, collects the callees
  /// runsLoopHere names.
  bool runsLoopWithin(const Stmt *Body, unsigned Depth,
                      llvm::SmallVectorImpl<const FunctionDecl *> *Elsewhere);
  /// Where the body of the plain function \p Function runs: off the loop if
  /// the catalog says so or a thread start is given it by name.
  Placement placeFunctionBody(const FunctionDecl *Function);
  void indexThreadEntries();
  bool runsCallablesInPlace(const FunctionDecl *Callee) const;
  /// Where the task coroutine \p Coroutine starts: the loop, unless it takes
  /// a catalogued executor tag and then the executor to start on, or every
  /// call of it in the translation unit drives its task off the loop.
  Placement placeCoroutineStart(const FunctionDecl *Coroutine);
  /// Where the coroutine lambda \p Lambda runs if every time it is called its
  /// task is driven from code off the loop (placeTaskDrivers): on the thread
  /// of that code.
  std::optional<Placement> placeRunToCompletion(const LambdaExpr *Lambda);
  /// Where the named coroutine \p Coroutine runs if every reference to it in
  /// the translation unit is a call whose task is driven from code off the
  /// loop, and it awaits no I/O bound to a loop.
  std::optional<Placement> placeNamedDrivers(const FunctionDecl *Coroutine);
  /// Where the code that drives the task \p Task (an expression in the code
  /// of \p Within) runs, if every consumer it reaches is a driver outside the
  /// loop: a sync wait, a collect-all under one, a local or a local container
  /// holding it whose every use is such, a resume() by hand; with \p
  /// AllowAwait also a co_await in coroutine code off the loop.
  std::optional<Placement> placeTaskDrivers(const Expr *Task,
                                            const Decl *Within,
                                            bool AllowAwait, unsigned Depth);
  /// As placeTaskDrivers, for every use of the local \p Holder (a task or a
  /// container of tasks).
  std::optional<Placement> placeHeldTask(const VarDecl *Holder,
                                         bool AllowAwait, unsigned Depth);
  /// Where the driver \p Driver (a sync wait, a resume, a co_await) runs, if
  /// not on the loop nor unknown.
  std::optional<Placement> placeDriver(const Stmt *Driver, const Decl *Within,
                                       bool AwaitDriver);
  /// Where a task handed to \p Executor (an executor-like object, or one
  /// given to a via-style member or a sync wait) runs: off the loop or
  /// unknown; none if that is the loop, where it is assumed to run anyway.
  std::optional<Placement> placeOnExecutor(const Expr *Executor,
                                           const Expr *Cause);
  /// A free function waiting synchronously for its awaitable argument.
  bool isSyncWait(const CallExpr *Call);
  /// A free function that combines awaitables into one (when_all): it returns
  /// an awaitable and is not a coroutine of the project.
  bool isCollectAll(const CallExpr *Call);
  /// Whether \p Coroutine awaits an operation on a loop-affine object or one
  /// completing with a coroutine token, directly or through the project
  /// coroutines it awaits.
  bool awaitsLoopIo(const FunctionDecl *Coroutine, unsigned Depth);
  /// Reads the project's code once, for ProjectCalls and References.
  void collectProjectCode();

  ASTContext &Context;
  const Catalog &Known;
  AwaitableAnalysis &Awaitables;
  LocalParents &Parents;
  ExecutorSwitches &Switches;
  SynchronousWaits &Waits;
  llvm::DenseMap<const LambdaExpr *, Placement> Lambdas;
  /// Functions given by name to thread starts and offloads, by canonical
  /// declaration; built on the first question about a plain function.
  llvm::DenseMap<const FunctionDecl *, Placement> ThreadEntries;
  bool ThreadEntriesIndexed = false;
  /// The calls and constructions given arguments in the project's code, that
  /// ThreadEntries is built from.
  std::vector<const Expr *> ProjectCalls;
  bool ProjectCodeCollected = false;
  llvm::DenseMap<const Stmt *, bool> RunsLoop;
  const SummaryIndex *Summaries = nullptr;
  /// summaryOf's answers, by canonical declaration.
  llvm::DenseMap<const FunctionDecl *, const FunctionSummary *> SummaryOf;
  llvm::DenseMap<const LambdaExpr *, std::optional<Placement>> RunToCompletion;
  /// A function reference in the project's code, with the function whose code
  /// holds it.
  struct FunctionReference {
    const Expr *Reference = nullptr;
    const FunctionDecl *Within = nullptr;
  };
  /// The references to each function (by its pattern's canonical
  /// declaration), built on the first question about a named coroutine.
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<FunctionReference, 2>>
      References;
  llvm::DenseMap<const FunctionDecl *, std::optional<Placement>> NamedDrivers;
  /// Whether the translation unit may declare the classes awaitsLoopIo looks
  /// for; asked on its first question.
  std::optional<bool> MayAwaitLoopIo;
};

} // namespace clang::tidy::coroguard

#endif
