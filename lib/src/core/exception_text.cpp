#include "core/exception_text.hpp"

#include <cxxabi.h>

#include <typeinfo>

#include "core/names.hpp"

namespace coroguard::detail {

std::string describe_exception(const std::exception_ptr& exception) {
  try {
    std::rethrow_exception(exception);
  } catch (const std::exception& e) {
    return demangle(typeid(e).name()) + ": " + e.what();
  } catch (...) {
    const std::type_info* type = abi::__cxa_current_exception_type();
    return type != nullptr ? demangle(type->name()) : std::string{"unknown exception"};
  }
}

}  // namespace coroguard::detail
