#pragma once

namespace coroguard::detail {

// Reads the COROGUARD_* environment variables on first call (and after the test reset): settles
// the settings behind current_config(), reports malformed values as `config`, and returns what
// COROGUARD_DEBUG asked for.
bool read_environment_once() noexcept;

void forget_environment_for_tests() noexcept;

}  // namespace coroguard::detail
