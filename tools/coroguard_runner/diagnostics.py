"""clang-tidy's text output, parsed into diagnostics that keep clang's own rendering."""
import os
import re

# file:line:col: level: message [check-name(,-warnings-as-errors)]
_HEADER = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): "
                     r"(?P<level>warning|error|fatal error|note|remark): (?P<message>.*?)"
                     r"(?: \[(?P<checks>[A-Za-z0-9_.,+-]+)\])?$")
_LOCATIONLESS_ERROR = re.compile(r"^(?:error|fatal error): (?P<message>.*?)"
                                 r"(?: \[(?P<checks>[A-Za-z0-9_.,+-]+)\])?$")
COMPILER_ERROR = "clang-diagnostic-error"


class Diagnostic:
    """A warning or error with its notes; `snippet` holds clang's source excerpt, caret and
    fix-it lines as printed. A note is a Diagnostic with level 'note' and no notes."""

    def __init__(self, path, line, column, level, message, check, snippet=None, notes=None):
        self.path = path
        self.line = line
        self.column = column
        self.level = level
        self.message = message
        self.check = check
        self.snippet = snippet or []
        self.notes = notes or []

    def key(self):
        """What makes two reports the same finding (the same header seen from two TUs)."""
        return (self.path, self.line, self.column, self.level, self.check, self.message)

    def to_json(self):
        data = {"path": self.path, "line": self.line, "column": self.column, "level": self.level,
                "message": self.message, "check": self.check, "snippet": self.snippet}
        if self.notes:
            data["notes"] = [note.to_json() for note in self.notes]
        return data

    @staticmethod
    def from_json(data):
        return Diagnostic(data["path"], data["line"], data["column"], data["level"],
                          data["message"], data["check"], data["snippet"],
                          [Diagnostic.from_json(n) for n in data.get("notes", [])])


def parse(output):
    """The diagnostics clang-tidy printed, in order. Lines that belong to no diagnostic
    (clang-tidy's own chatter) are dropped."""
    diagnostics = []
    current = None
    for line in output.splitlines():
        header = _HEADER.match(line)
        if header:
            level = "error" if header.group("level") == "fatal error" else header.group("level")
            checks = header.group("checks")
            check = checks.split(",")[0] if checks else None
            if level == "error" and check is None:
                check = COMPILER_ERROR
            entry = Diagnostic(header.group("path"), int(header.group("line")),
                               int(header.group("column")), level, header.group("message"), check)
            if level == "note":
                if diagnostics:
                    diagnostics[-1].notes.append(entry)
                    current = entry
                else:
                    current = None  # a note of nothing: clang-tidy's own remark
            else:
                diagnostics.append(entry)
                current = entry
        elif _LOCATIONLESS_ERROR.match(line):
            entry = Diagnostic("", 0, 0, "error", _LOCATIONLESS_ERROR.match(line).group("message"),
                               COMPILER_ERROR)
            diagnostics.append(entry)
            current = entry
        elif current is not None and (line.startswith(" ") or line == ""):
            current.snippet.append(line)
        else:
            current = None
    for diagnostic in diagnostics:
        _trim(diagnostic)
    return diagnostics


def _trim(diagnostic):
    while diagnostic.snippet and diagnostic.snippet[-1] == "":
        diagnostic.snippet.pop()
    for note in diagnostic.notes:
        _trim(note)


def make_paths_absolute(found, directory):
    for diagnostic in found:
        for entry in [diagnostic] + diagnostic.notes:
            if entry.path and not os.path.isabs(entry.path):
                entry.path = os.path.normpath(os.path.join(directory, entry.path))


def is_compiler_error(diagnostic):
    return diagnostic.level == "error" and diagnostic.check == COMPILER_ERROR
