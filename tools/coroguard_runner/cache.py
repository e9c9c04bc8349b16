"""The result cache: an unchanged TU is not analysed again.

A TU's result is a function of what clang-tidy reads: the TU as preprocessed (with comments, so
NOLINT counts) and the exact bytes of every file it includes (columns and whitespace), its
compile commands, the clang-tidy configuration, and the clang-tidy and plugin binaries (their
build ids). The key hashes all of these; any other input a later pass adds — say the
summaries a TU used — goes in through CacheKey.add.
"""
import hashlib
import json
import os
import re
import subprocess
import tempfile
import threading

from .errors import InputError

FORMAT = "run-coroguard-cache/1"

# Compiler options that choose outputs, not what the TU means; the preprocessing run drops them.
_OUTPUT_OPTIONS_WITH_VALUE = {"-o", "-MF", "-MT", "-MQ", "-MJ", "--serialize-diagnostics",
                              "-dependency-file"}
_OUTPUT_FLAGS = {"-c", "-S", "-E", "-M", "-MM", "-MD", "-MMD", "-MP", "-MG", "-fsyntax-only",
                 "-save-temps", "-emit-llvm", "-pipe"}
_OUTPUT_PREFIXES = ("-o", "-MF", "-MT", "-MQ", "-MJ", "-Wp,-MD", "-Wp,-MMD", "-save-temps=")


class CacheKey:
    """Named inputs of one result; two results with equal digests are interchangeable."""

    def __init__(self):
        self._parts = []

    def add(self, name, value):
        self._parts.append((name, value))
        return self

    def digest(self):
        encoded = json.dumps([FORMAT] + self._parts, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


class ContentHashes:
    """sha256 of files, each read once per run however many TUs include it."""

    def __init__(self):
        self._digests = {}
        self._lock = threading.Lock()

    def of(self, path):
        with self._lock:
            if path in self._digests:
                return self._digests[path]
        try:
            with open(path, "rb") as f:
                digest = hashlib.sha256(f.read()).hexdigest()
        except OSError:
            digest = None
        with self._lock:
            self._digests[path] = digest
        return digest


class ResultCache:
    """One JSON file per key under DIR/v1/xx/; written atomically, so concurrent runs (or a
    killed one) never leave a torn entry. A hit touches the entry, so that pruning by age
    (find DIR -mtime +N -delete) removes only entries nobody used lately."""

    def __init__(self, directory):
        self.root = os.path.join(directory, "v1")
        try:
            os.makedirs(self.root, exist_ok=True)
        except OSError as error:
            raise InputError("cannot create the cache directory '%s': %s"
                             % (directory, error.strerror))

    def _path(self, digest):
        return os.path.join(self.root, digest[:2], digest + ".json")

    def load(self, digest):
        path = self._path(digest)
        try:
            with open(path, encoding="utf-8") as f:
                entry = json.load(f)
            os.utime(path)
            return entry
        except (OSError, ValueError):
            return None

    def store(self, digest, entry):
        path = self._path(digest)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as f:
            json.dump(entry, f, separators=(",", ":"))
        os.replace(temporary, path)


def preprocessing_command(clang, command, extra_args_before, extra_args):
    """The TU's compile command turned into a clang -E -C run of clang-tidy's own LLVM, with
    the extra arguments where clang-tidy puts them."""
    compiler = os.path.basename(command.arguments[0])
    mode = "--driver-mode=g++" if "++" in compiler else "--driver-mode=gcc"
    kept = []
    arguments = command.arguments[1:]
    index = 0
    while index < len(arguments):
        argument = arguments[index]
        if argument in _OUTPUT_OPTIONS_WITH_VALUE:
            index += 2
            continue
        if argument in _OUTPUT_FLAGS or argument.startswith(_OUTPUT_PREFIXES):
            index += 1
            continue
        kept.append(argument)
        index += 1
    return [clang, mode, *extra_args_before, *kept, *extra_args, "-E", "-C", "-w"]


def _dependencies(depfile_text):
    """The prerequisites of a make-style depfile (escaped spaces honoured)."""
    text = depfile_text.replace("\\\n", " ")
    colon = re.search(r":(\s|$)", text)
    if colon:
        text = text[colon.end():]
    return [p.replace("\\ ", " ").replace("$$", "$")
            for p in re.findall(r"(?:\\ |[^\s])+", text)]


def preprocessed_digest(clang, command, extra_args_before, extra_args, hashes):
    """A digest of the TU's preprocessed text and of every file it read, or None when it does
    not preprocess (the TU is then analysed, and not cached)."""
    with tempfile.TemporaryDirectory(prefix="run-coroguard-") as scratch:
        depfile = os.path.join(scratch, "tu.d")
        arguments = preprocessing_command(clang, command, extra_args_before, extra_args)
        arguments += ["-MD", "-MF", depfile, "-o", "-"]
        process = subprocess.Popen(arguments, cwd=command.directory, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL)
        digest = hashlib.sha256()
        for chunk in iter(lambda: process.stdout.read(1 << 16), b""):
            digest.update(chunk)
        if process.wait() != 0:
            return None
        try:
            with open(depfile, encoding="utf-8", errors="surrogateescape") as f:
                dependencies = _dependencies(f.read())
        except OSError:
            return None
    for dependency in dependencies:
        path = os.path.normpath(os.path.join(command.directory, dependency))
        digest.update(("\0%s\0%s" % (path, hashes.of(path))).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def configuration_files(path, config_file, hashes):
    """The clang-tidy configuration files that may apply to a TU: --config-file, or every
    .clang-tidy from the TU's directory up (InheritParentConfig can reach any of them)."""
    if config_file:
        return [(config_file, hashes.of(os.path.abspath(config_file)))]
    found = []
    directory = os.path.dirname(path)
    while True:
        candidate = os.path.join(directory, ".clang-tidy")
        if os.path.isfile(candidate):
            found.append((candidate, hashes.of(candidate)))
        parent = os.path.dirname(directory)
        if parent == directory:
            return found
        directory = parent
