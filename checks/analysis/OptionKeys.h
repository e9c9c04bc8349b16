//===--- OptionKeys.h - misspelled option keys and check names -*- C++ -*-===//
//
// clang-tidy reads a check's options by key and ignores keys nobody reads, so
// `coroguard-blocking-call.MaxDeph` or `coroguard-blocking-cal.MaxDepth` would
// change nothing, silently. Each check reports the keys under its own name
// that it does not honour (what its storeOptions writes is what it honours);
// the first enabled coroguard check reports keys under coroguard check names
// that do not exist. Both with the nearest valid spelling, if one is near.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_ANALYSIS_OPTIONKEYS_H
#define COROGUARD_CHECKS_ANALYSIS_OPTIONKEYS_H

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace clang::tidy::coroguard {

/// The checks of the coroguard module, in the order they are registered.
llvm::ArrayRef<llvm::StringRef> coroguardCheckNames();

/// Warns, through \p Check's configuration diagnostics, about the option keys
/// written for \p Check (named \p CheckName) that it does not read, and, if it
/// is the first enabled coroguard check, about keys under coroguard check
/// names that do not exist. Call at the end of the check's constructor.
void warnUnknownOptionKeys(ClangTidyCheck &Check, llvm::StringRef CheckName,
                           ClangTidyContext &Context);

} // namespace clang::tidy::coroguard

#endif
