#!/usr/bin/env python3
"""Edits a source file the way the tests need, without shell quoting games.

usage: edit.py FILE [--prepend-lines N] [--replace OLD NEW]...
  --prepend-lines N   insert N comment lines at the top (shifts every line by N)
  --replace OLD NEW   replace the one occurrence of OLD ('\\n' in either means a newline)
"""
import argparse
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--prepend-lines", type=int, default=0)
    parser.add_argument("--replace", nargs=2, action="append", default=[], metavar=("OLD", "NEW"))
    args = parser.parse_args()
    with open(args.file) as f:
        text = f.read()
    for old, new in args.replace:
        old, new = old.replace("\\n", "\n"), new.replace("\\n", "\n")
        if text.count(old) != 1:
            sys.exit("edit.py: %r occurs %d times in %s" % (old, text.count(old), args.file))
        text = text.replace(old, new)
    text = "".join("// inserted line %d\n" % (n + 1) for n in range(args.prepend_lines)) + text
    with open(args.file, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
