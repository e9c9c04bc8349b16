#!/usr/bin/env python3
"""Cost of coroguard's checks, as ratios against a baseline measured in the same run.

For each check, the Asio-heavy TU (asio_heavy.cpp) and generated TUs with N, 2N and 4N
coroutines are linted twice: with the check, and with only `misc-unused-alias-decls`, whose
one matcher finds nothing here (clang-tidy does not even parse without a check): the same
parse, the same AST traversal, no coroguard matcher. A timing is the CPU seconds of the
clang-tidy process; runs without and with the check alternate, so drift lands on both sides. The
ratio is that of the minimums over --repeat runs; the median of the paired ratios is shown
beside it, as a measure of the noise (3-6% between batches on a shared 2-core machine). The report also gives the
check's own time from clang-tidy's per-check profile (its wall-time column; the profiler's
timers inflate it for checks with many cheap matchers), whose growth from N to 4N
shows whether the cost is linear in the number of coroutines (4N/N close to 4).

usage: check_cost.py [--build-dir DIR] [--checks a,b] [--n N] [--repeat R] [--json FILE]
Exit status: 0 when the measurements ran; the ratios are reported, not asserted (a timing is
no test), except with --enforce, which fails on a with/without ratio above --max-ratio.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import resource
import statistics
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ASIO_FLAGS = ["-DASIO_HAS_CO_AWAIT=1", "-DASIO_HAS_STD_COROUTINE=1"]
# clang-tidy does not parse at all with no check enabled, so the baseline enables one that
# matches nothing in these TUs.
BASELINE_CHECK = "misc-unused-alias-decls"
CHECKS = ["coroguard-forgotten-await", "coroguard-blocking-call", "coroguard-cross-thread-call"]

PRELUDE = r"""
#include <coroutine>
#include <exception>
#include <thread>
#include <chrono>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

