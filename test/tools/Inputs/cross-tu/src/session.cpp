#include "project.h"
#include "task.h"

lazy::task<int> serve(storage::journal &log) {
  cfg::read_settings();
  storage::read_file("motd");
  cfg::reload();
  log.flush();
  settle(1);
  fast::helper();
  slow::helper();
  storage::poll();
  cfg::spawn_reader();
  ping(3);
  defined_nowhere();
  {
    cfg::settings_lock lock;
    cfg::settings_view view;
  }
  co_return 0;
}
