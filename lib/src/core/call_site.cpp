#include "coroguard/detail/call_site.hpp"

#include <execinfo.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <new>

#include "coroguard/config.hpp"
#include "core/site_key.hpp"
#include "core/symbolizer.hpp"

namespace coroguard::detail {

namespace {

constexpr std::size_t max_stack_depth = 64;

}  // namespace

struct call_site::stack {
  std::size_t depth = 0;
  std::array<const void*, max_stack_depth> return_addresses{};
};

call_site call_site::capture(const void* inside, const void* caller) noexcept {
  call_site site;
  site.inside_ = inside;
  site.caller_ = caller;
  if (!current_config().traceback) {
    return site;
  }
  std::array<void*, max_stack_depth> frames{};
  const int depth = backtrace(frames.data(), static_cast<int>(frames.size()));
  // The innermost frames are coroguard's own (and a sanitizer's, which intercepts backtrace): the
  // stack starts where the instrumented function called coroguard.
  const auto end = frames.begin() + depth;
  const auto first = std::find(frames.begin(), end, inside);
  auto* captured = first != end ? new (std::nothrow) stack : nullptr;
  if (captured == nullptr) {
    return site;
  }
  captured->depth = static_cast<std::size_t>(end - first);
  std::copy(first, end, captured->return_addresses.begin());
  site.inside_ = captured;
  site.caller_ = nullptr;
  return site;
}

void call_site::release_stack() noexcept {
  delete static_cast<const stack*>(inside_);
  inside_ = nullptr;
}

std::uint64_t call_site::key() const noexcept {
  const void* inside = inside_;
  const void* caller = caller_;
  if (holds_stack()) {
    const auto* captured = static_cast<const stack*>(inside_);
    inside = captured->depth > 0 ? captured->return_addresses[0] : nullptr;
    caller = captured->depth > 1 ? captured->return_addresses[1] : nullptr;
  }
  return mix_site_key(reinterpret_cast<std::uintptr_t>(inside),
                      reinterpret_cast<std::uintptr_t>(caller));
}

std::vector<std::string> call_site::frames() const {
  std::vector<std::string> described;
  const auto append = [&](const void* return_address) {
    std::vector<std::string> more = describe_return_address(return_address);
    described.insert(described.end(), std::make_move_iterator(more.begin()),
                     std::make_move_iterator(more.end()));
  };
  if (!holds_stack()) {
    // The instrumented function and the one that called it: the site, not a stack (inline chains
    // would otherwise bring in every std::invoke layer in between).
    constexpr std::size_t site_frames = 2;
    if (inside_ != nullptr) {
      append(inside_);
      if (described.size() < site_frames) {
        append(caller_);
      }
      described.resize(std::min(described.size(), site_frames));
    }
    return described;
  }
  const auto* captured = static_cast<const stack*>(inside_);
  bool reached_user_code = false;
  for (std::size_t i = 0; i < captured->depth; ++i) {
    const void* return_address = captured->return_addresses[i];
    // Below the user's outermost frame are the C library's process and thread start-up frames.
    const bool in_libc = inside_libc(return_address);
    if (in_libc && reached_user_code) {
      break;
    }
    reached_user_code = reached_user_code || !in_libc;
    append(return_address);
  }
  return described;
}

}  // namespace coroguard::detail
