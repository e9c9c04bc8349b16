//===--- TUAnalysis.h - the facts every check asks, once per TU -*- C++ -*-===//
//
// The checks ask the same questions about the code (what is awaitable, where
// does this run, which chain of project functions leads to a blocking call);
// TUAnalysis answers each once per translation unit, for every check. It is
// created on the first question of a translation unit and dropped when the
// next one starts.
//
// Separate check instances find the same TUAnalysis through SharedAnalysis:
// the checks that clang-tidy (or clangd) creates for one run share the
// ClangTidyContext they are created with, so SharedAnalysis is keyed by it and
// lives as long as one of those checks does. clang-tidy creates a new set of
// checks for every translation unit, clangd one per AST build, on threads of
// its own; the registry behind forChecksOf is the only state that threads
// share.
//
// The options that say where code runs are shared too: every check honours
// them the same way (docs/checks/shared-options.md), so they are read here,
// once, and not by the checks.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_ANALYSIS_TUANALYSIS_H
#define COROGUARD_CHECKS_ANALYSIS_TUANALYSIS_H

#include "Awaitables.h"
#include "CallChains.h"
#include "catalog/Catalog.h"
#include "catalog/Names.h"
#include "ExecutorSwitches.h"
#include "LocalParents.h"
#include "LoopThreads.h"
#include "Ownership.h"
#include "Placement.h"
#include "ProcessEndingPaths.h"
#include "Summaries.h"
#include "SynchronousWaits.h"
#include "clang-tidy/ClangTidyCheck.h"
#include <memory>
#include <optional>

namespace clang::tidy::coroguard {

class SharedAnalysis;

/// The analyses of one translation unit, built on first use.
class TUAnalysis {
public:
  TUAnalysis(ASTContext &Context, const SharedAnalysis &Config);
  TUAnalysis(const TUAnalysis &) = delete;
  TUAnalysis &operator=(const TUAnalysis &) = delete;

  ASTContext &astContext() const { return Context; }
  AwaitableAnalysis &awaitables() { return Awaitables; }
  LocalParents &parents() { return Parents; }
  /// The built-in catalog with the shared options and the rows that only
  /// cross-thread-call's question reads (ThreadSafeMembers).
  const Catalog &catalog();
  /// Where code runs: the only home of that rule.
  PlacementAnalysis &placement();
  /// What a co_await does to the coroutine's thread; where executors run.
  ExecutorSwitches &executorSwitches();
  /// Owned or shared objects.
  OwnershipAnalysis &ownership() { return Owners; }
  /// Which thread runs a loop, until joined; which loop an object belongs to.
  LoopThreads &loopThreads();

  /// The catalog of blocking-call's question: catalog() with its
  /// BlockingFunctions and AllowedFunctions. Kept apart so that these answer
  /// "does it block" only (a thread's join stays a join for the placement
  /// when AllowedFunctions names it).
  const Catalog &blockingCatalog();
  /// Statements after which the process ends (blocking there stalls nothing
  /// worth reporting).
  ProcessEndingPaths &processEndingPaths() { return EndingPaths; }
  /// The blocking catalog's entry for \p Call, or a synchronous wait told by
  /// its shape (SynchronousWaits), unless AllowedFunctions names it or the
  /// result it waits for is known to be ready (isKnownReadyBefore).
  const CatalogEntry *blockingCallAt(const Expr *Call);
  /// Shortest chains from project functions to a call that blocks.
  CallChains &blockingChains();
  /// Shortest chains from project functions to a use of a shared loop-affine
  /// object.
  CallChains &loopAffineChains();

  /// Whether the code may use a loop-affine object: the translation unit may
  /// declare a class that the catalog's LoopAffineType entries name, or other
  /// TUs' summaries are read (whose uses a chain may reach). Without, every
  /// call's placement is moot for cross-thread-call.
  bool mayUseLoopAffineObjects();

  /// Whether the translation unit declares namespace asio or boost::asio:
  /// suggestions name Asio's operations only in code that can use them.
  bool declaresAsio();

