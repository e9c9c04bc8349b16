#include "coroguard/debug.hpp"

#include "core/environment.hpp"

namespace coroguard {

namespace detail {

constinit std::atomic<debug_state> debug_flag{debug_state::unresolved};

bool resolve_debug_flag() noexcept {
  const debug_state wanted = read_environment_once() ? debug_state::on : debug_state::off;
  // set_debug() may have settled the flag meanwhile; it wins over the environment.
  debug_state expected = debug_state::unresolved;
  debug_flag.compare_exchange_strong(expected, wanted, std::memory_order_relaxed);
  return debug_flag.load(std::memory_order_relaxed) == debug_state::on;
}

}  // namespace detail

void set_debug(bool enabled) noexcept {
  // Reading the environment now surfaces its `config` reports at a predictable point.
  detail::read_environment_once();
  detail::debug_flag.store(enabled ? detail::debug_state::on : detail::debug_state::off,
                           std::memory_order_relaxed);
}

}  // namespace coroguard
