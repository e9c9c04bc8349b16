#include "workers.h"
#include <thread>

void run_service() { run_loop(); }

void idle_service() { idle_work(); }

void wait_a_while() { std::this_thread::sleep_for(std::chrono::milliseconds(5)); }
