#include "coroguard/report.hpp"

#include <unistd.h>

#include <cerrno>
#include <mutex>
#include <utility>

#include "core/sink.hpp"

namespace coroguard {

namespace {

constinit std::mutex sink_mutex;
// Null while the stderr sink is installed; never destroyed at exit (the atexit summary uses it).
constinit report_sink* installed_sink = nullptr;
// Set while this thread runs a sink, so that a report the sink causes cannot re-enter it.
constinit thread_local bool running_sink = false;

void write_all(int fd, const std::string& text) noexcept {
  const char* data = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t written = ::write(fd, data, left);
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      return;
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
}

}  // namespace

std::string_view to_string(report_kind kind) noexcept {
  switch (kind) {
    case report_kind::slow_callback:
      return "slow-callback";
    case report_kind::stall:
      return "stall";
    case report_kind::never_awaited:
      return "never-awaited";
    case report_kind::exception_never_retrieved:
      return "exception-never-retrieved";
    case report_kind::destroyed_pending:
      return "destroyed-pending";
    case report_kind::wrong_thread:
      return "wrong-thread";
    case report_kind::blocking_call:
      return "blocking-call";
    case report_kind::config:
      return "config";
  }
  return "unknown";
}

std::string format_report(const report& r) {
  std::string text = "coroguard: ";
  text += to_string(r.kind);
  text += ": ";
  text += r.message;
  text += '\n';
  for (const std::string& frame : r.frames) {
    text += "    at ";
    text += frame;
    text += '\n';
  }
  return text;
}

void write_report_to_stderr(const report& r) noexcept {
  try {
    // One write() per report keeps reports from concurrent threads from interleaving.
    write_all(STDERR_FILENO, format_report(r));
  } catch (...) {
    // Out of memory for the text: nothing sensible left to write.
  }
}

report_sink set_report_sink(report_sink sink) {
  report_sink* replacement = sink ? new report_sink(std::move(sink)) : nullptr;
  report_sink* previous = nullptr;
  {
    const std::lock_guard lock{sink_mutex};
    previous = std::exchange(installed_sink, replacement);
  }
  report_sink returned;
  if (previous != nullptr) {
    returned = std::move(*previous);
    delete previous;
  }
  return returned;
}

namespace detail {

void deliver(const report& r) noexcept {
  if (running_sink) {
    write_report_to_stderr(r);
    return;
  }
  // Serialized: a sink sees one report at a time, and set_report_sink() waits for it.
  const std::lock_guard lock{sink_mutex};
  if (installed_sink == nullptr) {
    write_report_to_stderr(r);
    return;
  }
  running_sink = true;
  try {
    (*installed_sink)(r);
  } catch (...) {
    // A throwing sink must not lose the report, nor throw into a destructor.
    write_report_to_stderr(r);
  }
  running_sink = false;
}

void reset_sink_for_tests() noexcept {
  const report_sink* previous = nullptr;
  {
    const std::lock_guard lock{sink_mutex};
    previous = std::exchange(installed_sink, nullptr);
  }
  delete previous;
}

}  // namespace detail

}  // namespace coroguard
