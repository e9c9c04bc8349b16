//===--- ForgottenAwaitCheck.h - coroguard-forgotten-await ------*- C++ -*-===//

#ifndef COROGUARD_CHECKS_FORGOTTENAWAITCHECK_H
#define COROGUARD_CHECKS_FORGOTTENAWAITCHECK_H

#include "analysis/Awaitables.h"
#include "analysis/LocalParents.h"
#include "analysis/OptionParsing.h"
#include "analysis/PendingAwaitables.h"
#include "analysis/TUAnalysis.h"
#include "clang-tidy/ClangTidyCheck.h"
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
  /// As is, the MatchFinder's own traversal (see utils/DeclMatchers.h).
  std::optional<TraversalKind> getCheckTraversalKind() const override {
    return std::nullopt;
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onStartOfTranslationUnit() override;
  void onEndOfTranslationUnit() override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

private:
  /// The per-TU analyses this check reads (the shared ones, and its own
  /// PendingAwaitables), obtained for \p Context on first use: the one place
  /// that obtains them.
  PendingAwaitables &pendingAwaitables(ASTContext &Context);
  /// The analysis' answer, overridden by the type options.
  AwaitableInfo effectiveInfo(QualType Type);

  RegexList AwaitableTypes;
  RegexList LazyTypes;
  RegexList EagerTypes;
  RegexList IgnoredTypes;
  bool AllowCastToVoid;

  std::shared_ptr<SharedAnalysis> Shared;
  ASTContext *CurrentContext = nullptr;
  /// Whether the variables and fields that hold code
  /// (LocalParents::initializerOwners) were read in CurrentContext.
  bool InitializersRead = false;
  /// The shared analysis' parts, of the translation unit matched now.
  AwaitableAnalysis *Awaitables = nullptr;
  std::unique_ptr<PendingAwaitables> Pending;
};

} // namespace clang::tidy::coroguard

#endif
