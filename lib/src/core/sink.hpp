#pragma once

#include "coroguard/report.hpp"

namespace coroguard::detail {

// Hands a report to the installed sink, one at a time.
void deliver(const report& r) noexcept;

void reset_sink_for_tests() noexcept;

}  // namespace coroguard::detail
