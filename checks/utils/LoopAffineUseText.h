//===--- LoopAffineUseText.h - messages name a loop-affine use -*- C++ -*-===//
//
// The words cross-thread-call's messages and summaries give a use of a
// loop-affine object: what is called, on which object, and the remedy.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_LOOPAFFINEUSETEXT_H
#define COROGUARD_CHECKS_UTILS_LOOPAFFINEUSETEXT_H

#include "catalog/Catalog.h"
#include "clang/AST/ASTContext.h"
#include <string>

namespace clang::tidy::coroguard {

/// How a use of a loop-affine object is written and named in messages.
struct LoopAffineUseText {
  /// 'asio::steady_timer::cancel', 'asio::async_write'.
  std::string Name;
  /// The object: 'idle_timer', 'self->socket_', '*this'.
  std::string Object;
  /// The object's executor: 'idle_timer.get_executor()'.
  std::string Executor;
  /// The call, shortened if long: 'idle_timer.cancel()'.
  std::string Call;
  /// 'asio::post', or 'boost::asio::post' for Boost.Asio.
  std::string Post;
};

/// How \p Call, the use \p Use, is named in messages.
LoopAffineUseText describeLoopAffineUse(const Expr *Call,
                                        const LoopAffineUse &Use,
                                        const ASTContext &Context);

/// The remedy: the use's own advice, or posting the call to the loop.
std::string remedyFor(const LoopAffineUse &Use, const LoopAffineUseText &Text);

} // namespace clang::tidy::coroguard

#endif
