// Force-included into every translation unit by `coroguard-config --cflags` (and by pkg-config
// and CMake's coroguard::runtime, which pass the same `-include coroguard/asio_integration.hpp`):
// points the handler-tracking hooks of standalone Asio and Boost.Asio at coroguard. Only macros,
// no #include: a translation unit that does not use Asio is not changed, and Asio still reads
// the program's own configuration macros first.
#ifndef COROGUARD_ASIO_INTEGRATION_HPP
#define COROGUARD_ASIO_INTEGRATION_HPP

#ifndef ASIO_CUSTOM_HANDLER_TRACKING
// A header name for #include: it cannot be parenthesized.
#define ASIO_CUSTOM_HANDLER_TRACKING <coroguard/asio/handler_tracking.hpp>  // NOLINT(bugprone-macro-parentheses)
#endif
#ifndef ASIO_ENABLE_HANDLER_TRACKING
#define ASIO_ENABLE_HANDLER_TRACKING 1
#endif

#ifndef BOOST_ASIO_CUSTOM_HANDLER_TRACKING
#define BOOST_ASIO_CUSTOM_HANDLER_TRACKING <coroguard/boost_asio/handler_tracking.hpp>  // NOLINT(bugprone-macro-parentheses)
#endif
#ifndef BOOST_ASIO_ENABLE_HANDLER_TRACKING
#define BOOST_ASIO_ENABLE_HANDLER_TRACKING 1
#endif

#endif  // COROGUARD_ASIO_INTEGRATION_HPP
