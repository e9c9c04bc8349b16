#include <asio.hpp>
#include <task.h>
#include <unistd.h>

// The same names as in first.cpp, at other places, and Asio (which changes the
// suggestions): nothing may be carried over from the translation unit analysed before.
lazy::task<int> fetch();

void nap() {}

lazy::task<int> handler() {

  nap();
  usleep(10);
  fetch();
  co_return 2;
}
