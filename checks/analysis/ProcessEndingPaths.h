//===--- ProcessEndingPaths.h - code after which the process ends -*- C++ -*-===//
//
// Answers "does every path from this statement end the process?": a blocking
// call on such a path (a stack dump before std::exit in a logger's fatal
// level) stalls nothing worth reporting, since nothing runs after it.
//
// A call ends the process when it calls a catalogued process-ending function
// (exit, abort, std::terminate, ...; NameList::ProcessEnders) or a [[noreturn]]
// function that does: a project one whose every path ends the process, or a
// library one known only by its declaration unless it is named as a thrower
// (std::__throw_length_error, throw_exception): those return by unwinding,
// and the program goes on.
//
// Paths are the clang CFG's. A statement ends the process when a
// process-ending call follows it in its block, or when its block cannot reach
// the function's exit without one and can reach one (a loop that only leaves
// through abort counts; a loop that never leaves does not). Functions are
// analysed on demand, once, and only when their code calls something
// [[noreturn]] at all.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_ANALYSIS_PROCESSENDINGPATHS_H
#define COROGUARD_CHECKS_ANALYSIS_PROCESSENDINGPATHS_H

#include "clang/AST/Decl.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::coroguard {

class ProcessEndingPaths {
public:
  ProcessEndingPaths() = default;
  ProcessEndingPaths(const ProcessEndingPaths &) = delete;
  ProcessEndingPaths &operator=(const ProcessEndingPaths &) = delete;

  /// True if every path from \p S, in the body of \p Function, ends the
  /// process.
  bool endsProcessAfter(const Stmt *S, const FunctionDecl *Function);

  /// True if calling \p Callee ends the process.
  bool endsProcess(const FunctionDecl *Callee);

private:
  /// The statements of one function's body after which the process ends.
  struct FunctionPaths {
    llvm::DenseSet<const Stmt *> Ending;
  };
  const FunctionPaths &pathsOf(const FunctionDecl *Function);
  bool isProcessEndingCall(const Stmt *S);

  llvm::DenseMap<const FunctionDecl *, FunctionPaths> Functions;
  llvm::DenseMap<const FunctionDecl *, bool> Enders;
};

} // namespace clang::tidy::coroguard

#endif
