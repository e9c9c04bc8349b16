#include "chat.h"

#include <chrono>
#include <thread>

namespace chat {

void start_idle_reaper(asio::ip::tcp::acceptor &acceptor, asio::steady_timer &idle_timer) {
  std::thread([&acceptor, &idle_timer] {
    std::this_thread::sleep_for(std::chrono::seconds(30));
    idle_timer.cancel();
    // The right way: hand the work back to the loop that owns the acceptor.
    asio::post(acceptor.get_executor(), [&acceptor] { acceptor.close(); });
  }).detach();
}

} // namespace chat
