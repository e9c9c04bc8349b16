// The cost of task tracking: create, await and destroy a coroguard::task, against a task of the
// same design without the promise mixin, with debug mode off and on. After the usual Google
// Benchmark output it prints the ratios to the untracked task (of the fastest repetitions); the
// goal for debug mode off is 1.03 or less.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <coroutine>
#include <cstdio>
#include <exception>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "coroguard/debug.hpp"
#include "coroguard/task.hpp"

namespace {

// coroguard::task minus tracking: lazy start, symmetric transfer, value or exception.
template <class T>
class untracked_task {
 public:
  class promise_type {
   public:
    untracked_task get_return_object() noexcept {
      return untracked_task{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    auto final_suspend() noexcept {
      struct final_awaiter {
        bool await_ready() noexcept { return false; }
        std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> finished) noexcept {
          const std::coroutine_handle<> awaiting = finished.promise().continuation;
          return awaiting ? awaiting : std::noop_coroutine();
        }
        void await_resume() noexcept {}
      };
      return final_awaiter{};
    }
    void unhandled_exception() noexcept { exception = std::current_exception(); }
    void return_value(T result) { value.emplace(std::move(result)); }

    std::coroutine_handle<> continuation;
    std::exception_ptr exception;
    std::optional<T> value;
  };

  untracked_task(untracked_task&& other) noexcept
      : coroutine_(std::exchange(other.coroutine_, {})) {}
  untracked_task(const untracked_task&) = delete;
  untracked_task& operator=(const untracked_task&) = delete;
  untracked_task& operator=(untracked_task&&) = delete;
  ~untracked_task() {
    if (coroutine_) {
      coroutine_.destroy();
    }
  }

  auto operator co_await() const noexcept {
    struct awaiter {
      std::coroutine_handle<promise_type> coroutine;
      bool await_ready() const noexcept { return coroutine.done(); }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept {
        coroutine.promise().continuation = awaiting;
        return coroutine;
      }
      T await_resume() {
        if (coroutine.promise().exception) {
          std::rethrow_exception(coroutine.promise().exception);
        }
        // Finished without an exception: the body returned a value.
        return std::move(*coroutine.promise().value);  // NOLINT(bugprone-unchecked-optional-access)
      }
    };
    return awaiter{coroutine_};
  }

  [[nodiscard]] std::coroutine_handle<> handle() const noexcept { return coroutine_; }

 private:
  explicit untracked_task(std::coroutine_handle<promise_type> coroutine) noexcept
      : coroutine_(coroutine) {}

  std::coroutine_handle<promise_type> coroutine_;
};

// Out of line, as most tasks are: the compiler cannot elide the frame allocation.
template <class Task>
[[gnu::noinline]] Task leaf(int value) {
  co_return value + 1;
}

// One iteration: create a task, await it (it runs and resumes the driver by symmetric transfer),
// destroy it.
template <class Task>
Task drive(benchmark::State& state) {
  int value = 0;
  for (auto _ : state) {
    value = co_await leaf<Task>(value);
    benchmark::DoNotOptimize(value);
  }
  co_return value;
}

template <class Task>
void run_driver(benchmark::State& state, bool debug) {
  coroguard::set_debug(debug);
  const Task driver = drive<Task>(state);
  driver.handle().resume();
  coroguard::set_debug(false);
}

void untracked(benchmark::State& state) { run_driver<untracked_task<int>>(state, false); }
void tracked_debug_off(benchmark::State& state) { run_driver<coroguard::task<int>>(state, false); }
void tracked_debug_on(benchmark::State& state) { run_driver<coroguard::task<int>>(state, true); }

// On a shared machine other processes only ever add time: the fastest repetition is the
// steadiest estimate of the cost itself.
double fastest(const std::vector<double>& times) { return *std::min_element(times.begin(), times.end()); }

BENCHMARK(untracked)->ComputeStatistics("min", fastest);
BENCHMARK(tracked_debug_off)->ComputeStatistics("min", fastest);
BENCHMARK(tracked_debug_on)->ComputeStatistics("min", fastest);

// Keeps each benchmark's fastest repetition (or its mean, without repetitions) for the ratios.
class ratio_reporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      const std::string& name = run.run_name.function_name;
      if (run.run_type == Run::RT_Aggregate) {
        if (run.aggregate_name == "min") {
          fastest_[name] = run.GetAdjustedCPUTime();
        }
      } else {
        auto& [sum, count] = iterations_[name];
        sum += run.GetAdjustedCPUTime();
        ++count;
      }
    }
  }

  void print_ratios() const {
    const double baseline = time_of("untracked");
    if (baseline <= 0) {
      return;
    }
    std::printf("\nCPU time relative to the untracked task (%s):\n",
                fastest_.empty() ? "means" : "fastest repetitions");
    std::printf("  tracked, debug mode off: %.3f (goal <= 1.03)\n",
                time_of("tracked_debug_off") / baseline);
    std::printf("  tracked, debug mode on:  %.3f\n", time_of("tracked_debug_on") / baseline);
  }

 private:
  [[nodiscard]] double time_of(const std::string& name) const {
    if (const auto fastest = fastest_.find(name); fastest != fastest_.end()) {
      return fastest->second;
    }
    const auto mean = iterations_.find(name);
    return mean == iterations_.end() ? 0 : mean->second.first / mean->second.second;
  }

  std::map<std::string, double> fastest_;
  std::map<std::string, std::pair<double, int>> iterations_;
};

}  // namespace

int main(int argc, char** argv) {
  // Defaults for a noisy shared machine: many short repetitions in random order.
  std::vector<char*> arguments(argv, argv + argc);
  std::string repetitions = "--benchmark_repetitions=30";
  std::string interleaving = "--benchmark_enable_random_interleaving=true";
  std::string aggregates = "--benchmark_report_aggregates_only=true";
  const bool user_chose_repetitions = [&] {
    for (int i = 1; i < argc; ++i) {
      if (std::string_view{argv[i]}.starts_with("--benchmark_repetitions")) {
        return true;
      }
    }
    return false;
  }();
  if (!user_chose_repetitions) {
    arguments.insert(arguments.begin() + 1, {repetitions.data(), interleaving.data(), aggregates.data()});
  }
  int count = static_cast<int>(arguments.size());
  benchmark::Initialize(&count, arguments.data());
  if (benchmark::ReportUnrecognizedArguments(count, arguments.data())) {
    return 1;
  }
  ratio_reporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  reporter.print_ratios();
  return 0;
}
