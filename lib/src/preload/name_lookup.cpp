// DNS: getaddrinfo and gethostbyname (asio::ip::tcp::resolver::resolve calls the former).
#include <netdb.h>

#include "preload/descriptors.hpp"
#include "preload/wrapper.hpp"
#include "preload/real_function.hpp"

namespace coroguard::preload {
namespace {

constinit real_function<int (*)(const char*, const char*, const addrinfo*, addrinfo**)>
    real_getaddrinfo{"getaddrinfo"};
constinit real_function<hostent* (*)(const char*)> real_gethostbyname{"gethostbyname"};

}  // namespace
}  // namespace coroguard::preload

using coroguard::detail::blocking_category;
using namespace coroguard::preload;  // NOLINT(google-build-using-namespace): the wrappers' file

COROGUARD_WRAPPER int getaddrinfo(const char* node, const char* service, const addrinfo* hints,
                           addrinfo** result) {
  note_call("getaddrinfo", blocking_category::name_lookup);
  auto* function = real_getaddrinfo.get();
  return function != nullptr ? function(node, service, hints, result) : EAI_AGAIN;
}

COROGUARD_WRAPPER hostent* gethostbyname(const char* name) {
  note_call("gethostbyname", blocking_category::name_lookup);
  if (auto* function = real_gethostbyname.get()) {
    return function(name);
  }
  h_errno = TRY_AGAIN;
  return nullptr;
}
