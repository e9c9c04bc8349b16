"""Findings of a run: deduplicated over TUs, ordered, identified, split by a baseline."""
import collections
import os

from . import diagnostics
from . import identity
from . import jsonfiles
from .errors import InputError

BASELINE_FORMAT = 1


class Finding:
    """A warning or error (with its notes) and its identity. `state` is 'new' or, for a
    finding recorded in the baseline, 'unchanged'; None when no baseline is in use."""

    def __init__(self, diagnostic, relative_path, function, line_text, fingerprint):
        self.diagnostic = diagnostic
        self.relative_path = relative_path
        self.function = function
        self.line_text = line_text
        self.fingerprint = fingerprint
        self.state = None

    @property
    def check(self):
        return self.diagnostic.check


def relative_to(path, root):
    """path relative to root when it lies inside it, else the absolute path."""
    relative = os.path.relpath(path, root)
    return path if relative == ".." or relative.startswith("../") else relative


def error_relative_to(text, root):
    """clang's "path:line:col: error: ..." with the path relative to root (see relative_to)."""
    head, separator, rest = text.partition(":")
    return relative_to(head, root) + separator + rest if separator and os.path.isabs(head) \
        else text


def collect(results, source_root, sources):
    """The findings of all TU results: compiler errors left out (they are TU failures), each
    finding once (a header's finding is reported by every TU that includes it), sorted by
    place."""
    unique = {}
    for result in results:
        for diagnostic in result.diagnostics:
            if diagnostics.is_compiler_error(diagnostic) or not diagnostic.path:
                continue
            unique.setdefault(diagnostic.key(), diagnostic)
    found = []
    for key in sorted(unique, key=lambda k: (k[0], k[1], k[2], k[4] or "", k[5])):
        diagnostic = unique[key]
        relative = relative_to(diagnostic.path, source_root)
        function = sources.function_at(diagnostic.path, diagnostic.line, diagnostic.column)
        line_text = sources.line_text(diagnostic.path, diagnostic.line)
        found.append(Finding(diagnostic, relative, function, line_text,
                             identity.fingerprint(diagnostic.check or "", relative, function,
                                                  line_text)))
    return found


def write_baseline(path, found):
    entries = sorted(({"check": f.check, "file": f.relative_path, "function": f.function,
                       "line_text": identity.normalized(f.line_text),
                       "fingerprint": f.fingerprint, "message": f.diagnostic.message}
                      for f in found),
                     key=lambda e: (e["file"], e["check"], e["function"], e["line_text"]))
    jsonfiles.write(path, {"coroguard_baseline": BASELINE_FORMAT, "findings": entries},
                    "the baseline ")


def read_baseline(path):
    """The baseline as a multiset of fingerprints."""
    data = jsonfiles.read(path, "the baseline ")
    if not isinstance(data, dict) or data.get("coroguard_baseline") != BASELINE_FORMAT \
            or not isinstance(data.get("findings"), list):
        raise InputError("%s is not a run-coroguard baseline (format %d); write one with "
                         "--write-baseline" % (path, BASELINE_FORMAT))
    fingerprints = collections.Counter()
    for number, entry in enumerate(data["findings"], 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise InputError("baseline %s: finding %d has no fingerprint" % (path, number))
        fingerprints[entry["fingerprint"]] += 1
    return fingerprints


def apply_baseline(found, baseline):
    """Marks each finding 'unchanged' while the baseline still holds an equal one, else 'new'
    (two equal findings against one recorded: one of them is new)."""
    remaining = collections.Counter(baseline)
    for finding in found:
        if remaining[finding.fingerprint] > 0:
            remaining[finding.fingerprint] -= 1
            finding.state = "unchanged"
        else:
            finding.state = "new"
