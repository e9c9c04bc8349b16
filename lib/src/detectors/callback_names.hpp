#pragma once

#include <string>
#include <string_view>

#include "core/stack_view.hpp"

namespace coroguard::detail {

// What an Asio callback was, for reports: the coroutine it resumed ("session::run"), the lambda
// ("lambda at server.cpp:41") or the function object's type. From the callback's stack when one
// was captured (its outermost program frame is what Asio invoked), else from
// `operation_type`, the __PRETTY_FUNCTION__ naming the Asio operation, whose handler type is one
// of its template arguments (type-erased handlers name nothing more than "an Asio handler").
[[nodiscard]] std::string callback_name(const char* operation_type, const program_stack& stack);

// The readable name of a frame's function: "fetch" for a coroutine body or a function,
// "lambda at file.cpp:12" for a lambda.
[[nodiscard]] std::string function_display(const source_frame& frame);

// The handler type an operation's name spells, readable: "lambda at file.cpp:12",
// "app::on_timer"; empty when it is type-erased or Asio's own.
[[nodiscard]] std::string handler_from_operation(std::string_view operation_type);

}  // namespace coroguard::detail
