// RUN: %check_coroguard_tidy -expect-clang-tidy-error %s coroguard-cross-thread-call %t -- \
// RUN:   -config="{CheckOptions: {coroguard-cross-thread-call.MaxDepth: deep}}" -- %asio_flags -I %inputs

// A bad option value is a configuration error that names the option; the check still
// runs with the defaults.
// CHECK-MESSAGES: error: invalid value 'deep' for option 'coroguard-cross-thread-call.MaxDepth': expected an integer from 0 to 64 [clang-tidy-config]

#include <asio.hpp>
#include <thread>

asio::io_context Loop;
asio::steady_timer Timer(Loop);

void still_checked() {
  std::thread Worker([] { Timer.cancel(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: 'asio::steady_timer::cancel' called on shared 'Timer' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Timer.get_executor(), [&] { Timer.cancel(); }) [coroguard-cross-thread-call]
  Worker.join();
}
