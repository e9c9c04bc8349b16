//===--- Summaries.h - what other translation units know ------*- C++ -*-===//
//
// Call chains across translation units. run-coroguard's first pass has every
// TU write, for the functions it defines, the facts the call chains need: per
// question (blocking-call's "blocks", cross-thread-call's "touches a shared
// loop-affine object"), the hit in the function's own code or the project
// functions it calls, with their locations; with the second, whether it runs
// an event loop and which ones its callers can name (globals, its parameters),
// or else the other TUs' functions through which it may run one (the merge
// follows those). The second pass (or coroguard-tidy
// and clangd with the option SummaryFile) reads them, and CallChains continues
// a chain into a function that has no body in the TU but has a summary.
//
// Functions are keyed by USR; a function with internal linkage also by the
// main file of the TU that wrote it, so that two TUs' static helpers never
// meet. Only functions with external linkage are looked up from other TUs.
//
// Internal to run-coroguard: COROGUARD_SUMMARY_OUTPUT names the file a TU
// appends its summary to (one JSON object per line), COROGUARD_SUMMARY_FILE the
// summaries to read (it wins over SummaryFile).
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_ANALYSIS_SUMMARIES_H
#define COROGUARD_CHECKS_ANALYSIS_SUMMARIES_H

#include "catalog/Catalog.h"
#include "clang/AST/Decl.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/StringSaver.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::coroguard {

/// The questions whose chains cross translation units.
enum class SummaryQuestion : std::uint8_t { Blocking, LoopAffine };

/// A place in another translation unit's code.
struct SummarySite {
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0;
};

/// A call from a summarized function to a project function.
struct SummaryCall {
  /// The callee's key (summaryKey).
  std::string Callee;
  /// The callee's name, as diagnostics spell it.
  std::string CalleeName;
  SummarySite Site;
};

/// The call that answers the question in a summarized function's own code.
struct SummaryHit {
  SummarySite Site;
  /// Blocking: the catalog entry, as the writing TU's catalog had it.
  CatalogEntry Entry{"", EntryKind::Blocking};
  /// LoopAffine: how the use is named ('asio::steady_timer::cancel'), its
  /// object ('timer'), the type's own fix (may be empty) and the post function
  /// ('asio::post').
  std::string UseName, Object, Fix, Post;
};

struct QuestionSummary {
  std::optional<SummaryHit> Hit;
  /// Calls to project functions, in source order (only without a hit).
  std::vector<SummaryCall> Calls;
};

struct FunctionSummary {
  std::string Name;
  QuestionSummary Blocking;
  QuestionSummary LoopAffine;
  /// Its code runs an event loop (directly or through the functions it
  /// calls, across TUs once merged): a thread running it is that loop's
  /// thread.
  bool RunsLoop = false;
  /// The loops it runs that its callers can name: global variables (by
  /// globalKey) and its own parameters (by index).
  std::vector<std::string> LoopGlobals;
  std::vector<unsigned> LoopParameters;

  const QuestionSummary &of(SummaryQuestion Question) const {
    return Question == SummaryQuestion::Blocking ? Blocking : LoopAffine;
  }
};

/// The key of \p Function in summaries; empty if it has none (no USR).
std::string summaryKey(const FunctionDecl *Function);

/// Whether \p Function may be defined in another TU, and so be known there
/// by its summary: no body here, external linkage, declared outside system
/// headers (and neither invalid nor implicit).
bool mayBeDefinedInAnotherTU(const FunctionDecl *Function);

/// The key of \p Variable in summaries if it is a global that other TUs can
/// name (external linkage, static storage); empty otherwise.
std::string globalKey(const ValueDecl *Variable);

/// How summaries spell a blocking category: its enumerator's name.
llvm::StringRef summaryCategoryName(BlockingCategory Category);

/// The matcher of a check that writes its part of the summary: the function
/// definitions of the TU outside system headers (bound as "summarized").
void registerSummaryMatcher(ast_matchers::MatchFinder &Finder,
                            ast_matchers::MatchFinder::MatchCallback *Check);

/// Summaries read from a file: the merged summaries of run-coroguard, or one
/// TU's lines.
class SummaryIndex {
public:
  /// The summaries in \p Path (relative paths: to the compile command's
  /// directory, as \p FS sees it); read once per content, shared by the TUs
  /// of the process. The error names the file and what is wrong.
  static llvm::Expected<std::shared_ptr<const SummaryIndex>>
  read(llvm::StringRef Path, llvm::vfs::FileSystem &FS);

  const FunctionSummary *find(llvm::StringRef Key) const;

private:
  llvm::Error add(const llvm::json::Value &Summaries, llvm::StringRef Path);

  llvm::StringMap<FunctionSummary> Functions;
  llvm::BumpPtrAllocator Strings;
  llvm::UniqueStringSaver Saver{Strings};
};

/// Makes locations of summary sites in this TU's SourceManager, loading the
/// other TUs' files; an invalid location if a file is gone.
class SummaryLocations {
public:
  explicit SummaryLocations(SourceManager &SM) : SM(SM) {}
  SourceLocation locate(const SummarySite &Site);

private:
  SourceManager &SM;
  llvm::StringMap<FileID> Files;
};

/// One TU's summary, built by the checks that answer the questions and
/// written as one line when the last of them has added its part.
class SummaryWriter {
public:
  explicit SummaryWriter(std::string Output) : Output(std::move(Output)) {}

  /// A check that adds a part, registered at its construction.
  void expectPart() { ++Expected; }
  /// \p Question's facts about \p Function: its hit, or its calls (each to a
  /// function with a key).
  void addFunction(SummaryQuestion Question, const FunctionDecl *Function,
                   llvm::StringRef Name, llvm::json::Object Facts);
  /// A function definition of the TU, as each check that writes a part sees
  /// it: the functions its code refers to without defining them are recorded
  /// (once) as the TU's references.
  void addDefinition(const FunctionDecl *Definition);
  /// The JSON of a site in this TU.
  llvm::json::Object site(SourceLocation Loc, const SourceManager &SM);
  /// Called by each registered check at the end of the TU; the last one
  /// writes. The error names the file.
  llvm::Error finishPart();

private:
  std::string Output;
  unsigned Expected = 0;
  unsigned Finished = 0;
  llvm::json::Object Functions;
  llvm::StringSet<> References;
  llvm::DenseSet<const FunctionDecl *> Definitions;
  /// The absolute paths of the files sites are in.
  llvm::DenseMap<FileID, std::string> Paths;
};

} // namespace clang::tidy::coroguard

#endif
