// A small chat service on Asio coroutines.
#pragma once

#include <asio.hpp>
#include <mutex>
#include <string>
#include <vector>

namespace chat {

// Lines said so far; shared by every session on the loop.
class history {
public:
  void append(std::string line);
  std::vector<std::string> snapshot() const;

private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

asio::awaitable<void> session(asio::ip::tcp::socket socket, history &log);
asio::awaitable<void> flush_history(const history &log, asio::thread_pool &pool);
void start_idle_reaper(asio::ip::tcp::acceptor &acceptor, asio::steady_timer &idle_timer);

} // namespace chat
