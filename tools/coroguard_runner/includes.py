"""Which TUs a changed file belongs to: the TU itself, or for a header every TU that includes
it, directly or not.

A textual scan of #include lines through each TU's -I/-iquote/-isystem paths, without
evaluating #if: it may pick a TU too many, never one too few (short of computed includes),
and it costs no compiler run — this is what a pre-commit hook can afford.
"""
import os
import re

_INCLUDE = re.compile(rb'^[ \t]*#[ \t]*(?:include|include_next|import)[ \t]*([<"])([^>"\n]+)[>"]',
                      re.MULTILINE)
_PATH_OPTIONS = {"-I": "angled", "-iquote": "quoted", "-isystem": "angled",
                 "-idirafter": "angled", "--include-directory": "angled"}
_FORCED_INCLUDES = {"-include", "--include"}


def _search_paths(command):
    quoted, angled, forced = [], [], []
    arguments = command.arguments[1:]
    index = 0
    while index < len(arguments):
        argument = arguments[index]
        value = None
        for option, kind in _PATH_OPTIONS.items():
            if argument == option and index + 1 < len(arguments):
                value, index = (kind, arguments[index + 1]), index + 1
            elif argument.startswith(option) and argument != option and \
                    not argument.startswith(option + "-"):
                value = (kind, argument[len(option):].lstrip("="))
            if value:
                break
        if value:
            kind, directory = value
            directory = os.path.normpath(os.path.join(command.directory, directory))
            (quoted if kind == "quoted" else angled).append(directory)
        elif argument in _FORCED_INCLUDES and index + 1 < len(arguments):
            forced.append(os.path.normpath(os.path.join(command.directory, arguments[index + 1])))
            index += 1
        index += 1
    return quoted, angled, forced


class IncludeScanner:
    def __init__(self):
        self._directives = {}

    def _includes(self, path):
        if path not in self._directives:
            try:
                with open(path, "rb") as f:
                    found = _INCLUDE.findall(f.read())
            except OSError:
                found = []
            self._directives[path] = [(kind.decode(), name.decode("utf-8", "replace"))
                                      for kind, name in found]
        return self._directives[path]

    def files_of(self, tu):
        """Every file the TU may include that the scan can resolve (the TU's file included)."""
        reached = {tu.path}
        for command in tu.commands:
            quoted, angled, forced = _search_paths(command)
            pending = [command.file] + [f for f in forced if os.path.isfile(f)]
            reached.update(pending)
            while pending:
                current = pending.pop()
                for kind, name in self._includes(current):
                    directories = ([os.path.dirname(current)] + quoted if kind == '"' else []) \
                        + angled
                    for directory in directories:
                        candidate = os.path.normpath(os.path.join(directory, name))
                        if os.path.isfile(candidate):
                            if candidate not in reached:
                                reached.add(candidate)
                                pending.append(candidate)
                            break
        return reached


def tus_of_files(tus, files):
    """(selected TUs in database order, files that belong to no TU)."""
    real = {}
    def realpath(path):
        if path not in real:
            real[path] = os.path.realpath(path)
        return real[path]
    wanted = {realpath(f) for f in files}
    selected = [tu for tu in tus if realpath(tu.path) in wanted]
    covered = {realpath(tu.path) for tu in selected}
    headers = wanted - covered
    if headers:
        scanner = IncludeScanner()
        for tu in tus:
            if realpath(tu.path) in covered:
                continue
            hits = headers & {realpath(f) for f in scanner.files_of(tu)}
            if hits:
                selected.append(tu)
                covered |= hits
        selected.sort(key=lambda tu: tu.path)
    return selected, sorted(f for f in files if realpath(f) not in covered)
