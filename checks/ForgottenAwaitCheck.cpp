//===--- ForgottenAwaitCheck.cpp - coroguard-forgotten-await --------------------------===//

#include "ForgottenAwaitCheck.h"

using namespace clang::ast_matchers;

namespace clang::tidy::coroguard {

ForgottenAwaitCheck::ForgottenAwaitCheck(llvm::StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context) {}

void ForgottenAwaitCheck::registerMatchers(MatchFinder *Finder) {}

void ForgottenAwaitCheck::check(const MatchFinder::MatchResult &Result) {}

void ForgottenAwaitCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {}

} // namespace clang::tidy::coroguard
