// coroguard's debug mode for standalone Asio, plugged in through Asio's handler-tracking hooks.
// `coroguard-config --cflags` force-includes coroguard/asio_integration.hpp, which points
// ASIO_CUSTOM_HANDLER_TRACKING here, and Asio includes this header itself, after its
// configuration: the program's source is not changed. Every translation unit of a program that
// includes Asio must be compiled with the same flags (the hooks add a member to Asio's
// operations).
#ifndef COROGUARD_ASIO_HANDLER_TRACKING_HPP
#define COROGUARD_ASIO_HANDLER_TRACKING_HPP

#ifndef ASIO_ENABLE_HANDLER_TRACKING
#define ASIO_ENABLE_HANDLER_TRACKING 1
#endif

#include <asio/detached.hpp>

#include "coroguard/detached.hpp"
#include "coroguard/detail/asio_hooks.hpp"
#include "coroguard/detail/detached_spawn.hpp"

namespace asio {

// co_spawn(..., asio::detached) and co_spawn(..., coroguard::detached) report the exception
// the coroutine finished with instead of dropping it.
template <class... Results>
class async_result<detached_t, void(std::exception_ptr, Results...)>
    : public ::coroguard::detail::reporting_detached_result<async_result<detached_t, void(std::exception_ptr, Results...)>> {
 public:
  using ::coroguard::detail::reporting_detached_result<async_result>::reporting_detached_result;
  static constexpr const char* name = "asio::detached";
};

template <class... Results>
class async_result<::coroguard::detached_t, void(std::exception_ptr, Results...)>
    : public ::coroguard::detail::reporting_detached_result<async_result<::coroguard::detached_t, void(std::exception_ptr, Results...)>> {
 public:
  using ::coroguard::detail::reporting_detached_result<async_result>::reporting_detached_result;
  static constexpr const char* name = "coroguard::detached";
};

}  // namespace asio

namespace asio::detail {
class scheduler;
}  // namespace asio::detail

namespace coroguard::detail {

// Whether a context has stopped (run() returned, or stop() was called): its scheduler knows.
// has_service and use_service are found by argument-dependent lookup where the hooks are used.
struct standalone_asio {
  template <class ExecutionContext>
  static bool stopped(ExecutionContext& context) noexcept {
    using scheduler = ::asio::detail::scheduler;
    return has_service<scheduler>(context) && use_service<scheduler>(context).stopped();
  }
};

}  // namespace coroguard::detail

#define ASIO_INHERIT_TRACKED_HANDLER : public ::coroguard::detail::tracked_asio_operation
#define ASIO_ALSO_INHERIT_TRACKED_HANDLER , public ::coroguard::detail::tracked_asio_operation
#define ASIO_HANDLER_TRACKING_INIT ::coroguard::detail::asio_context_created(this->context())
#define ASIO_HANDLER_LOCATION(args) static_cast<void>(0)
#define ASIO_HANDLER_CREATION(args) \
  ::coroguard::detail::asio_operation_created<::coroguard::detail::standalone_asio> args
#define ASIO_HANDLER_COMPLETION(args)                                                     \
  ::coroguard::detail::asio_callback tracked_completion args
#define ASIO_HANDLER_INVOCATION_BEGIN(args) tracked_completion.invocation_begin args
#define ASIO_HANDLER_INVOCATION_END tracked_completion.invocation_end()
#define ASIO_HANDLER_OPERATION(args) ::coroguard::detail::asio_object_operation<::coroguard::detail::standalone_asio> args
#define ASIO_HANDLER_REACTOR_REGISTRATION(args) static_cast<void>(0)
#define ASIO_HANDLER_REACTOR_DEREGISTRATION(args) static_cast<void>(0)
#define ASIO_HANDLER_REACTOR_READ_EVENT 1
#define ASIO_HANDLER_REACTOR_WRITE_EVENT 2
#define ASIO_HANDLER_REACTOR_ERROR_EVENT 4
#define ASIO_HANDLER_REACTOR_EVENTS(args) static_cast<void>(0)
#define ASIO_HANDLER_REACTOR_OPERATION(args) static_cast<void>(0)

#endif  // COROGUARD_ASIO_HANDLER_TRACKING_HPP
