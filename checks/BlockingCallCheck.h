//===--- BlockingCallCheck.h - coroguard-blocking-call ----------*- C++ -*-===//

#ifndef COROGUARD_CHECKS_BLOCKINGCALLCHECK_H
#define COROGUARD_CHECKS_BLOCKINGCALLCHECK_H

#include "analysis/TUAnalysis.h"
#include "clang-tidy/ClangTidyCheck.h"
#include <memory>

namespace clang::tidy::coroguard {

/// Finds calls that block the thread running a task coroutine, directly or
/// through the project's own functions.
///
/// See docs/checks/blocking-call.md.
class BlockingCallCheck : public ClangTidyCheck {
public:
  BlockingCallCheck(llvm::StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus20;
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override;
  void onEndOfTranslationUnit() override;
  /// As is, the MatchFinder's own traversal (see utils/DeclMatchers.h).
  std::optional<TraversalKind> getCheckTraversalKind() const override {
    return std::nullopt;
  }

private:
  void checkLocalDestructors(const CompoundStmt *Block,
                             const FunctionDecl *Coroutine, TUAnalysis &TU);
  void reportChain(SourceLocation Loc, const FunctionDecl *Coroutine,
                   llvm::ArrayRef<ChainHop> Chain, bool UsesAsio);

  std::shared_ptr<SharedAnalysis> Shared;
  unsigned MaxDepth = 8;
  /// Writing summaries: the function definitions of the TU, in the order
  /// matched, and its ASTContext.
  std::vector<const FunctionDecl *> Summarized;
  ASTContext *SummarizedContext = nullptr;
};

} // namespace clang::tidy::coroguard

#endif
