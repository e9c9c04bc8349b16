// Thread entries defined in workers.cpp, started by name or from lambdas in main.cpp.
#pragma once
#include <asio.hpp>

extern asio::io_context loop;
extern asio::steady_timer heartbeat;

void heartbeat_worker();
void posting_worker();
void serve();
void start_service();
void run_loop();
