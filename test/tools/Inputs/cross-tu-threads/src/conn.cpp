#include "conn.h"

Connection::Connection(asio::io_context &io) : socket_(io), idle_(io) {}

void Connection::close() {
  idle_.cancel();
  shutdown_socket();
}

void Connection::shutdown_socket() { socket_.close(); }

std::size_t Connection::pending() const { return 0; }

void close_all(Connection &conn) { conn.close(); }

void report(const Connection &conn) { (void)conn.pending(); }
