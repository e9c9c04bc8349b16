#include "chat.h"

#include <chrono>
#include <fstream>
#include <thread>

using asio::awaitable;
using asio::use_awaitable;
using asio::ip::tcp;

namespace chat {
namespace {

std::string read_motd(const std::string &path) {
  std::ifstream file(path);
  std::string line;
  std::getline(file, line);
  return line;
}

std::string welcome_text() { return "welcome! " + read_motd("/etc/motd"); }

awaitable<void> send_line(tcp::socket &socket, std::string line) {
  line += '\n';
  co_await asio::async_write(socket, asio::buffer(line), use_awaitable);
}

} // namespace

awaitable<void> session(tcp::socket socket, history &log) {
  co_await send_line(socket, welcome_text());
  std::string buffer;
  for (;;) {
    const std::size_t length = co_await asio::async_read_until(
        socket, asio::dynamic_buffer(buffer), '\n', use_awaitable);
    std::string line = buffer.substr(0, length);
    buffer.erase(0, length);
    if (line == "/slow\n")
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    send_line(socket, "ack");
    log.append(std::move(line));
  }
}

awaitable<void> flush_history(const history &log, asio::thread_pool &pool) {
  // Resumes on a pool thread, where blocking is fine. (With a plain use_awaitable token
  // the coroutine would resume on its own executor, the loop.)
  co_await asio::post(asio::bind_executor(pool, use_awaitable));
  std::ofstream file("/tmp/coroguard-example-history.txt");
  for (const std::string &line : log.snapshot())
    file << line;
}

} // namespace chat
