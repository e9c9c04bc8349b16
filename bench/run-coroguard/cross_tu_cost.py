#!/usr/bin/env python3
"""What cross-TU analysis costs, as ratios against baselines measured in the same run.

First pass: run-coroguard's check pass also writes the TU's summaries (COROGUARD_SUMMARY_OUTPUT).
Its cost is measured as callgrind instruction counts (the median over --layouts heap layouts,
bench/checks/callgrind_count.py) of
clang-tidy with coroguard-* writing summaries, against the same run without (the check run
that --no-cross-tu does), on a generated coroutine-dense TU (bench/checks/dense_tu.py) and
on the Asio-heavy TU (bench/checks/asio_heavy.cpp). Target: at most 1.05x the check run.

Merge: run-coroguard merges the summaries of every TU and works out, per TU, the summaries
its second pass reads (crosstu.Merged, used_by, encode). Measured on generated summaries of
--tus TUs (1,000 by default; each defines --functions functions calling functions of other
TUs, some of which block) as wall time, the minimum over --repeat runs, against the time to
parse the same summaries from JSON (what reading them costs anyway). Target: well under a
second (0.5 s) for 1,000 TUs.

usage: cross_tu_cost.py --build-dir BUILD [--tus N] [--functions F] [--repeat R]
                        [--dense-coroutines N] [--skip-callgrind] [--layouts L]
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(SOURCE, "tools"))
sys.path.insert(0, os.path.join(SOURCE, "bench", "checks"))

from coroguard_runner import crosstu  # noqa: E402
import callgrind_count  # noqa: E402
import dense_tu  # noqa: E402

CLANG_TIDY = "/usr/lib/llvm-22/bin/clang-tidy"
ASIO_FLAGS = ["-DASIO_HAS_CO_AWAIT=1", "-DASIO_HAS_STD_COROUTINE=1"]


def instructions(plugin, source, extra, environment, layouts):
    """The median over `layouts` heap layouts of the instructions of the check run."""
    command = [CLANG_TIDY, "--load=" + plugin, source, "--quiet", "--checks=-*,coroguard-*",
               "--", "-std=c++20"] + extra

    def failed(result):
        sys.exit("callgrind run on %s failed:\n%s" % (source, result.stderr[-2000:]))
    return callgrind_count.median_instructions(command, layouts, dict(os.environ, **environment),
                                               failed)


def first_pass(plugin, scratch, coroutines, layouts):
    dense = os.path.join(scratch, "dense.cpp")
    with open(dense, "w") as f:
        f.write(dense_tu.generate(coroutines))
    tus = [("dense TU, %d coroutines" % coroutines, dense, []),
           ("asio_heavy.cpp", os.path.join(SOURCE, "bench", "checks", "asio_heavy.cpp"),
            ASIO_FLAGS)]
    print("first pass: instructions (callgrind) of the check run writing summaries / the "
          "check run")
    worst = 0.0
    for label, path, extra in tus:
        output = os.path.join(scratch, "summary.jsonl")
        plain = instructions(plugin, path, extra, {"COROGUARD_SUMMARY_FILE": ""}, layouts)
        writing = instructions(plugin, path, extra, {"COROGUARD_SUMMARY_FILE": "",
                                                     "COROGUARD_SUMMARY_OUTPUT": output},
                               layouts)
        size = os.path.getsize(output)
        os.remove(output)
        ratio = writing / plain
        worst = max(worst, ratio)
        print("  %-32s check run %14d Ir, writing summaries %14d Ir: %.3fx (%d bytes of "
              "summaries)" % (label, plain, writing, ratio, size))
    print("%s first pass / check run: %.3f (target <= 1.05)"
          % ("PASS" if worst <= 1.05 else "FAIL", worst))


def generated_summaries(tus, functions, seed=1):
    """One summary line per TU: F functions each calling two functions of other TUs (or,
    for one in eight, a blocking call; one in a thousand runs a loop), and references to the
    functions it calls."""
    rng = random.Random(seed)
    lines = []
    for tu in range(tus):
        path = "/project/src/module_%d.cpp" % tu
        defined = {}
        referenced = set()
        for function in range(functions):
            key = "c:@N@module_%d@F@function_%d#I#" % (tu, function)
            if rng.random() < 0.125:
                facts = {"hit": {"entry": "std::this_thread::sleep_for",
                                 "display": "std::this_thread::sleep_for", "category": "Sleep",
                                 "suggestion": "", "options": False, "file": path,
                                 "line": 10 + function, "column": 3}}
            else:
                calls = []
                for _ in range(2):
                    other = rng.randrange(tus)
                    callee = "c:@N@module_%d@F@function_%d#I#" % (other, rng.randrange(functions))
                    calls.append({"callee": callee, "name": "module_%d::function" % other,
                                  "file": path, "line": 10 + function, "column": 5})
                    if other != tu:
                        referenced.add(callee)
                facts = {"calls": calls}
            defined[key] = {"name": "module_%d::function_%d" % (tu, function), "blocking": facts}
            # The loop question: one function in a thousand runs a loop, the others may through
            # the functions of other TUs they call (followed by the merge).
            if rng.random() < 0.001:
                defined[key]["affine"] = {"calls": [], "loop": True}
            elif "calls" in facts:
                defined[key]["affine"] = {"calls": [],
                                          "loop_via": [c["callee"] for c in facts["calls"]]}
        lines.append(json.dumps({"format": crosstu.LINE_FORMAT, "functions": defined,
                                 "references": sorted(referenced)}))
    return lines


class _TU:
    def __init__(self, path):
        self.path = path


def merge(tus, functions, repeat):
    lines = generated_summaries(tus, functions)
    size = sum(len(line) for line in lines)
    parse_times, merge_times = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        parsed = [[json.loads(line)] for line in lines]
        parse_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        merged = crosstu.Merged([_TU("/project/src/module_%d.cpp" % i) for i in range(tus)],
                                parsed)
        second = sum(1 for index in range(tus) if merged.used_by(index) is not None)
        crosstu.encode(merged.everything())
        merge_times.append(time.perf_counter() - started)
    parse, merged_s = min(parse_times), min(merge_times)
    print("merge: %d TUs x %d functions (%.1f MB of summaries), %d TUs for the second pass"
          % (tus, functions, size / 1e6, second))
    print("  parse %.3f s, merge + per-TU digests + files written %.3f s: %.2fx the parse"
          % (parse, merged_s, merged_s / parse))
    print("%s merge of %d TUs' summaries: %.3f s (target <= 0.50)"
          % ("PASS" if merged_s <= 0.5 else "FAIL", tus, merged_s))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--tus", type=int, default=1000)
    parser.add_argument("--functions", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dense-coroutines", type=int, default=400)
    parser.add_argument("--skip-callgrind", action="store_true")
    parser.add_argument("--layouts", type=int, default=3,
                        help="heap layouts each callgrind count is the median of")
    args = parser.parse_args()
    if args.layouts < 1:
        parser.error("--layouts must be at least 1")
    plugin = os.path.join(os.path.abspath(args.build_dir), "checks", "libcoroguard-checks.so")
    if not os.path.isfile(plugin):
        sys.exit("cross_tu_cost: no plugin at %s; build it first" % plugin)
    with tempfile.TemporaryDirectory(prefix="cross-tu-cost-") as scratch:
        if not args.skip_callgrind:
            # valgrind 3.19 cannot read clang 22's DWARF 5: a copy without debug information.
            stripped = os.path.join(scratch, "libcoroguard-checks.so")
            subprocess.run(["objcopy", "--strip-debug", plugin, stripped], check=True)
            first_pass(stripped, scratch, args.dense_coroutines, args.layouts)
    merge(args.tus, args.functions, args.repeat)


if __name__ == "__main__":
    main()
