// File I/O on regular files (and plain read/write on sockets in blocking mode): read, write,
// pread, pwrite, readv, writev, fsync, fdatasync and the stdio calls on FILE streams, with their
// _FORTIFY_SOURCE variants.
#include <stdarg.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>

#include "preload/descriptors.hpp"
#include "preload/wrapper.hpp"
#include "preload/real_function.hpp"

namespace coroguard::preload {
namespace {

constinit real_function<ssize_t (*)(int, void*, size_t)> real_read{"read"};
constinit real_function<ssize_t (*)(int, const void*, size_t)> real_write{"write"};
constinit real_function<ssize_t (*)(int, void*, size_t, off_t)> real_pread{"pread64"};
constinit real_function<ssize_t (*)(int, const void*, size_t, off_t)> real_pwrite{"pwrite64"};
constinit real_function<ssize_t (*)(int, const iovec*, int)> real_readv{"readv"};
constinit real_function<ssize_t (*)(int, const iovec*, int)> real_writev{"writev"};
constinit real_function<int (*)(int)> real_fsync{"fsync"};
constinit real_function<int (*)(int)> real_fdatasync{"fdatasync"};
constinit real_function<ssize_t (*)(int, void*, size_t, size_t)> real_read_chk{"__read_chk"};
constinit real_function<ssize_t (*)(int, void*, size_t, off_t, size_t)> real_pread_chk{
    "__pread64_chk"};
constinit real_function<size_t (*)(void*, size_t, size_t, FILE*)> real_fread{"fread"};
constinit real_function<size_t (*)(const void*, size_t, size_t, FILE*)> real_fwrite{"fwrite"};
constinit real_function<char* (*)(char*, int, FILE*)> real_fgets{"fgets"};
constinit real_function<int (*)(const char*, FILE*)> real_fputs{"fputs"};
constinit real_function<int (*)(FILE*)> real_fflush{"fflush"};
constinit real_function<int (*)(FILE*, const char*, va_list)> real_vfprintf{"vfprintf"};
constinit real_function<size_t (*)(void*, size_t, size_t, size_t, FILE*)> real_fread_chk{
    "__fread_chk"};
constinit real_function<char* (*)(char*, size_t, int, FILE*)> real_fgets_chk{"__fgets_chk"};
constinit real_function<int (*)(FILE*, int, const char*, va_list)> real_vfprintf_chk{
    "__vfprintf_chk"};

void note_stream_call(FILE* stream, const char* function) noexcept {
  if (detail::loop_thread* thread = detail::loop_thread_watching_blocking_calls()) [[unlikely]] {
    if (stream != nullptr) {
      note_descriptor_call_in_callback(*thread, ::fileno(stream), function);
    }
  }
}

}  // namespace
}  // namespace coroguard::preload

using namespace coroguard::preload;  // NOLINT(google-build-using-namespace): the wrappers' file

COROGUARD_WRAPPER ssize_t read(int fd, void* buffer, size_t size) {
  note_descriptor_call(fd, "read");
  auto* function = real_read.get();
  return function != nullptr ? function(fd, buffer, size) : ::syscall(SYS_read, fd, buffer, size);
}

COROGUARD_WRAPPER ssize_t write(int fd, const void* buffer, size_t size) {
  note_descriptor_call(fd, "write");
  auto* function = real_write.get();
  return function != nullptr ? function(fd, buffer, size) : ::syscall(SYS_write, fd, buffer, size);
}

COROGUARD_WRAPPER ssize_t pread64(int fd, void* buffer, size_t size, off_t offset) {
  note_descriptor_call(fd, "pread");
  auto* function = real_pread.get();
  return function != nullptr ? function(fd, buffer, size, offset)
                             : ::syscall(SYS_pread64, fd, buffer, size, offset);
}

COROGUARD_WRAPPER ssize_t pwrite64(int fd, const void* buffer, size_t size, off_t offset) {
  note_descriptor_call(fd, "pwrite");
  auto* function = real_pwrite.get();
  return function != nullptr ? function(fd, buffer, size, offset)
                             : ::syscall(SYS_pwrite64, fd, buffer, size, offset);
}

// With a 64-bit off_t, pread and pwrite are the same functions under another name.
COROGUARD_WRAPPER ssize_t pread(int fd, void* buffer, size_t size, off_t offset)
    __attribute__((alias("pread64")));
COROGUARD_WRAPPER ssize_t pwrite(int fd, const void* buffer, size_t size, off_t offset)
    __attribute__((alias("pwrite64")));

COROGUARD_WRAPPER ssize_t readv(int fd, const iovec* vector, int count) {
  note_descriptor_call(fd, "readv");
  auto* function = real_readv.get();
  return function != nullptr ? function(fd, vector, count)
                             : ::syscall(SYS_readv, fd, vector, count);
}

COROGUARD_WRAPPER ssize_t writev(int fd, const iovec* vector, int count) {
  note_descriptor_call(fd, "writev");
  auto* function = real_writev.get();
  return function != nullptr ? function(fd, vector, count)
                             : ::syscall(SYS_writev, fd, vector, count);
}

