#!/usr/bin/env python3
"""The runtime's overhead on an Asio loop, as ratios measured in one run.

1. 4M posted handlers + 1M coroutine resumptions on one io_context (coroguard-asio-loop):
   the plain build, the instrumented build with debug mode off, with debug mode on. Instruction
   counts of the loop from callgrind (deterministic; at --callgrind-scale, per event the same),
   and the loop thread's CPU time (fastest of --repeat alternating runs). Debug mode starts a
   watchdog thread; a second thread by itself makes glibc's mutexes atomic, so the plain build
   with an idle thread is shown too, as the baseline for that part of the cost.
2. The blocking-call interposer's cost per write() to a pipe, debug mode on, outside a callback
   and inside one (coroguard-pipe-write), against no interposer: process CPU time.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile


def run(command, env=None, **kwargs):
    return subprocess.run(command, env={**os.environ, **(env or {})}, check=True,
                          capture_output=True, text=True, **kwargs)


def seconds(command, env=None):
    return float(run(command, env).stdout.strip())


def timed(configurations, repeat):
    """`repeat` runs of each configuration, run alternately: the fastest of each, and the median of
    each round's ratio to the first configuration (a gauge of the noise)."""
    best = {name: float("inf") for name in configurations}
    ratios = {name: [] for name in configurations}
    first = next(iter(configurations))
    for _ in range(repeat):
        round_times = {}
        for name, (command, env) in configurations.items():
            round_times[name] = seconds(command, env)
            best[name] = min(best[name], round_times[name])
        for name in configurations:
            ratios[name].append(round_times[name] / round_times[first])
    return best, {name: statistics.median(values) for name, values in ratios.items()}


def instructions(command, env, workdir):
    out = os.path.join(workdir, "callgrind.out")
    run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out,
         "--toggle-collect=run_loop*"] + command, env)
    with open(out) as data:
        for line in data:
            if line.startswith("summary:") or line.startswith("totals:"):
                return int(line.split()[1])
    raise RuntimeError("no instruction count in " + out)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin-dir", required=True, help="where the benchmark programs are")
    parser.add_argument("--preload", required=True, help="libcoroguard_preload.so")
    parser.add_argument("--scale", type=int, default=1000000,
                        help="SCALE*4 posted handlers and SCALE resumptions (default 1000000)")
    parser.add_argument("--callgrind-scale", type=int, default=100000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--writes", type=int, default=2000000)
    parser.add_argument("--no-callgrind", action="store_true")
    args = parser.parse_args()

    plain = os.path.join(args.bin_dir, "coroguard-asio-loop-plain")
    instrumented = os.path.join(args.bin_dir, "coroguard-asio-loop")
    # Nothing here may be slow or stuck: only the per-callback cost is measured.
    quiet = {"COROGUARD_SLOW_CALLBACK_MS": "4294967295", "COROGUARD_STALL_MS": "4294967295"}
    off = {**quiet, "COROGUARD_DEBUG": "0"}
    on = {**quiet, "COROGUARD_DEBUG": "1"}
    idle = {"COROGUARD_BENCH_IDLE_THREAD": "1"}

    print("== %dM posted handlers + %dM coroutine resumptions on one io_context ==" %
          (4 * args.scale // 1000000, args.scale // 1000000))
    if args.no_callgrind:
        print("instructions: skipped (--no-callgrind)")
    elif shutil.which("valgrind"):
        with tempfile.TemporaryDirectory() as workdir:
            scale = [str(args.callgrind_scale)]
            counts = {
                "plain": instructions([plain] + scale, {}, workdir),
                "plain + idle thread": instructions([plain] + scale, idle, workdir),
                "debug off": instructions([instrumented] + scale, off, workdir),
                "debug on": instructions([instrumented] + scale, on, workdir),
            }
        events = 5 * args.callgrind_scale
        print("instructions (callgrind, %d events):" % events)
        for name, count in counts.items():
            print("  %-22s %6.1f per event  ratio %.3f" %
                  (name, count / events, count / counts["plain"]))
    else:
        print("instructions: valgrind not found, skipped")

    scale = [str(args.scale)]
    times, median_ratios = timed({
        "plain": ([plain] + scale, {}),
        "plain + idle thread": ([plain] + scale, idle),
        "debug off": ([instrumented] + scale, off),
        "debug on": ([instrumented] + scale, on),
    }, args.repeat)
    print("loop thread CPU time (fastest of %d; median ratio of the rounds):" % args.repeat)
    for name, value in times.items():
        print("  %-22s %7.3f s  ratio %.3f (median %.3f)  vs plain + idle thread %.3f" %
              (name, value, value / times["plain"], median_ratios[name],
               value / times["plain + idle thread"]))

    print("== blocking-call interposer: %d one-byte write()s to a pipe, debug mode on ==" %
          args.writes)
    writer = os.path.join(args.bin_dir, "coroguard-pipe-write")
    writes = [str(args.writes)]
    interposed = {**on, "LD_PRELOAD": args.preload}
    times, _ = timed({
        "outside, no interposer": ([writer, "outside"] + writes, on),
        "outside, interposer": ([writer, "outside"] + writes, interposed),
        "in a callback, no interposer": ([writer, "inside"] + writes, on),
        "in a callback, interposer": ([writer, "inside"] + writes, interposed),
    }, args.repeat)
    for where in ("outside", "in a callback"):
        base = times[where + ", no interposer"]
        with_it = times[where + ", interposer"]
        print("  %-14s %6.0f ns per write without, %6.0f with: ratio %.3f" %
              (where, base / args.writes * 1e9, with_it / args.writes * 1e9, with_it / base))
    return 0


if __name__ == "__main__":
    sys.exit(main())
