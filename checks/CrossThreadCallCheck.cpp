//===--- CrossThreadCallCheck.cpp - coroguard-cross-thread-call --------------------------===//

#include "CrossThreadCallCheck.h"

using namespace clang::ast_matchers;

namespace clang::tidy::coroguard {

CrossThreadCallCheck::CrossThreadCallCheck(llvm::StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context) {}

void CrossThreadCallCheck::registerMatchers(MatchFinder *Finder) {}

void CrossThreadCallCheck::check(const MatchFinder::MatchResult &Result) {}

void CrossThreadCallCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {}

} // namespace clang::tidy::coroguard
