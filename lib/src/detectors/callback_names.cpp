#include "detectors/callback_names.hpp"

#include <cctype>

#include "core/names.hpp"

namespace coroguard::detail {
namespace {

// Clang spells a lambda's class "$_0" in symbols and "(lambda at file:line:column)" in type
// names; GCC "{lambda()#1}" and "<lambda()>".
bool is_lambda_function(std::string_view function) noexcept {
  if (function.find("{lambda(") != std::string_view::npos) {
    return true;
  }
  for (std::size_t at = function.find("::$_"); at != std::string_view::npos;
       at = function.find("::$_", at + 1)) {
    if (at + 4 < function.size() && std::isdigit(static_cast<unsigned char>(function[at + 4])) != 0) {
      return true;
    }
  }
  return false;
}

// "(lambda at /src/app.cpp:12:7)" -> "lambda at app.cpp:12".
std::string lambda_location(std::string_view type_name) {
  constexpr std::string_view marker = "(lambda at ";
  const std::size_t start = type_name.find(marker);
  const std::size_t end = type_name.find(')', start);
  if (start == std::string_view::npos || end == std::string_view::npos) {
    return {};
  }
  std::string_view where = type_name.substr(start + marker.size(), end - start - marker.size());
  // Drop the column.
  const std::size_t last_colon = where.rfind(':');
  if (last_colon != std::string_view::npos && last_colon > 0 &&
      where.rfind(':', last_colon - 1) != std::string_view::npos) {
    where = where.substr(0, last_colon);
  }
  return "lambda at " + std::string{base_name(where)};
}

bool is_library_type(std::string_view type) noexcept {
  for (const std::string_view prefix : {"asio::", "boost::", "std::", "coroguard::"}) {
    if (type.starts_with(prefix)) {
      return true;
    }
  }
  if (type.empty() || (std::isalpha(static_cast<unsigned char>(type.front())) == 0 &&
                       type.front() != '_')) {
    return true;
  }
  // Fundamental types.
  for (const std::string_view fundamental :
       {"void", "bool", "char", "signed", "unsigned", "short", "int", "long", "float", "double"}) {
    if (type == fundamental || type.starts_with(std::string{fundamental} + " ")) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string function_display(const source_frame& frame) {
  if (is_lambda_function(frame.function) && !frame.file.empty()) {
    return "lambda at " + std::string{base_name(frame.file)} + ":" +
           std::to_string(frame.definition_line != 0 ? frame.definition_line : frame.line);
  }
  return std::string{function_display_name(frame.function)};
}

std::string handler_from_operation(std::string_view operation_type) {
  // "... [Operation = asio::detail::executor_op<asio::detail::binder0<(lambda at a.cpp:3:5)>, ...>]"
  constexpr std::string_view argument = " = ";
  const std::size_t open = operation_type.find(" [");
  const std::size_t start = operation_type.find(argument, open);
  if (open == std::string_view::npos || start == std::string_view::npos) {
    return {};
  }
  std::string_view type = operation_type.substr(start + argument.size());
  if (type.ends_with(']')) {
    type.remove_suffix(1);
  }
  if (std::string lambda = lambda_location(type); !lambda.empty()) {
    return lambda;
  }
  // The first template argument, depth first, that is the program's own type.
  std::size_t begin = 0;
  for (std::size_t i = 0; i <= type.size(); ++i) {
    const char c = i < type.size() ? type[i] : ',';
    if (c == '<' || c == ',' || c == '>') {
      std::string_view candidate = type.substr(begin, i - begin);
      while (!candidate.empty() && candidate.front() == ' ') {
        candidate.remove_prefix(1);
      }
      if (!is_library_type(candidate)) {
        return std::string{candidate};
      }
      begin = i + 1;
    }
  }
  return {};
}

std::string callback_name(const char* operation_type, const program_stack& stack) {
  if (stack.reaches_callback && !stack.frames.empty()) {
    return function_display(stack.frames.back());
  }
  std::string named = operation_type != nullptr ? handler_from_operation(operation_type) : "";
  if (named.empty() && !stack.frames.empty()) {
    named = function_display(stack.frames.back());
  }
  return named.empty() ? "asio handler" : named;
}

}  // namespace coroguard::detail
