//===--- CrossThreadCallCheck.h - coroguard-cross-thread-call ----------------------*- C++ -*-===//

#ifndef COROGUARD_CHECKS_CROSSTHREADCALLCHECK_H
#define COROGUARD_CHECKS_CROSSTHREADCALLCHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::coroguard {

/// See docs/checks/cross-thread-call.md.
class CrossThreadCallCheck : public ClangTidyCheck {
public:
  CrossThreadCallCheck(llvm::StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus20;
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
};

} // namespace clang::tidy::coroguard

#endif
