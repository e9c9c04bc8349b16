//===--- LoopThreads.h - which thread runs a loop, until joined -*- C++ -*-===//
//
// Objects belong to the execution context they were created with (loopOf),
// and a thread started to run a loop keeps running it, in the function that
// started it, until it is joined (loopThreadRunningAt).
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_ANALYSIS_LOOPTHREADS_H
#define COROGUARD_CHECKS_ANALYSIS_LOOPTHREADS_H

#include "catalog/Catalog.h"
#include "catalog/Names.h"
#include "LocalParents.h"
#include "Placement.h"
#include "clang/AST/ASTContext.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>

namespace clang::tidy::coroguard {

class LoopThreads {
public:
  LoopThreads(ASTContext &Context, const Catalog &Known, LocalParents &Parents,
              PlacementAnalysis &Where)
      : Context(Context), Known(Known), Parents(Parents), Where(Where) {}

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

  /// A loop some code runs: a variable or member (of that code's function,
  /// or global), or a global of another TU known only by its summary key.
  struct RunLoop {
    const ValueDecl *Variable = nullptr;
    std::string GlobalKey;
    bool is(const ValueDecl *Loop) const;
  };
  /// The loops \p Body runs, itself or through the project functions it
  /// calls (a few calls deep; a callee's parameter stands for the call's
  /// argument), also through the summaries of functions of other TUs.
  llvm::SmallVector<RunLoop, 2> loopsRunBy(const Stmt *Body);

  /// Whether \p S (a use of \p Object, in the code of \p Within) is setup
  /// before the loop starts: S's function starts a thread running the loop
  /// \p Object belongs to after S, none running it before S, and no
  /// asynchronous operation (an async_ member) on an object of that loop was
  /// started before S there. Nothing can race with it yet.
  bool isSetupBeforeLoopStarts(const Stmt *S, const Decl *Within,
                               const Expr *Object);

private:
  const ValueDecl *executorRoot(const Expr *E, unsigned Depth);
  const ValueDecl *executorRootOf(const ValueDecl *D, unsigned Depth);
  /// The variable or member the thread handle, container or pool named by
  /// \p E is.
  const ValueDecl *handleOf(const Expr *E);
  /// Whether the thread started by \p Start (a thread start or offload) runs
  /// \p Loop: one of its callables is a loop thread running it.
  bool startsLoopThread(const Expr *Start, const ValueDecl *Loop);
  void collectLoopsRunBy(const Stmt *Body, unsigned Depth,
                         llvm::SmallVectorImpl<RunLoop> &Out);
  /// The loops the function \p Callee runs (its body here, else its summary)
  /// when called with \p Args.
  void collectLoopsOfCall(const FunctionDecl *Callee,
                          llvm::ArrayRef<const Expr *> Args, unsigned Depth,
                          llvm::SmallVectorImpl<RunLoop> &Out);

  ASTContext &Context;
  const Catalog &Known;
  LocalParents &Parents;
  PlacementAnalysis &Where;
};

} // namespace clang::tidy::coroguard

#endif
