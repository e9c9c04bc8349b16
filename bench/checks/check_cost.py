#!/usr/bin/env python3
"""Cost of coroguard's checks, as ratios against a baseline measured in the same run.

Instruction counts (valgrind --tool=callgrind: the median over --layouts heap layouts, which
move clang's own hash-table probes by up to 4%, see callgrind_count.py; unlike CPU time on a
shared machine, the same on every run) are measured on a generated coroutine-dense, header-light TU (dense_tu.py: 2,000
coroutines by default, helper chains 12 deep, hundreds of findings) and on the Asio-heavy TU,
for each check alone and for coroguard-* together, against the baseline clang-tidy run; on the
dense TU also at twice its size (growth of the checks' own instructions, those inside
CHECKS_AT_WORK less the baseline's: 2x is linear). Peak
memory (maximum resident set, /usr/bin/time) of coroguard-* against the baseline on both TUs.
These are compared with the targets and printed as PASS/FAIL lines: coroguard-* at most 1.10x
the baseline's instructions on the dense TU and 1.01x on the Asio TU, growth at most 2.2x for
twice the code, peak memory at most 1.15x. Beside them, not a target: the part of coroguard-*'s
count that clang-tidy spends on each finding whichever check reports it (FINDING_HANDLING:
formatting, snippets, merging fix-its, printing), counted with callgrind's --toggle-collect,
and coroguard-* less that part. valgrind 3.19 cannot read clang 22's DWARF 5, so the
plugin it loads is a copy without debug information (instruction counts need none).

CPU time: for each check, the Asio-heavy TU (asio_heavy.cpp) and generated TUs with N, 2N and 4N
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
                     [--dense-coroutines N] [--instruction-tus dense,asio] [--layouts L]
                     [--enforce]
Exit status: 0 when the measurements ran; the ratios are reported, not asserted (a timing is
no test), except with --enforce, which fails on a target missed (a FAIL line) or a CPU
with/without ratio above --max-ratio.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import resource
import shutil
import statistics

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dense_tu import LAZY_TASK  # noqa: E402  (the generator beside this script)
import tempfile

import callgrind_count
import dense_tu

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ASIO_FLAGS = ["-DASIO_HAS_CO_AWAIT=1", "-DASIO_HAS_STD_COROUTINE=1"]
# clang-tidy does not parse at all with no check enabled, so the baseline enables one that
# matches nothing in these TUs.
BASELINE_CHECK = "misc-unused-alias-decls"
CHECKS = ["coroguard-forgotten-await", "coroguard-blocking-call", "coroguard-cross-thread-call"]
ALL_CHECKS = "coroguard-*"
CLANG_TIDY = "/usr/lib/llvm-22/bin/clang-tidy"
# The targets of issue 11, as ratios against the baseline.
TARGET_DENSE_INSTRUCTIONS = 1.10
TARGET_ASIO_INSTRUCTIONS = 1.01
TARGET_GROWTH_2X = 2.2
TARGET_PEAK_MEMORY = 1.15
# Where clang-tidy spends what a finding costs it, whichever check reports it: turning the
# diagnostic into an error (formatting, snippet, merging its fix-its) and printing it. Both
# build an IdentifierTable per diagnostic with a fix-it (clang's edit::EditedSource).
FINDING_HANDLING = ["clang::tidy::ClangTidyDiagnosticConsumer::HandleDiagnostic*",
                    "clang::tidy::handleErrors*"]
# Where the checks' work runs, with what clang-tidy does with their findings: the matching
# (the AST traversal with every matcher, each check's check() and end of TU) and the handling
# of the errors. Parsing is outside, so these count the checks' own instructions without the
# layout's effect on Sema's hash tables (up to 4% of a whole run, more than the checks' own
# work on the dense TU), once the baseline's are taken away.
CHECKS_AT_WORK = ["clang::ast_matchers::MatchFinder::matchAST(", "clang::tidy::handleErrors("]

PRELUDE = r"""
#include <coroutine>
#include <exception>
#include <thread>
#include <chrono>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

""" + LAZY_TASK + r"""
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


