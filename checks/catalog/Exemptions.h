//===--- Exemptions.h - arguments that make a call harmless ---*- C++ -*-===//
//
// A catalogued blocking call is not reported when its arguments show it does
// not wait: a zero timeout polls, console output is not file I/O, a
// non-blocking descriptor does not wait. Each
// BlockingFunctions.def row names at most one exemption and the argument it
// looks at.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_CATALOG_EXEMPTIONS_H
#define COROGUARD_CHECKS_CATALOG_EXEMPTIONS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include <cstdint>

namespace clang::tidy::coroguard {

/// Arguments that make a blocking call harmless.
enum class Exemption : std::uint8_t {
  None,
  /// Argument ArgIndex is a zero duration: a poll, not a wait.
  ZeroTimeout,
  /// Argument ArgIndex is stdout or stderr: console output, not file I/O.
  StandardStream,
  /// Argument ArgIndex is the file descriptor 1 or 2, or a descriptor the
  /// code made non-blocking: a local whose function, or a member (or a member
  /// function's result) of a class whose member functions, spell a
  /// NonBlockingFlags name.
  ConsoleOrNonBlockingFd,
  /// Parameter ArgIndex is a std::filesystem::file_status: no disk access.
  FileStatus,
};

/// True if \p Call (a CallExpr; other calls are never exempt) is made
/// harmless by \p Kind applied to its argument or parameter \p ArgIndex.
bool isExempt(Exemption Kind, unsigned ArgIndex, const Expr *Call,
              const ASTContext &Context);

} // namespace clang::tidy::coroguard

#endif
