#include "conn.h"
#include <thread>

void admin_thread(Connection &conn) {
  std::thread admin([&conn] {
    close_all(conn);
    conn.shutdown_socket();
    report(conn);
  });
  admin.join();
}

void on_the_loop(Connection &conn) { close_all(conn); }
