#pragma once

#include <string>
#include <string_view>

namespace coroguard::detail {

// The readable form of a mangled C++ name (symbol or type); other names come back unchanged.
std::string demangle(const char* name);

// "task<int> ns::fetch_user(int) [T = int]" -> "ns::fetch_user": a function's qualified name
// from std::source_location::function_name(), without return type, parameters and template
// arguments list.
std::string_view function_display_name(std::string_view signature) noexcept;

// "/src/app/main.cpp" -> "main.cpp": reports name files briefly and the same on every machine.
std::string_view base_name(std::string_view path) noexcept;

}  // namespace coroguard::detail