// A cppcoro-style lazy task.
template <typename T = void> struct task {
  struct promise_type {
    task get_return_object() { return task{std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
  std::coroutine_handle<promise_type> handle;
};

// A fire-and-forget coroutine type: never flagged.
struct detached {
  struct promise_type {
    detached get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

struct socket_like { void close(); void cancel(); };
"""


def generate(coroutines, depth=6):
    """A TU with `coroutines` coroutines calling shared helper chains of `depth` hops."""
    out = [PRELUDE]
    # Shared helper chains: chain_k_0 -> chain_k_1 -> ... -> a blocking or a harmless leaf.
    chains = max(1, coroutines // 8)
    for k in range(chains):
        for d in reversed(range(depth)):
            if d == depth - 1:
                leaf = ("std::this_thread::sleep_for(std::chrono::milliseconds(1));"
                        if k % 2 == 0 else "volatile int sink = 0; (void)sink;")
                out.append("inline void chain_%d_%d() { %s }" % (k, d, leaf))
            else:
                out.append("inline void chain_%d_%d() { chain_%d_%d(); }" % (k, d, k, d + 1))
    for i in range(coroutines):
        k = i % chains
        out.append(r"""
task<> leaf_%(i)d() { co_return; }
task<> coro_%(i)d(socket_like &s) {
  co_await leaf_%(i)d();
  auto pending = leaf_%(i)d();
  co_await std::move(pending);
  chain_%(k)d_0();
  std::vector<task<>> batch;
  batch.push_back(leaf_%(i)d());
  auto inline_lambda = [&] { return %(i)d; };
  (void)inline_lambda();
  std::thread worker([&s] { s.close(); });
  worker.detach();
  co_return;
}
detached fire_%(i)d() { co_return; }
void plain_%(i)d() { fire_%(i)d(); }
""" % {"i": i, "k": k})
    return "\n".join(out)


def run_tidy(tidy, build_dir, source, checks, extra, profile=False):
    cmd = [tidy, source, "--quiet"]
    cmd.append("--checks=-*," + (checks or BASELINE_CHECK))
    if profile:
        cmd.append("--enable-check-profile")
    cmd += ["--", "-std=c++20"] + extra
    env = dict(os.environ, COROGUARD_BUILD_DIR=build_dir)
    # CPU time of the child (user + system), less disturbed than wall time by other load.
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            universal_newlines=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    elapsed = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode != 0 and "error:" in result.stdout + result.stderr:
        sys.exit("clang-tidy failed on %s:\n%s%s" % (source, result.stdout, result.stderr))
    return elapsed, result.stderr


def check_profile_seconds(stderr, check):
    """Sums the check's matcher and callback time from --enable-check-profile output."""
    total = 0.0
    for line in stderr.splitlines():
        if check in line:
            numbers = re.findall(r"(\d+\.\d+)\s*\(", line)
            if numbers:
                total += float(numbers[-1])  # wall time column
    return total


def measure(tidy, build_dir, source, check, extra, repeat):
    # Without and with alternate, so that drift in the machine's speed lands on both sides.
    pairs = []
    for _ in range(repeat):
        without = run_tidy(tidy, build_dir, source, None, extra)[0]
        with_check = run_tidy(tidy, build_dir, source, check, extra)[0]
        pairs.append((without, with_check))
    own = min(check_profile_seconds(run_tidy(tidy, build_dir, source, check, extra, True)[1], check)
              for _ in range(repeat))
    without, with_check = min(p[0] for p in pairs), min(p[1] for p in pairs)
    return {"without_s": without, "with_s": with_check, "ratio": with_check / without,
            "median_pair_ratio": statistics.median(w / b for b, w in pairs), "check_s": own}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", default=os.environ.get("COROGUARD_BUILD_DIR",
                                                              os.path.join(ROOT, "build")))
    parser.add_argument("--checks", default=",".join(CHECKS))
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json")
    parser.add_argument("--enforce", action="store_true")
    parser.add_argument("--max-ratio", type=float, default=1.10)
    args = parser.parse_args()
    if args.n < 1 or args.repeat < 1:
        parser.error("--n and --repeat must be at least 1")
    tidy = os.path.join(ROOT, "tools", "coroguard-tidy")

    workdir = tempfile.mkdtemp(prefix="coroguard-bench-")
    sources = [("asio-heavy", os.path.join(HERE, "asio_heavy.cpp"), ASIO_FLAGS)]
    for factor in (1, 2, 4):
        path = os.path.join(workdir, "generated_%dn.cpp" % factor)
        with open(path, "w") as f:
            f.write(generate(args.n * factor))
        sources.append(("generated %dN (N=%d)" % (factor, args.n), path, []))

    results = {}
    worst = 0.0
    for check in [c for c in args.checks.split(",") if c]:
        print("%s" % check)
        print("  %-24s %10s %10s %8s %8s %10s" % ("TU", "without cpu", "with cpu", "ratio",
                                               "median", "check prof"))
        rows = {}
        for label, path, extra in sources:
            row = measure(tidy, args.build_dir, path, check, extra, args.repeat)
            rows[label] = row
            worst = max(worst, row["ratio"])
            print("  %-24s %10.3f %10.3f %8.3f %8.3f %10.4f" % (
                label, row["without_s"], row["with_s"], row["ratio"], row["median_pair_ratio"],
                row["check_s"]))
        base = rows["generated 1N (N=%d)" % args.n]["check_s"]
        grown = rows["generated 4N (N=%d)" % args.n]["check_s"]
        growth = grown / base if base > 0 else float("nan")
        print("  check time growth 1N -> 4N: %.2fx (linear: 4x)" % growth)
        results[check] = {"rows": rows, "growth_1n_to_4n": growth}
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)
    print("worst with/without ratio: %.3f (limit %.2f)" % (worst, args.max_ratio))
    if args.enforce and worst > args.max_ratio:
        sys.exit("a check costs more than the limit")


if __name__ == "__main__":
    main()