  /// The summaries of other TUs' functions (SummaryFile), if any; read on the
  /// first question, a file that cannot be read reported then.
  const SummaryIndex *summaries();
  /// Adds \p Question's facts about \p Definitions (those with external
  /// linkage, and the functions of this TU they call) to \p Out: the hit
  /// \p DescribeHit describes, or the calls to project functions.
  void summarize(SummaryQuestion Question, CallChains &Chains,
                 llvm::ArrayRef<const FunctionDecl *> Definitions,
                 llvm::function_ref<llvm::json::Object(const CallHit &)>
                     DescribeHit,
                 SummaryWriter &Out);

private:
  /// Lets \p Chains continue into other TUs' summaries, or record calls for
  /// them, as the run asks.
  void crossTranslationUnits(CallChains &Chains, SummaryQuestion Question);
  /// The loops \p Function runs that its callers in other TUs can name, as
  /// summaries spell them: globals and its own parameters.
  llvm::json::Array loopsNamedToCallers(const FunctionDecl *Function);

  ASTContext &Context;
  const SharedAnalysis &Config;
  AwaitableAnalysis Awaitables;
  LocalParents Parents;
  OwnershipAnalysis Owners{Parents};
  ProcessEndingPaths EndingPaths;
  SynchronousWaits Waits{Awaitables};
  std::unique_ptr<Catalog> Known;
  std::unique_ptr<ExecutorSwitches> Switches;
  std::unique_ptr<PlacementAnalysis> Where;
  std::unique_ptr<LoopThreads> Loops;
  std::unique_ptr<Catalog> Blocking;
  std::unique_ptr<CallChains> BlockingChains;
  std::unique_ptr<CallChains> LoopAffineChains;
  std::optional<bool> UsesAsio;
  std::optional<bool> MayUseLoopAffineObjects;
  std::shared_ptr<const SummaryIndex> Summaries;
  bool SummariesRead = false;
  SummaryLocations Locations{Context.getSourceManager()};
};

/// What the checks created together (for one ClangTidyContext) share: the
/// shared options, the rows each check adds to its own question, and the
/// analysis of the current translation unit.
class SharedAnalysis {
public:
  /// The instance of the checks created with \p Context; created by the first
  /// of them, released with the last.
  static std::shared_ptr<SharedAnalysis> forChecksOf(ClangTidyContext &Context);

  explicit SharedAnalysis(ClangTidyContext &Context);
  SharedAnalysis(const SharedAnalysis &) = delete;
  SharedAnalysis &operator=(const SharedAnalysis &) = delete;

  /// The shared options, as the catalog reads them (only their fields set).
  const CatalogOptions &sharedOptions() const { return Shared; }
  /// Stores the shared options as \p Options' check reads them, so that
  /// --dump-config shows every option the check honours.
  void storeSharedOptions(ClangTidyCheck::OptionsView &Options,
                          ClangTidyOptions::OptionMap &Opts) const;

  /// blocking-call's BlockingFunctions and AllowedFunctions.
  void setBlockingRows(std::vector<std::string> BlockingFunctions,
                       RegexList AllowedFunctions);
  const CatalogOptions &blockingRows() const { return BlockingRows; }
  /// cross-thread-call's ThreadSafeMembers.
  void setThreadSafeMembers(std::vector<std::string> Members) {
    ThreadSafeMembers = std::move(Members);
  }
  const std::vector<std::string> &threadSafeMembers() const {
    return ThreadSafeMembers;
  }

  /// The summaries to read (COROGUARD_SUMMARY_FILE, else the global option
  /// SummaryFile); empty: none.
  const std::string &summaryFile() const { return SummaryFile; }
  /// The summary of this TU to write (COROGUARD_SUMMARY_OUTPUT), if any.
  SummaryWriter *summaryWriter() const { return Writer.get(); }
  /// A summary file that cannot be read or written, as a configuration error.
  void reportSummaryError(llvm::Error Problem) const;

  /// Called by every check when a translation unit starts, before any
  /// question about it: the ASTContext of the next one may reuse the address
  /// of the last.
  void startTranslationUnit() { Current.reset(); }
  /// The analysis of the translation unit of \p Context.
  TUAnalysis &analysisOf(ASTContext &Context);

private:
  CatalogOptions Shared;
  CatalogOptions BlockingRows;
  std::vector<std::string> ThreadSafeMembers;
  std::unique_ptr<TUAnalysis> Current;
  ClangTidyContext &Context;
  std::string SummaryFile;
  std::unique_ptr<SummaryWriter> Writer;
};

} // namespace clang::tidy::coroguard

#endif
