#include <task.h>
#include <thread>
#include <unistd.h>

lazy::task<int> fetch();
void nap() { sleep(1); }

lazy::task<int> handler() {
  fetch();
  nap();
  co_return 1;
}
