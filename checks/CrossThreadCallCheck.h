//===--- CrossThreadCallCheck.h - coroguard-cross-thread-call ---*- C++ -*-===//

#ifndef COROGUARD_CHECKS_CROSSTHREADCALLCHECK_H
#define COROGUARD_CHECKS_CROSSTHREADCALLCHECK_H

#include "analysis/TUAnalysis.h"
#include "clang-tidy/ClangTidyCheck.h"
#include <memory>

namespace clang::tidy::coroguard {

/// Finds non-thread-safe uses of shared loop-affine objects (sockets, timers,
/// ...) from code that runs on a thread that does not run their loop, directly
/// or through the project's own functions.
///
/// See docs/checks/cross-thread-call.md.
class CrossThreadCallCheck : public ClangTidyCheck {
public:
  CrossThreadCallCheck(llvm::StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
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
  /// Checks \p Call, in the body of \p Function.
  void checkCall(const Expr *Call, const FunctionDecl *Function,
                 TUAnalysis &TU);
  /// Reports the functions of other TUs that the thread start \p Start (in
  /// the body of \p Function) runs, if their chains reach a shared
  /// loop-affine object.
  void checkSummarizedEntries(const Expr *Start, const FunctionDecl *Function,
                              TUAnalysis &TU);
  void reportUse(const Expr *Call, const LoopAffineUse &Use,
                 const Placement &Where, TUAnalysis &TU);
  void reportWhileLoopRuns(const Expr *Call, const LoopAffineUse &Use,
                           const Expr *Start, const ValueDecl *Loop,
                           ASTContext &Context);
  void reportChain(const Expr *Call, llvm::ArrayRef<ChainHop> Chain,
                   const Placement &Where, TUAnalysis &TU);
  void noteWhere(const Placement &Where, const Catalog &Known);

  std::shared_ptr<SharedAnalysis> Shared;
  unsigned MaxDepth = 8;
  /// Writing summaries: the function definitions of the TU, in the order
  /// matched, and its ASTContext.
  std::vector<const FunctionDecl *> Summarized;
  ASTContext *SummarizedContext = nullptr;
};

} // namespace clang::tidy::coroguard

#endif
