#include "coroguard/loop_affinity.hpp"

#include <string>

#include "coroguard/detail/call_site.hpp"
#include "core/reporting.hpp"
#include "core/site_key.hpp"
#include "core/thread_numbers.hpp"
#include "detectors/report_site.hpp"

namespace coroguard {

void loop_affinity::report_wrong_thread(std::string_view method, std::thread::id owner,
                                        const void* caller) noexcept {
  const detail::call_site called_from =
      detail::call_site::capture(__builtin_return_address(0), caller);
  const std::uint64_t key = detail::mix_site_key(detail::site_key_of(method), called_from.key());
  detail::publish(report_kind::wrong_thread, key, [&] {
    // The loop's thread is numbered first, so a program's first report reads "thread 1".
    const unsigned loop_thread = detail::thread_number(owner);
    const unsigned calling_thread = detail::thread_number(std::this_thread::get_id());
    report r;
    r.kind = report_kind::wrong_thread;
    r.message = "'" + std::string{method} + "' called from thread " +
                std::to_string(calling_thread) + " but the loop runs on thread " +
                std::to_string(loop_thread) +
                "; non-threadsafe loop methods must be called on the loop thread — use a "
                "thread-safe post";
    r.frames = called_from.frames();
    r.site = r.frames.empty() ? "'" + std::string{method} + "'" : detail::site_from_frames(r.frames);
    return r;
  });
}

}  // namespace coroguard