def tidy_command(plugin, source, checks, extra):
    return [CLANG_TIDY, "--load=" + plugin, source, "--quiet",
            "--checks=-*," + (checks or BASELINE_CHECK), "--", "-std=c++20"] + extra


def instructions(plugin, source, checks, extra, layouts):
    """The instructions callgrind counts for one clang-tidy run, and those inside CHECKS_AT_WORK:
    each the median over `layouts` heap layouts (callgrind_count.py)."""
    def failed(result):
        sys.exit("callgrind run of %s on %s failed:\n%s%s" % (
            checks or BASELINE_CHECK, source, result.stdout, result.stderr[-2000:]))
    return callgrind_count.median_profile(tidy_command(plugin, source, checks, extra),
                                          layouts, CHECKS_AT_WORK, on_failure=failed)


def finding_handling_instructions(plugin, source, checks, extra):
    """The instructions of one clang-tidy run spent in clang-tidy's handling of the findings
    (FINDING_HANDLING); one layout: they do not depend on where the AST lies."""
    count, result = callgrind_count.run_once(
        tidy_command(plugin, source, checks, extra) + callgrind_count.layout_flags(0),
        within=FINDING_HANDLING)
    if count is None:
        sys.exit("callgrind run of %s on %s failed:\n%s" % (checks, source, result.stderr[-2000:]))
    return count


def peak_memory_kb(plugin, source, checks, extra):
    """The maximum resident set of one clang-tidy run, in kilobytes."""
    result = subprocess.run(["/usr/bin/time", "-f", "%M"] + tidy_command(plugin, source, checks,
                                                                       extra),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            universal_newlines=True)
    return int(result.stderr.strip().splitlines()[-1])


def stripped_plugin(build_dir, workdir):
    """A copy of the plugin without debug information, which valgrind 3.19 can load."""
    plugin = os.path.join(build_dir, "checks", "libcoroguard-checks.so")
    if not os.path.isfile(plugin):
        sys.exit("no plugin at %s: build the CoroguardChecks target first" % plugin)
    copy = os.path.join(workdir, "libcoroguard-checks.so")
    subprocess.run(["objcopy", "--strip-debug", plugin, copy], check=True)
    return copy


def verdict(name, value, limit):
    passed = value <= limit
    print("%s %s: %.3f (target <= %.2f)" % ("PASS" if passed else "FAIL", name, value, limit))
    return passed


