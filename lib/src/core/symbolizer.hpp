#pragma once

#include <string>
#include <vector>

#include "core/source_frame.hpp"

namespace coroguard::detail {

// Source frames for the instruction at `code`, innermost first: one per inlined call at that
// point, then the function they were inlined into. coroguard's own inline helpers are left out.
// `code` is a return address (the call before it is meant) unless `exact` (an interrupted
// thread's program counter). Slow (reads DWARF): only for reports.
std::vector<source_frame> symbolize(const void* code, bool exact = false);

// The same, as text: each "function (file:line)", or "function (module+0xoffset)" without debug
// information.
std::vector<std::string> describe_return_address(const void* return_address);

// Whether `code` is in the C library (the thread and process start-up frames below user code).
bool inside_libc(const void* code) noexcept;

}  // namespace coroguard::detail
