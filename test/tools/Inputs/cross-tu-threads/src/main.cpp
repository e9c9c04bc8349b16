#include "workers.h"
#include <thread>

int main() {
  std::thread beat(heartbeat_worker);
  std::thread poster(posting_worker);
  std::thread server(serve);
  std::thread service(start_service);
  std::thread from_lambda([] { heartbeat_worker(); });
  std::thread serving_lambda([] { serve(); });
  beat.join();
  poster.join();
  server.join();
  service.join();
  from_lambda.join();
  serving_lambda.join();
}
