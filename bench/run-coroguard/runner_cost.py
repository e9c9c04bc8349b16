#!/usr/bin/env python3
"""What run-coroguard costs against run-clang-tidy-22 -load on the same database, and what its
result cache saves.

Per database, alternating runs of
  baseline  run-clang-tidy-22 -load PLUGIN -checks=-*,coroguard-* -p DB -j J -quiet
  plain     run-coroguard -p DB -j J
  cold      run-coroguard -p DB -j J --cache-dir (emptied before each run)
  warm      run-coroguard -p DB -j J --cache-dir (filled by the cold run before it)
measuring the CPU time of each run and everything it started (steadier than wall time on a
shared machine; wall time is shown too). Reported: the minimum over the repetitions, and the
ratios plain/baseline and cold/baseline (target <= 1.05) and cold/warm (the warm cache's
speed-up).

usage: runner_cost.py --build-dir BUILD [--repeat N] [--jobs J] [--tus N] [--skip-example]
"""
import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))


def measure(command, cwd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def bench(name, database, cwd, plugin, jobs, repeat, scratch):
    runner = os.path.join(SOURCE, "tools", "run-coroguard")
    cache = os.path.join(scratch, "cache-%d" % len(os.listdir(scratch)))
    variants = {
        "baseline": ["run-clang-tidy-22", "-load", plugin, "-checks=-*,coroguard-*", "-p",
                     database, "-j", str(jobs), "-quiet"],
        "plain": [runner, "-p", database, "-j", str(jobs), "--fail-on", "never"],
        "cold": [runner, "-p", database, "-j", str(jobs), "--fail-on", "never",
                 "--cache-dir", cache],
        "warm": [runner, "-p", database, "-j", str(jobs), "--fail-on", "never",
                 "--cache-dir", cache],
    }
    samples = {variant: [] for variant in variants}
    for _ in range(repeat):
        for variant, command in variants.items():
            if variant == "cold":
                shutil.rmtree(cache, ignore_errors=True)
            samples[variant].append(measure(command, cwd))
    best = {variant: (min(c for c, _ in runs), min(w for _, w in runs))
            for variant, runs in samples.items()}
    print("%s (%d runs each, -j %d)" % (name, repeat, jobs))
    for variant in variants:
        print("  %-9s cpu %7.2f s  wall %7.2f s" % ((variant,) + best[variant]))
    def ratio(a, b, index):
        return best[a][index] / best[b][index] if best[b][index] else float("nan")
    print("  run-coroguard / run-clang-tidy, cold without cache: cpu %.3f  wall %.3f"
          % (ratio("plain", "baseline", 0), ratio("plain", "baseline", 1)))
    print("  run-coroguard / run-clang-tidy, cold with an empty cache: cpu %.3f  wall %.3f"
          % (ratio("cold", "baseline", 0), ratio("cold", "baseline", 1)))
    print("  warm cache speed-up (cold / warm): cpu %.1fx  wall %.1fx"
          % (ratio("cold", "warm", 0), ratio("cold", "warm", 1)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--tus", type=int, default=16)
    parser.add_argument("--skip-example", action="store_true")
    args = parser.parse_args()
    plugin = os.path.join(os.path.abspath(args.build_dir), "checks", "libcoroguard-checks.so")
    if not os.path.isfile(plugin):
        sys.exit("runner_cost: no plugin at %s; build it first" % plugin)
    os.environ["COROGUARD_BUILD_DIR"] = os.path.abspath(args.build_dir)
    with tempfile.TemporaryDirectory(prefix="runner-cost-") as scratch:
        generated = os.path.join(scratch, "generated")
        subprocess.run([sys.executable, os.path.join(SOURCE, "test", "tools", "make_project.py"),
                        generated, "--inputs", os.path.join(SOURCE, "test", "checks", "Inputs"),
                        "--tus", str(args.tus)], check=True)
        bench("generated project, %d small TUs" % args.tus, os.path.join(generated, "build"),
              generated, plugin, args.jobs, args.repeat, scratch)
        if not args.skip_example:
            example = os.path.join(scratch, "example")
            subprocess.run(["cmake", "-S", os.path.join(SOURCE, "examples", "project"), "-B",
                            example, "-G", "Ninja", "-DCMAKE_CXX_COMPILER=clang++-22"],
                           check=True, stdout=subprocess.DEVNULL)
            bench("examples/project, 4 Asio TUs", example, SOURCE, plugin, args.jobs,
                  args.repeat, scratch)


if __name__ == "__main__":
    main()
