#pragma once

#include <exception>
#include <string>

namespace coroguard::detail {

// "std::runtime_error: bad header"; only the type for exceptions not derived from std::exception.
[[nodiscard]] std::string describe_exception(const std::exception_ptr& exception);

}  // namespace coroguard::detail
