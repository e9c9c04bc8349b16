"""The compile database: loaded with one-line errors, then narrowed to the TUs of this run."""
import os
import re
import shlex

from . import jsonfiles
from .errors import InputError


class CompileCommand:
    def __init__(self, directory, arguments, file):
        self.directory = directory
        self.arguments = arguments
        self.file = file


class TranslationUnit:
    """One source file with every compile command the database lists for it (clang-tidy
    analyses each of them when it is given the file)."""

    def __init__(self, path, commands):
        self.path = path
        self.commands = commands


def load(build_dir):
    """Returns the database's TUs sorted by path, or raises InputError naming the problem."""
    if not os.path.isdir(build_dir):
        raise InputError("build directory '%s' does not exist" % build_dir)
    path = os.path.join(build_dir, "compile_commands.json")
    if not os.path.isfile(path):
        raise InputError("no compile_commands.json in '%s'; generate it with "
                         "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON (CMake) or bear" % build_dir)
    entries = jsonfiles.read(path)
    if not isinstance(entries, list):
        raise InputError("%s must hold a JSON array of compile commands" % path)
    by_file = {}
    for number, entry in enumerate(entries, 1):
        command = _command(entry, "%s: entry %d" % (path, number))
        by_file.setdefault(command.file, []).append(command)
    if not by_file:
        raise InputError("%s lists no translation units" % path)
    return [TranslationUnit(file, by_file[file]) for file in sorted(by_file)]


def _command(entry, where):
    if not isinstance(entry, dict):
        raise InputError("%s is not a JSON object" % where)
    for key in ("directory", "file"):
        if not isinstance(entry.get(key), str) or not entry[key]:
            raise InputError("%s has no '%s' string" % (where, key))
    if "arguments" in entry:
        arguments = entry["arguments"]
        if (not isinstance(arguments, list) or not arguments
                or not all(isinstance(a, str) for a in arguments)):
            raise InputError("%s: 'arguments' must be a non-empty list of strings" % where)
    elif isinstance(entry.get("command"), str):
        try:
            arguments = shlex.split(entry["command"])
        except ValueError as error:
            raise InputError("%s: cannot split 'command': %s" % (where, error))
        if not arguments:
            raise InputError("%s: 'command' is empty" % where)
    else:
        raise InputError("%s has neither 'arguments' nor a 'command' string" % where)
    directory = os.path.normpath(os.path.join(os.getcwd(), entry["directory"]))
    file = os.path.normpath(os.path.join(directory, entry["file"]))
    return CompileCommand(directory, arguments, file)


def matching(tus, regexes):
    """The TUs whose absolute path one of the regexes finds (re.search, as run-clang-tidy)."""
    compiled = []
    for pattern in regexes:
        try:
            compiled.append(re.compile(pattern))
        except re.error as error:
            raise InputError("invalid file regex '%s': %s" % (pattern, error))
    selected = [tu for tu in tus if any(r.search(tu.path) for r in compiled)]
    if not selected:
        raise InputError("no translation unit in the compile database matches %s"
                         % " or ".join("'%s'" % p for p in regexes))
    return selected


def parse_shard(text):
    match = re.fullmatch(r"(\d+)/(\d+)", text)
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise InputError("--shard wants I/N with 1 <= I <= N (e.g. 2/4), not '%s'" % text)
    return int(match.group(1)), int(match.group(2))


def shard(tus, index, count):
    """Shard I of N: every N-th TU of the path-sorted list, starting with the I-th. Depends only
    on the database, so every machine of a CI matrix computes the same split."""
    return tus[index - 1::count]
