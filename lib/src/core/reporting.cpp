#include "core/reporting.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "coroguard/config.hpp"
#include "core/clock.hpp"
#include "core/sink.hpp"

namespace coroguard::detail {
namespace {

// Each (kind, site) gets this many reports straight away, then at most one per interval. A
// blocking call repeats at its site by nature (a read loop): once says it all.
constexpr std::uint32_t burst = 3;
constexpr std::uint32_t blocking_call_burst = 1;
constexpr std::chrono::nanoseconds interval = std::chrono::seconds{10};
// Sites beyond this many share one entry per kind, "(other sites)".
constexpr std::size_t site_capacity = 1024;
constexpr std::size_t kind_count = static_cast<std::size_t>(report_kind::config) + 1;

struct site_entry {
  bool in_use = false;
  report_kind kind = report_kind::config;
  std::uint64_t key = 0;
  std::uint32_t admitted = 0;
  std::chrono::nanoseconds last_admitted{};
  std::uint64_t suppressed = 0;
  // The site's text, remembered from its first report for the summaries.
  std::string site;
};

struct site_table {
  std::array<site_entry, site_capacity> sites;
  std::array<site_entry, kind_count> overflow;

  site_entry& at(std::size_t slot) {
    return slot < site_capacity ? sites[slot] : overflow[slot - site_capacity];
  }

  // Open addressing with linear probing; entries are never removed.
  std::size_t find_or_add(report_kind kind, std::uint64_t key) {
    const std::size_t start = (key ^ static_cast<std::uint64_t>(kind)) % site_capacity;
    for (std::size_t probe = 0; probe < site_capacity; ++probe) {
      const std::size_t slot = (start + probe) % site_capacity;
      site_entry& entry = sites[slot];
      if (!entry.in_use) {
        entry.in_use = true;
        entry.kind = kind;
        entry.key = key;
        return slot;
      }
      if (entry.kind == kind && entry.key == key) {
        return slot;
      }
    }
    const std::size_t kind_index = static_cast<std::size_t>(kind);
    site_entry& shared = overflow[kind_index];
    if (!shared.in_use) {
      shared.in_use = true;
      shared.kind = kind;
      shared.site = "(other sites)";
    }
    return site_capacity + kind_index;
  }
};

constinit std::mutex table_mutex;
// Allocated by the first report and never freed: nothing runs at static destruction, and the
// atexit summary can still read it.
constinit site_table* table = nullptr;
constinit bool exit_flush_registered = false;
constinit std::atomic<void (*)() noexcept> before_exit_summaries{nullptr};

void flush_at_exit() {
  if (auto* hook = before_exit_summaries.load(std::memory_order_acquire)) {
    hook();
  }
  flush_suppressed();
}

// Called with the table locked.
void register_exit_flush() noexcept {
  if (!exit_flush_registered) {
    exit_flush_registered = std::atexit(flush_at_exit) == 0;
  }
}

report summary(report_kind kind, const std::string& site, std::uint64_t suppressed) {
  report r;
  r.kind = kind;
  r.message = "suppressed " + std::to_string(suppressed) + " more at " + site;
  r.site = site;
  r.suppressed = suppressed;
  return r;
}

}  // namespace

admission admit(report_kind kind, std::uint64_t site_key) noexcept {
  const std::lock_guard lock{table_mutex};
  if (table == nullptr) {
    table = new (std::nothrow) site_table;
    if (table == nullptr) {
      return {};
    }
  }
  register_exit_flush();
  const std::size_t slot = table->find_or_add(kind, site_key);
  site_entry& entry = table->at(slot);
  const std::chrono::nanoseconds now = monotonic_now();
  const std::uint32_t allowed = kind == report_kind::blocking_call ? blocking_call_burst : burst;
  if (entry.admitted < allowed || now - entry.last_admitted >= interval) {
    ++entry.admitted;
    entry.last_admitted = now;
    return {.admitted = true, .suppressed = std::exchange(entry.suppressed, 0), .slot = slot};
  }
  ++entry.suppressed;
  return {};
}

void deliver_admitted(const admission& verdict, report&& built) noexcept {
  try {
    std::string site;
    {
      const std::lock_guard lock{table_mutex};
      if (table != nullptr) {
        site_entry& entry = table->at(verdict.slot);
        if (entry.site.empty()) {
          entry.site = built.site;
        }
        site = entry.site;
      }
    }
    // Sinks run without the table locked: a sink may itself cause a report.
    if (verdict.suppressed > 0) {
      deliver(summary(built.kind, site, verdict.suppressed));
    }
  } catch (...) {
    // Out of memory for the summary: the report itself still goes out.
  }
  deliver(built);
  if (current_config().strict) {
    std::abort();
  }
}

void flush_suppressed() noexcept {
  const coroguard_at_work at_work;
  std::vector<report> summaries;
  {
    const std::lock_guard lock{table_mutex};
    if (table == nullptr) {
      return;
    }
    try {
      auto collect = [&](site_entry& entry) {
        if (entry.suppressed > 0) {
          summaries.push_back(summary(entry.kind, entry.site, std::exchange(entry.suppressed, 0)));
        }
      };
      for (site_entry& entry : table->sites) {
        collect(entry);
      }
      for (site_entry& entry : table->overflow) {
        collect(entry);
      }
    } catch (...) {
      // Out of memory: the summaries collected so far go out.
    }
  }
  for (const report& r : summaries) {
    deliver(r);
  }
}

void run_before_exit_summaries(void (*hook)() noexcept) noexcept {
  before_exit_summaries.store(hook, std::memory_order_release);
  const std::lock_guard lock{table_mutex};
  register_exit_flush();
}

void reset_rate_limiter_for_tests() noexcept {
  const std::lock_guard lock{table_mutex};
  delete table;
  table = nullptr;
}

}  // namespace coroguard::detail
