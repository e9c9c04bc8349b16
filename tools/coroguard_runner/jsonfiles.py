"""The JSON files run-coroguard reads and writes (compile databases, baselines, SARIF logs),
with one-line errors that name the file."""
import json

from .errors import InputError


def read(path, what=""):
    """The parsed file; `what` ("the baseline ") prefixes the file's name in errors."""
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as error:
        raise InputError("cannot read %s%s: %s" % (what, path, error.strerror))
    except ValueError as error:
        raise InputError("%s%s is not valid JSON: %s" % (what, path, error))


def write(path, data, what=""):
    """Indented, non-ASCII kept, ending in a newline: files meant to be diffed and reviewed."""
    try:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2, ensure_ascii=False)
            f.write("\n")
    except OSError as error:
        raise InputError("cannot write %s%s: %s" % (what, path, error.strerror))
