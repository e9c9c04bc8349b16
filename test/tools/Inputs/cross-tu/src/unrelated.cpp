#include "task.h"

lazy::task<int> idle() { co_return 0; }
