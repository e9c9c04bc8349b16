// exception-never-retrieved: an exception a coroutine spawned with asio::detached finishes with
// is dropped by Asio; in debug mode it is reported with its type, what() and the spawning site,
// in an unmodified program (the Asio integration specializes async_result for detached_t). The
// explicit coroguard::detached token reports the same.

// RUN: %build-standalone -DCOROGUARD_TEST_TOKEN -o %t.standalone
// RUN: %coroguard-run %t.standalone 2>&1 | FileCheck %s --check-prefixes=CHECK,STANDALONE,TOKEN --implicit-check-not=coroguard:
// RUN: %build-boost -DCOROGUARD_TEST_TOKEN -o %t.boost
// RUN: %coroguard-run %t.boost 2>&1 | FileCheck %s --check-prefixes=CHECK,BOOST,TOKEN --implicit-check-not=coroguard:

// The same program built without coroguard: the exceptions are lost silently. Debug mode off:
// nothing is reported either.
// RUN: %build-plain-standalone -o %t.plain
// RUN: %t.plain 2>&1 | FileCheck %s --check-prefix=SILENT --implicit-check-not=coroguard:
// RUN: %build-standalone -o %t.untokened
// RUN: %t.untokened 2>&1 | FileCheck %s --check-prefix=SILENT --implicit-check-not=coroguard:
// SILENT: all spawned

#include <stdexcept>

#include "net.hpp"
#if defined(COROGUARD_TEST_TOKEN)
#include <coroguard/detached.hpp>
#endif

struct protocol_error {};

net::awaitable<void> fetch_page() {
  throw std::runtime_error("connection refused");
  co_return;
}

net::awaitable<int> count_users() {
  throw protocol_error{};
  co_return 0;
}

net::awaitable<void> finishes_fine() { co_return; }

int main() {
  net::io_context io;
  net::co_spawn(io, fetch_page(), net::detached);
  net::co_spawn(io, count_users(), net::detached);
  net::co_spawn(io, [] () -> net::awaitable<void> { throw std::logic_error("bad state"); co_return; }, net::detached);
  // Not reported: no exception, or a handler that takes the exception.
  net::co_spawn(io, finishes_fine(), net::detached);
  net::co_spawn(io, fetch_page(), [](const std::exception_ptr& caught) { if (caught) say("handled"); });
#if defined(COROGUARD_TEST_TOKEN)
  net::co_spawn(io, fetch_page(), coroguard::detached);
#endif
  io.run();
  say("all spawned");
}

// STANDALONE: coroguard: exception-never-retrieved: coroutine 'fetch_page' spawned with asio::detached finished with an exception nobody retrieved: std::runtime_error: connection refused
// BOOST:      coroguard: exception-never-retrieved: coroutine 'fetch_page' spawned with boost::asio::detached finished with an exception nobody retrieved: std::runtime_error: connection refused
// CHECK-NEXT:     at fetch_page() (detached.cpp:[[#FETCH_PAGE:]])
// CHECK-NEXT:     at main (detached.cpp:[[#]])
// STANDALONE: coroguard: exception-never-retrieved: coroutine 'count_users' spawned with asio::detached finished with an exception nobody retrieved: protocol_error
// BOOST:      coroguard: exception-never-retrieved: coroutine 'count_users' spawned with boost::asio::detached finished with an exception nobody retrieved: protocol_error
// CHECK-NEXT:     at count_users() (detached.cpp:[[#]])
// CHECK-NEXT:     at main (detached.cpp:[[#]])
// STANDALONE: coroguard: exception-never-retrieved: coroutine 'lambda at detached.cpp:[[#LAMBDA:]]' spawned with asio::detached finished with an exception nobody retrieved: std::logic_error: bad state
// BOOST:      coroguard: exception-never-retrieved: coroutine 'lambda at detached.cpp:[[#LAMBDA:]]' spawned with boost::asio::detached finished with an exception nobody retrieved: std::logic_error: bad state
// CHECK-NEXT:     at main (detached.cpp:[[#LAMBDA]])
// CHECK:      handled
// TOKEN:      coroguard: exception-never-retrieved: coroutine 'fetch_page' spawned with coroguard::detached finished with an exception nobody retrieved: std::runtime_error: connection refused
// TOKEN-NEXT:     at fetch_page() (detached.cpp:[[#FETCH_PAGE]])
// TOKEN-NEXT:     at main (detached.cpp:[[#]])
// CHECK:      all spawned
