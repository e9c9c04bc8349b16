// Socket calls on sockets in blocking mode: recv, recvfrom, recvmsg, send, sendto, sendmsg,
// accept, accept4, connect (MSG_DONTWAIT makes a call non-blocking).
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "preload/descriptors.hpp"
#include "preload/wrapper.hpp"
#include "preload/real_function.hpp"

namespace coroguard::preload {
namespace {

constinit real_function<ssize_t (*)(int, void*, size_t, int)> real_recv{"recv"};
constinit real_function<ssize_t (*)(int, void*, size_t, int, sockaddr*, socklen_t*)> real_recvfrom{
    "recvfrom"};
constinit real_function<ssize_t (*)(int, msghdr*, int)> real_recvmsg{"recvmsg"};
constinit real_function<ssize_t (*)(int, const void*, size_t, int)> real_send{"send"};
constinit real_function<ssize_t (*)(int, const void*, size_t, int, const sockaddr*, socklen_t)>
    real_sendto{"sendto"};
constinit real_function<ssize_t (*)(int, const msghdr*, int)> real_sendmsg{"sendmsg"};
constinit real_function<int (*)(int, sockaddr*, socklen_t*)> real_accept{"accept"};
constinit real_function<int (*)(int, sockaddr*, socklen_t*, int)> real_accept4{"accept4"};
constinit real_function<int (*)(int, const sockaddr*, socklen_t)> real_connect{"connect"};
constinit real_function<ssize_t (*)(int, void*, size_t, size_t, int)> real_recv_chk{"__recv_chk"};
constinit real_function<ssize_t (*)(int, void*, size_t, size_t, int, sockaddr*, socklen_t*)>
    real_recvfrom_chk{"__recvfrom_chk"};

void note_socket_call(int fd, int flags, const char* function) noexcept {
  if ((flags & MSG_DONTWAIT) == 0) {
    note_descriptor_call(fd, function);
  }
}

}  // namespace
}  // namespace coroguard::preload

using namespace coroguard::preload;  // NOLINT(google-build-using-namespace): the wrappers' file

COROGUARD_WRAPPER ssize_t recv(int fd, void* buffer, size_t size, int flags) {
  note_socket_call(fd, flags, "recv");
  auto* function = real_recv.get();
  return function != nullptr ? function(fd, buffer, size, flags)
                             : ::syscall(SYS_recvfrom, fd, buffer, size, flags, nullptr, nullptr);
}

COROGUARD_WRAPPER ssize_t recvfrom(int fd, void* buffer, size_t size, int flags, sockaddr* from,
                            socklen_t* from_size) {
  note_socket_call(fd, flags, "recvfrom");
  auto* function = real_recvfrom.get();
  return function != nullptr ? function(fd, buffer, size, flags, from, from_size)
                             : ::syscall(SYS_recvfrom, fd, buffer, size, flags, from, from_size);
}

COROGUARD_WRAPPER ssize_t recvmsg(int fd, msghdr* message, int flags) {
  note_socket_call(fd, flags, "recvmsg");
  auto* function = real_recvmsg.get();
  return function != nullptr ? function(fd, message, flags)
                             : ::syscall(SYS_recvmsg, fd, message, flags);
}

COROGUARD_WRAPPER ssize_t send(int fd, const void* buffer, size_t size, int flags) {
  note_socket_call(fd, flags, "send");
  auto* function = real_send.get();
  return function != nullptr ? function(fd, buffer, size, flags)
                             : ::syscall(SYS_sendto, fd, buffer, size, flags, nullptr, 0);
}

COROGUARD_WRAPPER ssize_t sendto(int fd, const void* buffer, size_t size, int flags, const sockaddr* to,
                          socklen_t to_size) {
  note_socket_call(fd, flags, "sendto");
  auto* function = real_sendto.get();
  return function != nullptr ? function(fd, buffer, size, flags, to, to_size)
                             : ::syscall(SYS_sendto, fd, buffer, size, flags, to, to_size);
}

COROGUARD_WRAPPER ssize_t sendmsg(int fd, const msghdr* message, int flags) {
  note_socket_call(fd, flags, "sendmsg");
  auto* function = real_sendmsg.get();
  return function != nullptr ? function(fd, message, flags)
                             : ::syscall(SYS_sendmsg, fd, message, flags);
}

COROGUARD_WRAPPER int accept(int fd, sockaddr* address, socklen_t* address_size) {
  note_descriptor_call(fd, "accept");
  auto* function = real_accept.get();
  return function != nullptr
             ? function(fd, address, address_size)
             : static_cast<int>(::syscall(SYS_accept4, fd, address, address_size, 0));
}

COROGUARD_WRAPPER int accept4(int fd, sockaddr* address, socklen_t* address_size, int flags) {
  note_descriptor_call(fd, "accept4");
  auto* function = real_accept4.get();
  return function != nullptr
             ? function(fd, address, address_size, flags)
             : static_cast<int>(::syscall(SYS_accept4, fd, address, address_size, flags));
}

COROGUARD_WRAPPER int connect(int fd, const sockaddr* address, socklen_t address_size) {
  note_descriptor_call(fd, "connect");
  auto* function = real_connect.get();
  return function != nullptr ? function(fd, address, address_size)
                             : static_cast<int>(::syscall(SYS_connect, fd, address, address_size));
}

// NOLINTNEXTLINE(bugprone-reserved-identifier,readability-identifier-naming): the C library's name
COROGUARD_WRAPPER ssize_t __recv_chk(int fd, void* buffer, size_t size, size_t buffer_size, int flags) {
  note_socket_call(fd, flags, "recv");
  auto* function = real_recv_chk.get();
  return function != nullptr ? function(fd, buffer, size, buffer_size, flags)
                             : ::syscall(SYS_recvfrom, fd, buffer, size, flags, nullptr, nullptr);
}

// NOLINTNEXTLINE(bugprone-reserved-identifier,readability-identifier-naming): the C library's name
COROGUARD_WRAPPER ssize_t __recvfrom_chk(int fd, void* buffer, size_t size, size_t buffer_size, int flags,
                                  sockaddr* from, socklen_t* from_size) {
  note_socket_call(fd, flags, "recvfrom");
  auto* function = real_recvfrom_chk.get();
  return function != nullptr ? function(fd, buffer, size, buffer_size, flags, from, from_size)
                             : ::syscall(SYS_recvfrom, fd, buffer, size, flags, from, from_size);
}
