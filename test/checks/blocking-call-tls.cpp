// RUN: %check_coroguard_tidy %s coroguard-blocking-call %t -- --quiet -- %asio_flags -I %inputs -isystem %inputs/system

// TLS set-up that reads certificates and keys from disk blocks like any file I/O.

#include <asio.hpp>
#include <ssl-context.h>

asio::awaitable<void> serve_tls(asio::ssl::context &Tls) {
  Tls.set_verify_mode(0);
  Tls.use_certificate_chain_file("server.pem");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'asio::ssl::context::use_certificate_chain_file' blocks the thread running coroutine 'serve_tls'; every other task on it stalls — {{.*}} [coroguard-blocking-call]
  Tls.use_private_key_file("server.key", asio::ssl::context::pem);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'asio::ssl::context::use_private_key_file' blocks the thread running coroutine 'serve_tls'; every other task on it stalls — {{.*}} [coroguard-blocking-call]
  Tls.use_certificate_file("server.crt", asio::ssl::context::pem);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'asio::ssl::context::use_certificate_file' blocks the thread running coroutine 'serve_tls'; every other task on it stalls — {{.*}} [coroguard-blocking-call]
  Tls.load_verify_file("ca.pem");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'asio::ssl::context::load_verify_file' blocks the thread running coroutine 'serve_tls'; every other task on it stalls — {{.*}} [coroguard-blocking-call]
  Tls.use_tmp_dh_file("dh.pem");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'asio::ssl::context::use_tmp_dh_file' blocks the thread running coroutine 'serve_tls'; every other task on it stalls — {{.*}} [coroguard-blocking-call]
  co_return;
}

// Set up before the loop runs, outside any coroutine: not reported.
void configure(asio::ssl::context &Tls) {
  Tls.use_certificate_chain_file("server.pem");
  Tls.use_private_key_file("server.key", asio::ssl::context::pem);
}
