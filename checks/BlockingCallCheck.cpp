//===--- BlockingCallCheck.cpp - coroguard-blocking-call --------------------------===//

#include "BlockingCallCheck.h"

using namespace clang::ast_matchers;

namespace clang::tidy::coroguard {

BlockingCallCheck::BlockingCallCheck(llvm::StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context) {}

void BlockingCallCheck::registerMatchers(MatchFinder *Finder) {}

void BlockingCallCheck::check(const MatchFinder::MatchResult &Result) {}

void BlockingCallCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {}

} // namespace clang::tidy::coroguard
