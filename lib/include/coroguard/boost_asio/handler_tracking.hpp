// coroguard's debug mode for Boost.Asio, plugged in through Asio's handler-tracking hooks.
// `coroguard-config --cflags` force-includes coroguard/asio_integration.hpp, which points
// BOOST_ASIO_CUSTOM_HANDLER_TRACKING here, and Boost.Asio includes this header itself, after its
// configuration: the program's source is not changed. Every translation unit of a program that
// includes Boost.Asio must be compiled with the same flags (the hooks add a member to Asio's
// operations).
#ifndef COROGUARD_BOOST_ASIO_HANDLER_TRACKING_HPP
#define COROGUARD_BOOST_ASIO_HANDLER_TRACKING_HPP

#ifndef BOOST_ASIO_ENABLE_HANDLER_TRACKING
#define BOOST_ASIO_ENABLE_HANDLER_TRACKING 1
#endif

#include <boost/asio/detached.hpp>

#include "coroguard/detached.hpp"
#include "coroguard/detail/asio_hooks.hpp"
#include "coroguard/detail/detached_spawn.hpp"

namespace boost::asio {

// co_spawn(..., boost::asio::detached) and co_spawn(..., coroguard::detached) report the exception
// the coroutine finished with instead of dropping it.
template <class... Results>
class async_result<detached_t, void(std::exception_ptr, Results...)>
    : public ::coroguard::detail::reporting_detached_result<async_result<detached_t, void(std::exception_ptr, Results...)>> {
 public:
  using ::coroguard::detail::reporting_detached_result<async_result>::reporting_detached_result;
  static constexpr const char* name = "boost::asio::detached";
};

template <class... Results>
class async_result<::coroguard::detached_t, void(std::exception_ptr, Results...)>
    : public ::coroguard::detail::reporting_detached_result<async_result<::coroguard::detached_t, void(std::exception_ptr, Results...)>> {
 public:
  using ::coroguard::detail::reporting_detached_result<async_result>::reporting_detached_result;
  static constexpr const char* name = "coroguard::detached";
};

}  // namespace boost::asio

namespace boost::asio::detail {
class scheduler;
}  // namespace boost::asio::detail

namespace coroguard::detail {

// Whether a context has stopped (run() returned, or stop() was called): its scheduler knows.
// has_service and use_service are found by argument-dependent lookup where the hooks are used.
struct boost_asio {
  template <class ExecutionContext>
  static bool stopped(ExecutionContext& context) noexcept {
    using scheduler = ::boost::asio::detail::scheduler;
    return has_service<scheduler>(context) && use_service<scheduler>(context).stopped();
  }
};

}  // namespace coroguard::detail

#define BOOST_ASIO_INHERIT_TRACKED_HANDLER : public ::coroguard::detail::tracked_asio_operation
#define BOOST_ASIO_ALSO_INHERIT_TRACKED_HANDLER , public ::coroguard::detail::tracked_asio_operation
#define BOOST_ASIO_HANDLER_TRACKING_INIT ::coroguard::detail::asio_context_created(this->context())
#define BOOST_ASIO_HANDLER_LOCATION(args) static_cast<void>(0)
#define BOOST_ASIO_HANDLER_CREATION(args) \
  ::coroguard::detail::asio_operation_created<::coroguard::detail::boost_asio> args
#define BOOST_ASIO_HANDLER_COMPLETION(args)                                                     \
  ::coroguard::detail::asio_callback tracked_completion args
#define BOOST_ASIO_HANDLER_INVOCATION_BEGIN(args) tracked_completion.invocation_begin args
#define BOOST_ASIO_HANDLER_INVOCATION_END tracked_completion.invocation_end()
#define BOOST_ASIO_HANDLER_OPERATION(args) ::coroguard::detail::asio_object_operation<::coroguard::detail::boost_asio> args
#define BOOST_ASIO_HANDLER_REACTOR_REGISTRATION(args) static_cast<void>(0)
#define BOOST_ASIO_HANDLER_REACTOR_DEREGISTRATION(args) static_cast<void>(0)
#define BOOST_ASIO_HANDLER_REACTOR_READ_EVENT 1
#define BOOST_ASIO_HANDLER_REACTOR_WRITE_EVENT 2
#define BOOST_ASIO_HANDLER_REACTOR_ERROR_EVENT 4
#define BOOST_ASIO_HANDLER_REACTOR_EVENTS(args) static_cast<void>(0)
#define BOOST_ASIO_HANDLER_REACTOR_OPERATION(args) static_cast<void>(0)

#endif  // COROGUARD_BOOST_ASIO_HANDLER_TRACKING_HPP
