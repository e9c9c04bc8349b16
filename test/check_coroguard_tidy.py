#!/usr/bin/env python3
"""Runs one coroguard check over a lit test file, the way upstream's check_clang_tidy.py does.

usage: check_coroguard_tidy.py [-check-suffix=A[,B]] [-expect-clang-tidy-error]
                               INPUT CHECK-NAME TEMP [-- TIDY-ARGS... [-- COMPILER-ARGS...]]

The CHECK- comments of INPUT are blanked (line numbers kept) into TEMP.cpp, which is linted
with --fix. Then:
  * CHECK-MESSAGES[-SUFFIX] lines are matched against the warnings and errors, and no other
    warning or error may appear (--implicit-check-not);
  * CHECK-NOTES[-SUFFIX], if present, are matched against everything incl. notes, and no
    other note, warning or error may appear;
  * CHECK-FIXES[-SUFFIX] are matched against the fixed file; without them the file must come
    back unchanged (no fix-it may be offered).
"""
import argparse
import os
import re
import subprocess
import sys


def run(cmd, **kwargs):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, **kwargs)


def filecheck(input_text, check_file, prefixes, implicit_not, strict_whitespace=False):
    cmd = ["FileCheck", "--input-file=-", check_file,
           "--check-prefixes=" + ",".join(prefixes), "--dump-input=fail",
           "--implicit-check-not=" + implicit_not]
    if strict_whitespace:
        cmd.append("--strict-whitespace")
    result = subprocess.run(cmd, input=input_text, universal_newlines=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        sys.stdout.write(result.stdout)
        sys.exit("FileCheck " + ",".join(prefixes) + " failed")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--coroguard-tidy", required=True)
    parser.add_argument("-check-suffix", "-check-suffixes", default="")
    parser.add_argument("-expect-clang-tidy-error", action="store_true")
    parser.add_argument("input")
    parser.add_argument("check_name")
    parser.add_argument("temp")
    # Split at the first '--' before argparse sees it: argparse would swallow it.
    argv = sys.argv[1:]
    rest = []
    if "--" in argv:
        split = argv.index("--")
        argv, rest = argv[:split], argv[split + 1:]
    args = parser.parse_args(argv)

    tidy_args, compiler_args = [], ["-std=c++20"]
    if rest:
        if "--" in rest:
            split = rest.index("--")
            tidy_args, compiler_args = rest[:split], rest[split + 1:]
            if not any(a.startswith("-std=") for a in compiler_args):
                compiler_args = ["-std=c++20"] + compiler_args
        else:
            tidy_args = rest

    suffixes = [s for s in args.check_suffix.split(",") if s]
    def prefixes(kind):
        return ["CHECK-%s-%s" % (kind, s) for s in suffixes] if suffixes else ["CHECK-" + kind]
    message_prefixes, note_prefixes, fix_prefixes = (
        prefixes("MESSAGES"), prefixes("NOTES"), prefixes("FIXES"))

    with open(args.input) as f:
        original = f.read()
    def used(prefix_list):
        return any(re.search(r"\b%s:" % re.escape(p), original) for p in prefix_list)
    has_messages, has_notes, has_fixes = (
        used(message_prefixes), used(note_prefixes), used(fix_prefixes))

    cleaned = re.sub(r"//\s*CHECK-[A-Z0-9-]+:[^\r\n]*", "//", original)
    temp_file = args.temp + os.path.splitext(args.input)[1]
    os.makedirs(os.path.dirname(os.path.abspath(temp_file)), exist_ok=True)
    with open(temp_file, "w") as f:
        f.write(cleaned)

    cmd = [args.coroguard_tidy, temp_file, "--fix", "--checks=-*," + args.check_name] + \
        tidy_args + ["--"] + compiler_args
    result = run(cmd)
    output = result.stdout
    print("Running " + " ".join(cmd) + "\n------- clang-tidy output -------\n" + output)
    if result.returncode != 0 and not args.expect_clang_tidy_error:
        sys.exit("clang-tidy exited with %d" % result.returncode)
    if result.returncode == 0 and args.expect_clang_tidy_error:
        sys.exit("clang-tidy was expected to fail but exited with 0")

    if has_notes:
        filecheck(output, args.input, note_prefixes, "{{note|warning|error}}:")
    if has_messages:
        # Notes belong to CHECK-NOTES; here only warnings and errors are compared.
        diagnostics = "\n".join(l for l in output.splitlines()
                                if re.search(r"(warning|error):", l))
        filecheck(diagnostics, args.input, message_prefixes, "{{warning|error}}:")
    if not has_messages and not has_notes:
        unexpected = [l for l in output.splitlines() if re.search(r"(note|warning|error):", l)]
        if unexpected:
            sys.exit("the test expects no diagnostics, but got:\n" + "\n".join(unexpected))

    with open(temp_file) as f:
        fixed = f.read()
    if has_fixes:
        filecheck(fixed, args.input, fix_prefixes, "CHECK-FIXES-NEVER-MATCHES",
                  strict_whitespace=True)
    elif fixed != cleaned:
        diff = run(["diff", "-u", "-", temp_file], input=cleaned).stdout
        sys.exit("a fix-it was applied, but the test has no %s lines:\n%s"
                 % (fix_prefixes[0], diff))


if __name__ == "__main__":
    main()
