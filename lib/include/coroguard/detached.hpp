#pragma once

#include <exception>
#include <type_traits>

#include "coroguard/detail/detached_spawn.hpp"

namespace coroguard {

// A completion token for co_spawn that, like asio::detached, lets the coroutine run on its own,
// but in debug mode reports an exception it finishes with (`exception-never-retrieved`) instead
// of dropping it:
//
//   asio::co_spawn(io, serve(), coroguard::detached);
//
// Built with the Asio integration (coroguard-config --cflags, which also makes plain
// asio::detached report), the report names the spawning site; without it, it is a plain completion
// handler and the report has no frames. Works with standalone Asio and Boost.Asio.
struct detached_t {
  template <class... Results>
  void operator()(const std::exception_ptr& exception, Results&&... /*results*/) const noexcept {
    if (exception) {
      detail::report_dropped_exception(nullptr, exception, "coroguard::detached");
    }
  }
  // Completions that carry no exception have nothing to lose.
  template <class First, class... Results>
    requires(!std::is_convertible_v<First &&, std::exception_ptr>)
  void operator()(First&& /*first*/, Results&&... /*results*/) const noexcept {}
  void operator()() const noexcept {}
};

inline constexpr detached_t detached{};

}  // namespace coroguard
