//===--- DiagnosticText.h - how diagnostics name code ----------*- C++ -*-===//
//
// The names and snippets the checks' messages are made of, spelled the same
// way by every check.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_DIAGNOSTICTEXT_H
#define COROGUARD_CHECKS_UTILS_DIAGNOSTICTEXT_H

#include "analysis/CallChains.h"
#include "clang/AST/ASTContext.h"
#include "llvm/ADT/ArrayRef.h"
#include <optional>
#include <string>

namespace clang::tidy::coroguard {

/// How diagnostics name a function: qualified, without template arguments; a
/// lambda's call operator is 'lambda'.
std::string functionName(const FunctionDecl *Function);

/// The function a hop is in, and the one it calls (on a hop that is no hit):
/// functionName, or as the summary of another TU's code names them.
std::string hopFunctionName(const ChainHop &Hop);
std::string hopCalleeName(const ChainHop &Hop);

/// The functions a chain passes through after its first, for a message:
/// " via 'a', 'b'"; empty for a chain of one.
std::string chainVia(llvm::ArrayRef<ChainHop> Chain);

/// The text of \p E as written, if it is short, on one line and not from a
/// macro.
std::optional<std::string> spelledText(const Expr *E, const ASTContext &Context,
                                       size_t MaxLength = 60);

/// The class of an object expression, as its type is written
/// (asio::steady_timer, not the template specialization).
std::string writtenTypeName(QualType Type, const ASTContext &Context);

} // namespace clang::tidy::coroguard

#endif
