//===--- PendingAwaitables.h - awaitables nothing awaits --------*- C++ -*-===//
//
// Finds the awaitables whose work is lost because nothing awaits them:
// discarded call results, locals that hold one and are never used, and
// callables returning one handed to code that discards what they return.
// The code is read one declaration at a time (see LocalParents::codeOwner),
// so no finding depends on the order in which the declarations are visited.
// Findings are merged over template instantiations: a location is judged on
// all of them at the end of the translation unit, so that the verdict and
// the wording do not depend on which instantiation was seen first.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_ANALYSIS_PENDINGAWAITABLES_H
#define COROGUARD_CHECKS_ANALYSIS_PENDINGAWAITABLES_H

#include "Awaitables.h"
#include "catalog/Catalog.h"
#include "LocalParents.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::coroguard {

/// How an awaitable is lost.
enum class LossKind : std::uint8_t {
  /// The result of a call is dropped.
  Discarded,
  /// The result of a call is dropped by a cast to void.
  CastToVoid,
  /// A local holds the result of a call and is never used.
  StoredUnused,
  /// A callable returning an awaitable goes to code that drops its result.
  PassedCallable
};

/// One location where an awaitable is lost, over all instantiations.
struct LostAwaitable {
  LossKind Kind;
  SourceLocation Loc;
  /// What is lost, for the message: "result of 'fetch'", "'t' holds the
  /// awaitable returned by 'fetch'", "coroutine lambda passed to 'each'".
  std::string Subject;
  /// How the awaitable starts, Unknown where instantiations disagree.
  Start StartMode;
  /// The text to replace by `co_await ` when that is certainly right.
  std::optional<CharSourceRange> CoAwaitFix;
};

class PendingAwaitables {
public:
  /// The answer to "is this type awaitable, how does it start" that findings
  /// are judged by: the analysis' answer, maybe overridden by options.
  using Classifier = llvm::function_ref<AwaitableInfo(QualType)>;

  PendingAwaitables(ASTContext &Context, AwaitableAnalysis &Awaitables,
                    LocalParents &Parents);

  /// Reads the code of \p Owner, a declaration no other declaration's code
  /// holds (LocalParents::codeOwner(Owner) == Owner).
  void collect(const Decl &Owner);

  /// The locations where an awaitable is lost, in the order first seen; the
  /// collected code is forgotten.
  std::vector<LostAwaitable> takeFindings(Classifier Classify);

private:
  class CodeReader;

  /// The references to a variable in the code read.
  struct References {
    unsigned Evaluated = 0;
    unsigned All = 0;
  };
  /// Where code is, as a walk up from it finds.
  struct EnclosingContext {
    /// The innermost function, lambdas included; null at namespace scope.
    const FunctionDecl *Function = nullptr;
    /// The lambda whose call operator Function is, when found from it.
    const LambdaExpr *Lambda = nullptr;
    bool InCatchHandler = false;
  };

  /// A local that holds the result of a call: lost if nothing refers to it.
  struct StoredLocal {
    const DeclStmt *Declaration;
    const CallExpr *Call;
    /// The function it is declared in.
    const FunctionDecl *Function;
    EnclosingContext Where;
    References Uses;
  };

  /// A function parameter, identified by the function's canonical declaration.
  using ParamSlot = std::pair<const FunctionDecl *, unsigned>;

  /// One instantiation (or the only occurrence) of a finding.
  struct Occurrence {
    QualType Awaitable;
    /// The promise of the enclosing coroutine if a `co_await` fix-it is
    /// structurally possible here; null otherwise.
    const CXXRecordDecl *FixPromise = nullptr;
    /// Discarded: the call calls this parameter of a template instantiation.
    /// PassedCallable: reported only if the callee discards calls of this
    /// parameter.
    std::optional<ParamSlot> Param;
    /// The called function is [[nodiscard]].
    bool CalleeIsNodiscard = false;
    /// The code says the value is dropped on purpose ([[maybe_unused]]).
    bool ExplicitDiscard = false;
  };

  struct Candidate {
    LossKind Kind;
    SourceLocation Loc;
    std::string Subject;
    CharSourceRange FixRange;
    llvm::SmallVector<Occurrence, 2> Occurrences;
  };

  void recordDiscarded(const Expr *Discarded, bool WholeStatement,
                       bool CastToVoid, const EnclosingContext &Where);
  void recordDiscardedCall(const CallExpr *Call, bool CastToVoid,
                           bool WholeStatement, const EnclosingContext &Where);
  void recordStored(const VarDecl *Var, const DeclStmt *Declaration,
                    const EnclosingContext &Where);
  /// Counts a reference to \p Var for the locals recorded so far.
  void noteReference(const VarDecl *Var, bool Evaluated);
  void recordStoredUnused(const VarDecl *Var, const StoredLocal &Local);
  void recordPassedCallable(const Expr *Call, const Expr *Arg,
                            const ParmVarDecl *Param,
                            const FunctionDecl *Callee,
                            const EnclosingContext &Where);
  void addOccurrence(LossKind Kind, SourceLocation Loc, llvm::StringRef Subject,
                     CharSourceRange FixRange, Occurrence Occ);
  bool isSuppressedLocation(SourceLocation Loc) const;
  /// True in a lambda an assert_throws-like call takes: the code says the
  /// lambda's code throws.
  bool isInThrowAssertion(const EnclosingContext &Where);

  ASTContext &Context;
  AwaitableAnalysis &Awaitables;
  LocalParents &Parents;
  /// The catalog's callable sinks (std::thread, std::for_each, asio::post...).
  const Catalog Sinks{CatalogOptions{}};
  llvm::MapVector<std::pair<unsigned, SourceLocation>, Candidate> Candidates;
  /// The locals of the owner being read that hold the result of a call, by
  /// canonical declaration, with the references counted so far; judged when
  /// all its code is read.
  llvm::MapVector<const VarDecl *, StoredLocal> StoredLocals;
};

} // namespace clang::tidy::coroguard

#endif
