//===--- BlockingCallCheck.h - coroguard-blocking-call ----------------------*- C++ -*-===//

#ifndef COROGUARD_CHECKS_BLOCKINGCALLCHECK_H
#define COROGUARD_CHECKS_BLOCKINGCALLCHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::coroguard {

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
};

} // namespace clang::tidy::coroguard

#endif
