#pragma once

#include <dlfcn.h>

#include <atomic>

namespace coroguard::preload {

// Set while this thread resolves a function: dlsym may call a wrapped function itself (a
// malloc replacement locking a mutex), which must then not resolve again.
constinit inline thread_local bool resolving __attribute__((tls_model("initial-exec"))) = false;

// The C library's (or the next interposer's) definition of a function this library wraps,
// resolved on first use. Null while resolution is under way on this thread: the wrapper falls
// back on a direct system call or an equivalent that is not wrapped.
template <class Function>
class real_function {
 public:
  constexpr explicit real_function(const char* name) noexcept : name_(name) {}

  [[nodiscard]] Function get() noexcept {
    if (Function function = function_.load(std::memory_order_acquire)) {
      return function;
    }
    if (resolving) {
      return nullptr;
    }
    resolving = true;
    // POSIX guarantees that a function pointer survives the round trip through void*.
    auto* function = reinterpret_cast<Function>(dlsym(RTLD_NEXT, name_));
    resolving = false;
    function_.store(function, std::memory_order_release);
    return function;
  }

 private:
  const char* name_;
  std::atomic<Function> function_{nullptr};
};

}  // namespace coroguard::preload