COROGUARD_WRAPPER int fsync(int fd) {
  note_call("fsync", coroguard::detail::blocking_category::disk_sync);
  auto* function = real_fsync.get();
  return function != nullptr ? function(fd) : static_cast<int>(::syscall(SYS_fsync, fd));
}

COROGUARD_WRAPPER int fdatasync(int fd) {
  note_call("fdatasync", coroguard::detail::blocking_category::disk_sync);
  auto* function = real_fdatasync.get();
  return function != nullptr ? function(fd) : static_cast<int>(::syscall(SYS_fdatasync, fd));
}

// NOLINTNEXTLINE(bugprone-reserved-identifier,readability-identifier-naming): the C library's name
COROGUARD_WRAPPER ssize_t __read_chk(int fd, void* buffer, size_t size, size_t buffer_size) {
  note_descriptor_call(fd, "read");
  auto* function = real_read_chk.get();
  return function != nullptr ? function(fd, buffer, size, buffer_size)
                             : ::syscall(SYS_read, fd, buffer, size);
}

// NOLINTNEXTLINE(bugprone-reserved-identifier,readability-identifier-naming): the C library's name
COROGUARD_WRAPPER ssize_t __pread64_chk(int fd, void* buffer, size_t size, off_t offset,
                                 size_t buffer_size) {
  note_descriptor_call(fd, "pread");
  auto* function = real_pread_chk.get();
  return function != nullptr ? function(fd, buffer, size, offset, buffer_size)
                             : ::syscall(SYS_pread64, fd, buffer, size, offset);
}

COROGUARD_WRAPPER size_t fread(void* buffer, size_t size, size_t count, FILE* stream) {
  note_stream_call(stream, "fread");
  auto* function = real_fread.get();
  return function != nullptr ? function(buffer, size, count, stream)
                             : ::fread_unlocked(buffer, size, count, stream);
}

COROGUARD_WRAPPER size_t fwrite(const void* buffer, size_t size, size_t count, FILE* stream) {
  note_stream_call(stream, "fwrite");
  auto* function = real_fwrite.get();
  return function != nullptr ? function(buffer, size, count, stream)
                             : ::fwrite_unlocked(buffer, size, count, stream);
}

COROGUARD_WRAPPER char* fgets(char* buffer, int size, FILE* stream) {
  note_stream_call(stream, "fgets");
  auto* function = real_fgets.get();
  return function != nullptr ? function(buffer, size, stream)
                             : ::fgets_unlocked(buffer, size, stream);
}

COROGUARD_WRAPPER int fputs(const char* text, FILE* stream) {
  note_stream_call(stream, "fputs");
  auto* function = real_fputs.get();
  return function != nullptr ? function(text, stream) : ::fputs_unlocked(text, stream);
}

COROGUARD_WRAPPER int fflush(FILE* stream) {
  note_stream_call(stream, "fflush");
  auto* function = real_fflush.get();
  return function != nullptr ? function(stream) : ::fflush_unlocked(stream);
}

COROGUARD_WRAPPER int vfprintf(FILE* stream, const char* format, va_list arguments) {
  note_stream_call(stream, "fprintf");
  auto* function = real_vfprintf.get();
  if (function == nullptr) {
    errno = EAGAIN;
    return -1;
  }
  return function(stream, format, arguments);
}

COROGUARD_WRAPPER int fprintf(FILE* stream, const char* format, ...) {
  va_list arguments;
  va_start(arguments, format);
  const int written = vfprintf(stream, format, arguments);
  va_end(arguments);
  return written;
}

// NOLINTNEXTLINE(bugprone-reserved-identifier,readability-identifier-naming): the C library's name
COROGUARD_WRAPPER size_t __fread_chk(void* buffer, size_t buffer_size, size_t size, size_t count,
                              FILE* stream) {
  note_stream_call(stream, "fread");
  auto* function = real_fread_chk.get();
  return function != nullptr ? function(buffer, buffer_size, size, count, stream)
                             : ::fread_unlocked(buffer, size, count, stream);
}

// NOLINTNEXTLINE(bugprone-reserved-identifier,readability-identifier-naming): the C library's name
COROGUARD_WRAPPER char* __fgets_chk(char* buffer, size_t buffer_size, int size, FILE* stream) {
  note_stream_call(stream, "fgets");
  auto* function = real_fgets_chk.get();
  return function != nullptr ? function(buffer, buffer_size, size, stream)
                             : ::fgets_unlocked(buffer, size, stream);
}

// NOLINTNEXTLINE(bugprone-reserved-identifier,readability-identifier-naming): the C library's name
COROGUARD_WRAPPER int __vfprintf_chk(FILE* stream, int flag, const char* format, va_list arguments) {
  note_stream_call(stream, "fprintf");
  auto* function = real_vfprintf_chk.get();
  if (function == nullptr) {
    errno = EAGAIN;
    return -1;
  }
  return function(stream, flag, format, arguments);
}

// NOLINTNEXTLINE(bugprone-reserved-identifier,readability-identifier-naming): the C library's name
COROGUARD_WRAPPER int __fprintf_chk(FILE* stream, int flag, const char* format, ...) {
  va_list arguments;
  va_start(arguments, format);
  const int written = __vfprintf_chk(stream, flag, format, arguments);
  va_end(arguments);
  return written;
}
