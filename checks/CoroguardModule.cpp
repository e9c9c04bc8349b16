//===--- CoroguardModule.cpp - the coroguard clang-tidy module ------------===//

#include "BlockingCallCheck.h"
#include "CrossThreadCallCheck.h"
#include "ForgottenAwaitCheck.h"
#include "clang-tidy/ClangTidyModule.h"

namespace clang::tidy::coroguard {
namespace {

class CoroguardModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    Factories.registerCheck<BlockingCallCheck>("coroguard-blocking-call");
    Factories.registerCheck<CrossThreadCallCheck>("coroguard-cross-thread-call");
    Factories.registerCheck<ForgottenAwaitCheck>("coroguard-forgotten-await");
  }
};

} // namespace

// Registration binds to the registry exported by the clang-tidy executable.
static ClangTidyModuleRegistry::Add<CoroguardModule>
    X("coroguard-module", "Checks for C++20 coroutine pitfalls.");

} // namespace clang::tidy::coroguard
