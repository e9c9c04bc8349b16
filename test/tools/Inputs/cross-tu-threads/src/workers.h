// Thread entries defined in workers.cpp, started by name or from lambdas in main.cpp.
#pragma once
// far.cpp's coroutines use asio::awaitable.
#define ASIO_HAS_CO_AWAIT 1
#define ASIO_HAS_STD_COROUTINE 1
#include <asio.hpp>

extern asio::io_context loop;
extern asio::steady_timer heartbeat;

void heartbeat_worker();
void posting_worker();
void serve();
void start_service();
void run_loop();
void run_context(asio::io_context &io);
void idle_work();

// Defined in service.cpp: two TUs from the loop run_loop runs, and one that runs none.
void run_service();
void idle_service();
void wait_a_while();
