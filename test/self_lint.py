#!/usr/bin/env python3
"""The project lints itself, and this test keeps both counts at zero.

1. The project's own clang-tidy configuration (the .clang-tidy nearest each
   file) over every checks/ and lib/ entry of the build's compile database.
2. coroguard's own checks over lib/, test/runtime/, examples/runtime/ and
   bench/: the compile database's entries, and the programs built outside it
   (test/runtime/asio's programs, the runtime examples, the Asio-heavy
   benchmark TU) with the flags their builds use. Deliberate bugs carry
   NOLINT(coroguard-...) with a reason. examples/project is left out: its
   findings are the main job's output (test/examples/main-job.test).

Prints every finding and exits 1 if there is any, or if a file fails to
parse (a file that does not parse is not clean).
"""
import argparse
import concurrent.futures
import glob
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FINDING = re.compile(r"^(\S+):\d+:\d+: (warning|error): .*\[([\w.,-]+)\]$")
# What the builds outside the compile database add (test/runtime/asio/lit.cfg.py,
# examples/runtime/CMakeLists.txt, bench/checks/check_cost.py).
ASIO_FLAGS = ["-DASIO_HAS_CO_AWAIT=1", "-DASIO_HAS_STD_COROUTINE=1"]


def under(path, *folders):
    relative = os.path.relpath(path, ROOT)
    return any(relative.startswith(folder + os.sep) for folder in folders)


def database_files(build_dir):
    with open(os.path.join(build_dir, "compile_commands.json")) as database:
        entries = json.load(database)
    files = []
    for entry in entries:
        path = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
        if path not in files:
            files.append(path)
    return files


def source_of(command):
    """The file a clang-tidy command lints: its last argument before '--'."""
    arguments = command[:command.index("--")] if "--" in command else command
    return arguments[-1]


def run(command):
    """Runs one clang-tidy; returns its findings, or its failure."""
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    findings = [line for line in result.stdout.splitlines() if FINDING.match(line)]
    if result.returncode != 0 and not findings:
        findings = ["clang-tidy failed (exit %d): %s\n%s" %
                    (result.returncode, " ".join(command), result.stderr.strip())]
    return findings


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    parser.add_argument("--clang-tidy", default="clang-tidy-22")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", metavar="REGEX",
                        help="lint only the files whose path matches REGEX")
    args = parser.parse_args()
    build_dir = os.path.abspath(args.build_dir)
    plugin = os.path.join(build_dir, "checks", "libcoroguard-checks.so")
    if not os.path.isfile(os.path.join(build_dir, "compile_commands.json")):
        sys.exit("self-lint: no compile_commands.json in %s" % build_dir)
    if not os.path.isfile(plugin):
        sys.exit("self-lint: no plugin at %s" % plugin)

    tidy = [args.clang_tidy, "-p", build_dir, "--quiet"]
    coroguard = tidy + ["-load", plugin, "--checks=-*,coroguard-*"]
    files = database_files(build_dir)
    commands = [tidy + [path] for path in files if under(path, "checks", "lib")]
    commands += [coroguard + [path] for path in files
                 if under(path, "lib", "test/runtime", "bench")]

    runtime_flags = ["-std=c++20", "-pthread", "-I" + os.path.join(ROOT, "lib", "include"),
                     "-include", "coroguard/asio_integration.hpp"] + ASIO_FLAGS
    for path in sorted(glob.glob(os.path.join(ROOT, "test", "runtime", "asio", "*.cpp"))):
        inputs = "-I" + os.path.join(ROOT, "test", "runtime", "asio", "Inputs")
        commands.append(coroguard + [path, "--"] + runtime_flags + [inputs])
        commands.append(coroguard + [path, "--"] + runtime_flags + [inputs, "-DCOROGUARD_TEST_BOOST"])
    for path in sorted(glob.glob(os.path.join(ROOT, "examples", "runtime", "*.cpp"))):
        commands.append(coroguard + [path, "--"] + runtime_flags)
    for path in sorted(glob.glob(os.path.join(ROOT, "bench", "checks", "*.cpp"))):
        commands.append(coroguard + [path, "--", "-std=c++20"] + ASIO_FLAGS)

    if args.only:
        commands = [command for command in commands
                    if re.search(args.only, source_of(command))]
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(run, commands))
    findings = [finding for result in results for finding in result]
    for finding in findings:
        print(finding.replace(ROOT + os.sep, ""))
    print("self-lint: %d files, %d findings" % (len(commands), len(findings)))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
