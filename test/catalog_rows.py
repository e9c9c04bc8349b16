#!/usr/bin/env python3
"""Prints rows of coroguard's catalog tables (checks/catalog/*.def) as FileCheck lines.

The docs-sync tests feed the output to FileCheck over a documentation page: every
selected row's name (its first string argument) must appear there, in backquotes. A table is read as X-macro rows,
MACRO(argument, ...), with string literals, identifiers and numbers as arguments;
comments and preprocessor lines are skipped. A selected table or macro with no rows is
an error, so the test cannot pass on an empty extract.

  catalog_rows.py FILE.def[:MACRO[:COLUMN=VALUE]] ...

COLUMN counts a row's arguments from 0; VALUE is compared with the argument as written,
without the quotes of a string.
"""

import re
import sys

TOKEN = re.compile(r'''
    (?P<space>\s+)
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<directive>^[ \t]*\#[^\n]*)
  | (?P<string>"(?:[^"\\\n]|\\.)*")
  | (?P<word>[A-Za-z_][A-Za-z_0-9]*|\d+)
  | (?P<punct>[(),])
''', re.VERBOSE | re.DOTALL | re.MULTILINE)


def tokens(text, path):
    position = 0
    while position < len(text):
        match = TOKEN.match(text, position)
        if not match:
            line = text.count("\n", 0, position) + 1
            sys.exit("%s:%d: unexpected text %r" % (path, line, text[position:position + 20]))
        position = match.end()
        kind = match.lastgroup
        if kind in ("space", "comment", "directive"):
            continue
        yield kind, match.group(kind)


def rows(path):
    """The (macro, [arguments], name) rows of one .def file."""
    with open(path, encoding="utf-8") as file:
        stream = list(tokens(file.read(), path))
    result = []
    index = 0
    while index < len(stream):
        kind, value = stream[index]
        if kind != "word" or index + 1 >= len(stream) or stream[index + 1] != ("punct", "("):
            sys.exit("%s: expected a row MACRO(...), found %r" % (path, value))
        index += 2
        arguments, strings, current = [], [], []
        while True:
            if index >= len(stream):
                sys.exit("%s: row %s(...) is not closed" % (path, value))
            kind, text = stream[index]
            index += 1
            if (kind, text) in (("punct", ","), ("punct", ")")):
                if not current:
                    sys.exit("%s: row %s(...) has an empty argument" % (path, value))
                # Adjacent string literals are one string.
                if all(part.startswith('"') for part in current):
                    arguments.append("".join(part[1:-1] for part in current))
                    strings.append(arguments[-1])
                elif len(current) == 1:
                    arguments.append(current[0])
                else:
                    sys.exit("%s: row %s(...) has an argument of several tokens" % (path, value))
                current = []
                if text == ")":
                    break
            else:
                current.append(text)
        if not strings:
            sys.exit("%s: row %s(...) has no string argument to name it" % (path, value))
        result.append((value, arguments, strings[0]))
    return result


def main(selections):
    if not selections:
        sys.exit(__doc__)
    for selection in selections:
        path, _, rest = selection.partition(":")
        macro, _, condition = rest.partition(":")
        column, _, wanted = condition.partition("=")
        selected = [
            name for row_macro, arguments, name in rows(path)
            if (not macro or row_macro == macro) and
            (not column or (int(column) < len(arguments) and arguments[int(column)] == wanted))
        ]
        if not selected:
            sys.exit("%s: no rows selected by %r" % (path, selection))
        for name in selected:
            print("CHECK-DAG: `%s`" % name)


if __name__ == "__main__":
    main(sys.argv[1:])