def measure_instructions(plugin, tus, checks, layouts):
    """Instruction ratios per check and for all checks, per TU; prints them as a table."""
    print("instructions (callgrind, median over %d heap layouts), ratio against the baseline "
          "run" % layouts)
    def column(check):
        return check if check == ALL_CHECKS else check.replace("coroguard-", "")
    print("  %-30s %14s %s" % ("TU", "baseline Ir",
                              " ".join("%15s" % column(c) for c in checks + [ALL_CHECKS])))
    results = {}
    for label, path, extra, with_each in tus:
        base, base_at_work = instructions(plugin, path, None, extra, layouts)
        row = {"baseline": base}
        for check in (checks if with_each else []) + [ALL_CHECKS]:
            count, at_work = instructions(plugin, path, check, extra, layouts)
            row[check] = count / base
            if check == ALL_CHECKS:
                row["own_instructions"] = at_work - base_at_work
        results[label] = row
        print("  %-30s %14d %s" % (label, base, " ".join(
            "%15s" % ("%.3f" % row[c] if c in row else "-") for c in checks + [ALL_CHECKS])))
    # Not a target: what of coroguard-*'s cost is clang-tidy's per finding, not the checks'.
    for label, path, extra, _ in tus:
        row = results[label]
        handling = finding_handling_instructions(plugin, path, ALL_CHECKS, extra)
        row["finding_handling"] = handling / row["baseline"]
        print("  %s: clang-tidy's handling of coroguard-*'s findings (HandleDiagnostic, "
              "handleErrors): %.3fx the baseline; coroguard-* less that handling: %.3fx" % (
                  label, row["finding_handling"], row[ALL_CHECKS] - row["finding_handling"]))
    return results


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
    parser.add_argument("--dense-coroutines", type=int, default=2000)
    # Five: on the dense TU one layout's coroguard-* count moves by up to 4% (nine layouts
    # of one build gave 1.066x to 1.128x), so three leave the verdict to one layout.
    parser.add_argument("--layouts", type=int, default=5,
                        help="heap layouts each callgrind count is the median of")
    parser.add_argument("--instruction-tus", default="dense,asio",
                        help="TUs measured with callgrind: dense, asio, both or none")
    args = parser.parse_args()
    if args.n < 1 or args.repeat < 1 or args.dense_coroutines < 1 or args.layouts < 1:
        parser.error("--n, --repeat, --dense-coroutines and --layouts must be at least 1")
    instruction_tus = [t for t in args.instruction_tus.split(",") if t and t != "none"]
    if any(t not in ("dense", "asio") for t in instruction_tus):
        parser.error("--instruction-tus takes dense, asio or none, not %r" % args.instruction_tus)
    tidy = os.path.join(ROOT, "tools", "coroguard-tidy")
    checks = [c for c in args.checks.split(",") if c]

    workdir = tempfile.mkdtemp(prefix="coroguard-bench-")
    asio = ("asio-heavy", os.path.join(HERE, "asio_heavy.cpp"), ASIO_FLAGS)
    dense = []
    for factor in (1, 2):
        path = os.path.join(workdir, "dense_%dx.cpp" % factor)
        with open(path, "w") as f:
            f.write(dense_tu.generate(args.dense_coroutines * factor))
        dense.append(("dense %d coroutines" % (args.dense_coroutines * factor), path, []))

    passed = True
    report = {}
    if instruction_tus:
        plugin = stripped_plugin(args.build_dir, workdir)
        tus = []
        if "dense" in instruction_tus:
            # Twice the code only for the growth of all checks together.
            tus += [dense[0] + (True,), dense[1] + (False,)]
        if "asio" in instruction_tus:
            tus.append(asio + (True,))
        report["instructions"] = measure_instructions(plugin, tus, checks, args.layouts)
        memory_tus = ([dense[0]] if "dense" in instruction_tus else []) + (
            [asio] if "asio" in instruction_tus else [])
        report["peak_memory"] = {}
        for label, path, extra in memory_tus:
            base = peak_memory_kb(plugin, path, None, extra)
            ratio = peak_memory_kb(plugin, path, ALL_CHECKS, extra) / base
            report["peak_memory"][label] = ratio
            print("peak memory of coroguard-* on %s: %.3fx the baseline's %d KB" % (
                label, ratio, base))
        rows = report["instructions"]
        if "dense" in instruction_tus:
            small, large = rows[dense[0][0]], rows[dense[1][0]]
            growth = large["own_instructions"] / small["own_instructions"]
            print("coroguard-* own instructions (matching and handling the findings, less the "
                  "baseline's) %d -> %d: %.2fx (linear: 2x)" % (
                      small["own_instructions"], large["own_instructions"], growth))
            passed &= verdict("coroguard-* instructions, %s" % dense[0][0], small[ALL_CHECKS],
                              TARGET_DENSE_INSTRUCTIONS)
            passed &= verdict("coroguard-* instruction growth 1x -> 2x", growth, TARGET_GROWTH_2X)
        if "asio" in instruction_tus:
            passed &= verdict("coroguard-* instructions, asio-heavy", rows[asio[0]][ALL_CHECKS],
                              TARGET_ASIO_INSTRUCTIONS)
        for label, ratio in report["peak_memory"].items():
            passed &= verdict("coroguard-* peak memory, %s" % label, ratio, TARGET_PEAK_MEMORY)

    sources = [asio, dense[0]]
    for factor in (1, 2, 4):
        path = os.path.join(workdir, "generated_%dn.cpp" % factor)
        with open(path, "w") as f:
            f.write(generate(args.n * factor))
        sources.append(("generated %dN (N=%d)" % (factor, args.n), path, []))

    results = {}
    worst = 0.0
    print("CPU time")
    for check in checks:
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
    report["cpu"] = results
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)
    shutil.rmtree(workdir)
    print("worst CPU with/without ratio: %.3f (limit %.2f)" % (worst, args.max_ratio))
    if args.enforce and (worst > args.max_ratio or not passed):
        sys.exit("a check costs more than its target")


if __name__ == "__main__":
    main()
