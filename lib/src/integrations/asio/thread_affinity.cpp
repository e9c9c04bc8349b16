// wrong-thread for Asio I/O objects: cancel, close and async initiations from a thread that does
// not run the object's io_context while some thread runs it.
#include <algorithm>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "coroguard/detail/asio_hooks.hpp"
#include "coroguard/report.hpp"
#include "core/loop_threads.hpp"
#include "core/reporting.hpp"
#include "core/site_key.hpp"
#include "core/stack_capture.hpp"
#include "core/stack_view.hpp"
#include "core/thread_numbers.hpp"

namespace coroguard::detail {
namespace {

// Asio's service names for the objects, as users know them.
std::string_view object_display(std::string_view object_type) noexcept {
  return object_type == "deadline_timer" ? std::string_view{"timer"} : object_type;
}

// "thread 1", "threads 1 and 3", "threads 1, 2 and 4".
std::string thread_list(const std::vector<std::thread::id>& threads) {
  std::vector<unsigned> numbers;
  numbers.reserve(threads.size());
  for (const std::thread::id thread : threads) {
    numbers.push_back(thread_number(thread));
  }
  std::sort(numbers.begin(), numbers.end());
  std::string text = numbers.size() == 1 ? "thread " : "threads ";
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    if (i > 0) {
      text += i + 1 == numbers.size() ? " and " : ", ";
    }
    text += std::to_string(numbers[i]);
  }
  return text;
}

std::uint64_t stack_key(const captured_stack& stack) noexcept {
  std::uint64_t key = 0;
  constexpr std::size_t frames_in_key = 4;
  for (std::size_t i = 0; i < std::min(stack.depth, frames_in_key); ++i) {
    key = mix_site_key(key, reinterpret_cast<std::uintptr_t>(stack.frames[i]));
  }
  return key;
}

}  // namespace

void enter_asio_context(loop_thread& thread, const void* context) noexcept {
  thread.context = context;
  thread.runs_loop = !is_pool_context(context);
  note_thread_runs_context(context);
}

void note_asio_thread_pool(const void* context) noexcept { note_pool_context(context); }

void forget_asio_context(const void* context) noexcept { forget_context_threads(context); }

void check_asio_object_thread(const void* context, bool context_stopped, const char* object_type,
                              const char* operation) noexcept {
  if (context_stopped) {
    return;
  }
  try {
    const std::vector<std::thread::id> loop_threads = threads_running_context(context);
    const std::thread::id self = std::this_thread::get_id();
    // Not started yet (no thread ran its handlers), or called from one of the threads running it.
    if (loop_threads.empty() ||
        std::find(loop_threads.begin(), loop_threads.end(), self) != loop_threads.end()) {
      return;
    }
    captured_stack stack;
    capture_stack(stack, 0);
    const std::string method =
        std::string{object_display(object_type)} + "::" + std::string{operation};
    const std::uint64_t key = mix_site_key(site_key_of(method), stack_key(stack));
    publish(report_kind::wrong_thread, key, [&] {
      // The loop's threads are numbered first, so a program's first report reads "thread 1".
      const std::string loop = thread_list(loop_threads);
      const unsigned calling_thread = thread_number(self);
      constexpr std::size_t site_frames = 2;
      report r;
      r.kind = report_kind::wrong_thread;
      r.message = "'" + method + "' called from thread " + std::to_string(calling_thread) +
                  " but the loop runs on " + loop +
                  "; non-threadsafe loop methods must be called on the loop thread — use a "
                  "thread-safe post";
      for (const source_frame& frame :
           frames_to_show(program_frames(symbolize_stack(stack)), site_frames)) {
        r.frames.push_back(frame.text());
      }
      r.site = r.frames.empty() ? "'" + method + "'" : r.frames.front();
      return r;
    });
  } catch (...) {
    // Out of memory while checking: nothing is reported.
  }
}

}  // namespace coroguard::detail
