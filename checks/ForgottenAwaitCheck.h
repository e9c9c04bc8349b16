//===--- ForgottenAwaitCheck.h - coroguard-forgotten-await ------*- C++ -*-===//

#ifndef COROGUARD_CHECKS_FORGOTTENAWAITCHECK_H
#define COROGUARD_CHECKS_FORGOTTENAWAITCHECK_H

#include "analysis/Awaitables.h"
#include "analysis/Catalog.h"
#include "analysis/LocalParents.h"
#include "analysis/OptionParsing.h"
#include "analysis/TUAnalysis.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include <cstdint>
#include <memory>
#include <optional>

namespace clang::tidy::coroguard {

/// Flags awaitables whose work is lost because nothing awaits them: discarded
/// call results, locals that hold one and are never used, and callables
/// returning one that are handed to code which discards what they return.
///
/// See docs/checks/forgotten-await.md.
class ForgottenAwaitCheck : public ClangTidyCheck {
public:
  ForgottenAwaitCheck(llvm::StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus20;
  }
  std::optional<TraversalKind> getCheckTraversalKind() const override {
    return TK_AsIs;
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onStartOfTranslationUnit() override;
  void onEndOfTranslationUnit() override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

private:
  enum class FindingKind : std::uint8_t {
    Discarded,
    CastToVoid,
    StoredUnused,
    PassedCallable
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
  };

  /// Everything reported at one location, merged over template instantiations
  /// so that the message does not depend on which instantiation was seen first.
  struct Finding {
    FindingKind Kind;
    SourceLocation Loc;
    std::string Subject;
    CharSourceRange FixRange;
    llvm::SmallVector<Occurrence, 2> Occurrences;
  };

  void recordDiscarded(const Expr *Discarded, bool WholeStatement,
                       bool CastToVoid, ASTContext &Context);
  void recordDiscardedCall(const CallExpr *Call, bool CastToVoid,
                           bool WholeStatement, ASTContext &Context);
  void recordStored(const VarDecl *Var, const DeclStmt *Declaration,
                    ASTContext &Context);
  void recordPassedCallable(const Expr *Call, const Expr *Arg,
                            const ParmVarDecl *Param,
                            const FunctionDecl *Callee, ASTContext &Context);
  void addOccurrence(FindingKind Kind, SourceLocation Loc,
                     llvm::StringRef Subject, CharSourceRange FixRange,
                     Occurrence Occ);

  /// The parents in the code around the function matched last, which holds
  /// the node matched now if a function does; null before the first function.
  const CodeParents *matchedCode();
  /// The analysis' answer, overridden by the type options.
  AwaitableInfo effectiveInfo(QualType Type);
  bool isSuppressedLocation(SourceLocation Loc, const SourceManager &SM) const;

  RegexList AwaitableTypes;
  RegexList LazyTypes;
  RegexList EagerTypes;
  RegexList IgnoredTypes;
  bool AllowCastToVoid;

  /// The catalog's callable sinks (std::thread, std::for_each, asio::post...).
  const Catalog Sinks{CatalogOptions{}};
  std::shared_ptr<SharedAnalysis> Shared;
  /// The shared analysis' parts, of the translation unit matched now.
  AwaitableAnalysis *Awaitables = nullptr;
  LocalParents *Parents = nullptr;
  /// The function declaration matched last.
  const FunctionDecl *LastFunction = nullptr;
  /// The blocks of statement expressions matched so far.
  llvm::DenseSet<const CompoundStmt *> ValueBlocks;
  ASTContext *CurrentContext = nullptr;
  llvm::MapVector<std::pair<unsigned, SourceLocation>, Finding> Findings;
};

} // namespace clang::tidy::coroguard

#endif
