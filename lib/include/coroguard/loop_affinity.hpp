#pragma once

#include <atomic>
#include <string_view>
#include <thread>

#include "coroguard/debug.hpp"
#include "coroguard/detail/call_site.hpp"
#include "coroguard/detail/export.hpp"

namespace coroguard {

// asyncio's _check_thread for a user's own loop type: a member that remembers which thread runs
// the loop, so that non-thread-safe methods can report being called from another thread.
//
//   void my_loop::run() { affinity_.bind_to_current_thread(); ...; affinity_.unbind(); }
//   void my_loop::call_soon(...) { affinity_.check("call_soon"); ... }
//
// While no thread is bound (the loop is not running) every thread may call.
class loop_affinity {
 public:
  void bind_to_current_thread() noexcept {
    owner_.store(std::this_thread::get_id(), std::memory_order_relaxed);
  }
  void unbind() noexcept { owner_.store(std::thread::id{}, std::memory_order_relaxed); }

  // Reports `wrong-thread` in debug mode when called off the loop thread. Inlined into the loop
  // method so that the report shows that method and its caller.
  [[gnu::always_inline]] void check(std::string_view method) const noexcept {
    if (!debug_enabled()) [[likely]] {
      return;
    }
    const std::thread::id owner = owner_.load(std::memory_order_relaxed);
    if (owner != std::thread::id{} && owner != std::this_thread::get_id()) [[unlikely]] {
      report_wrong_thread(method, owner, __builtin_return_address(0));
      detail::keep_call_in_place();
    }
  }

 private:
  // Out of line, so that its own return address is a point inside the loop method.
  [[gnu::noinline]] COROGUARD_API static void report_wrong_thread(std::string_view method,
                                                                  std::thread::id owner,
                                                                  const void* caller) noexcept;

  std::atomic<std::thread::id> owner_;
};

}  // namespace coroguard
