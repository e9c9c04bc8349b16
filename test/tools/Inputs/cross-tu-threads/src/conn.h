// A connection whose socket and timer belong to the loop; defined in conn.cpp.
#pragma once
#include <asio.hpp>

class Connection {
public:
  explicit Connection(asio::io_context &io);
  void close();
  void shutdown_socket();
  std::size_t pending() const;

private:
  asio::ip::tcp::socket socket_;
  asio::steady_timer idle_;
};

void close_all(Connection &conn);
void report(const Connection &conn);
