#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/source_frame.hpp"

namespace coroguard::detail {

// COROGUARD_ALLOW_BLOCKING: blocking calls not to report, as function names ("usleep",
// "app::load_config") or file:line sites ("loader.cpp:42").

// Why `entry` cannot be an allowlist entry ("an empty entry", "a malformed entry"); null when it
// can.
[[nodiscard]] const char* allowlist_entry_problem(std::string_view entry) noexcept;

void set_blocking_allowlist(std::vector<std::string> entries) noexcept;

// Whether the call to `blocking_function` made through `frames` (innermost first) is allowed: an
// entry names the blocking function, a function on the stack, or the file:line of a frame (a
// base name or a trailing part of the path).
[[nodiscard]] bool blocking_allowed(std::string_view blocking_function,
                                    const std::vector<source_frame>& frames);

}  // namespace coroguard::detail
