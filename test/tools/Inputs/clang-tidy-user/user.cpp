#include "task.h"

lazy::task<int> fetch();

lazy::task<int> user() {
  fetch();
  co_return 0;
}
