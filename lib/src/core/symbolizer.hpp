#pragma once

#include <string>
#include <vector>

namespace coroguard::detail {

// Source frames for the call that returns to `return_address`, innermost first: one per inlined
// call at that point, then the function they were inlined into. Each is "function (file:line)",
// or "function (module+0xoffset)" without debug information. coroguard's own inline helpers are
// left out. Slow (reads DWARF): only for reports.
std::vector<std::string> describe_return_address(const void* return_address);

// Whether `code` is in the C library (the thread and process start-up frames below user code).
bool inside_libc(const void* code) noexcept;

}  // namespace coroguard::detail
