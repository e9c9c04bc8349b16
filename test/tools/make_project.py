#!/usr/bin/env python3
"""Writes a small multi-TU C++20 project with a compile database, for run-coroguard's tests.

usage: make_project.py DIR --inputs CHECK_INPUTS_DIR [--tus N] [--broken]

DIR/src/tu_K.cpp (K = 1..N) each forget to await a lazy task in coroutine tu_K::work (one
coroguard-forgotten-await finding each, at line 8 column 3, with a fix-it) and include
DIR/src/shared.h, whose inline coroutine shared_wait blocks through its helper nap (one
coroguard-blocking-call finding at shared.h:12:3 with a note at shared.h:8:3, reported by
every TU). --broken adds
DIR/src/broken.cpp, which does not compile. DIR/build/compile_commands.json lists them all; DIR/.clang-tidy enables coroguard-* and every
header, DIR/.clangd shows them in coroguard-clangd.
"""
import argparse
import json
import os

SHARED = """\
// Included by every TU: its finding must be reported once.
#pragma once
#include "task.h"
#include <chrono>
#include <thread>

inline void nap() {
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

inline lazy::task<int> shared_wait() {
  nap();
  co_return 1;
}
"""

TU = """\
#include "shared.h"

namespace tu_{n} {{
lazy::task<int> fetch();

lazy::task<int> work() {{
  int total = 0;
  fetch();
  total += co_await shared_wait();
  co_return total;
}}
}} // namespace tu_{n}
"""

# The project's own configuration, so that no .clang-tidy above DIR applies.
CLANG_TIDY = """\
Checks: '-*,coroguard-*'
HeaderFilterRegex: '.*'
"""

# What an editor needs to show the findings through coroguard-clangd (docs/editors.md).
CLANGD = """\
Diagnostics:
  ClangTidy:
    Add: [coroguard-*]
    FastCheckFilter: None
"""

BROKEN = """\
#include "shared.h"

int broken() { return undeclared_name; }
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--inputs", required=True)
    parser.add_argument("--tus", type=int, default=3)
    parser.add_argument("--broken", action="store_true")
    args = parser.parse_args()
    root = os.path.abspath(args.dir)
    os.makedirs(os.path.join(root, "src"), exist_ok=True)
    os.makedirs(os.path.join(root, "build"), exist_ok=True)
    files = {"shared.h": SHARED}
    for n in range(1, args.tus + 1):
        files["tu_%d.cpp" % n] = TU.format(n=n)
    if args.broken:
        files["broken.cpp"] = BROKEN
    for name, text in files.items():
        with open(os.path.join(root, "src", name), "w") as f:
            f.write(text)
    with open(os.path.join(root, ".clang-tidy"), "w") as f:
        f.write(CLANG_TIDY)
    with open(os.path.join(root, ".clangd"), "w") as f:
        f.write(CLANGD)
    commands = [{"directory": os.path.join(root, "build"),
                 "arguments": ["/usr/bin/clang++-22", "-std=c++20",
                               "-I" + os.path.abspath(args.inputs), "-I../src", "-c",
                               "../src/" + name, "-o", name + ".o"],
                 "file": "../src/" + name}
                for name in sorted(files) if name.endswith(".cpp")]
    with open(os.path.join(root, "build", "compile_commands.json"), "w") as f:
        json.dump(commands, f, indent=2)


if __name__ == "__main__":
    main()
