#!/usr/bin/env python3
"""Writes DIR/build/compile_commands.json for the .cpp files of DIR/src (the cross-TU project).

usage: make_database.py DIR --inputs CHECK_INPUTS_DIR"""
import argparse
import json
import os

parser = argparse.ArgumentParser()
parser.add_argument("dir")
parser.add_argument("--inputs", required=True)
args = parser.parse_args()
root = os.path.abspath(args.dir)
os.makedirs(os.path.join(root, "build"), exist_ok=True)
commands = [{"directory": os.path.join(root, "build"),
             "arguments": ["/usr/bin/clang++-22", "-std=c++20", "-I" + os.path.abspath(args.inputs),
                           "-c", "../src/" + name, "-o", name + ".o"],
             "file": "../src/" + name}
            for name in sorted(os.listdir(os.path.join(root, "src"))) if name.endswith(".cpp")]
with open(os.path.join(root, "build", "compile_commands.json"), "w") as f:
    json.dump(commands, f, indent=2)
with open(os.path.join(root, ".clang-tidy"), "w") as f:
    f.write("Checks: '-*,coroguard-*'\nHeaderFilterRegex: '.*'\n")
