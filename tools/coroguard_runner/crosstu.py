"""Cross-TU analysis: the first pass's summaries, merged; what each TU's second pass reads.

The check pass writes, besides its findings, a summary per TU (the plugin appends one JSON
object per line to COROGUARD_SUMMARY_OUTPUT): for each function the TU defines, keyed by USR,
per question ("blocking" for coroguard-blocking-call, "affine" for coroguard-cross-thread-call)
the hit in its own code or the project functions it calls; and the functions the TU refers to
without defining them ("references").

Merged, only what can lead to a hit is kept. A TU whose references reach such a function is
analysed again with exactly the summaries it can reach (COROGUARD_SUMMARY_FILE): they are what
its second-pass result depends on, so their digest is part of that result's cache key. A TU
whose references reach none keeps its first-pass result.
"""
import hashlib
import json
import os
import tempfile

from .errors import InputError

LINE_FORMAT = "coroguard-summary/1"
MERGED_FORMAT = "coroguard-summaries/1"
QUESTIONS = ("blocking", "affine")
# Where run-coroguard leaves the merged summaries, for coroguard-tidy and clangd (SummaryFile).
MERGED_NAME = "coroguard-summaries.json"


def read_lines(path):
    """The summaries the plugin wrote to `path` (none if it wrote nothing); raises ValueError
    on a line that is not a summary."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        return []
    lines = []
    for line in text.splitlines():
        if not line.strip():
            continue
        summary = json.loads(line)
        if not isinstance(summary, dict) or summary.get("format") != LINE_FORMAT:
            raise ValueError("not a %s line" % LINE_FORMAT)
        lines.append(summary)
    return lines


class Merged:
    """The summaries of all TUs. A function defined in several TUs (inline, in a header) is
    the same everywhere; the first TU's summary (in path order) stands for all."""

    def __init__(self, tus, summaries_by_tu, earlier=None):
        """`earlier`: the last run's merged summaries; what this run's TUs wrote replaces
        what they wrote then."""
        self.functions = {}
        self.references = []
        self.defined_in = {}
        for tu, lines in zip(tus, summaries_by_tu):
            referenced = set()
            defined = set()
            for line in lines:
                for key, function in line.get("functions", {}).items():
                    self.functions.setdefault(key, function)
                    defined.add(key)
                referenced.update(line.get("references", []))
            self.references.append(sorted(referenced))
            self.defined_in[tu.path] = sorted(defined)
        if earlier:
            for path, keys in earlier["defined_in"].items():
                if path in self.defined_in:
                    continue
                self.defined_in[path] = keys
                for key in keys:
                    if key in earlier["functions"]:
                        self.functions.setdefault(key, earlier["functions"][key])
        self.leads_to_hit = {question: self._leading(question) for question in QUESTIONS}

    def _leading(self, question):
        """The functions from which a chain of calls reaches a hit for `question`."""
        callers = {}
        found = []
        for key, function in self.functions.items():
            facts = function.get(question)
            if not facts:
                continue
            if "hit" in facts:
                found.append(key)
            for call in facts.get("calls", []):
                callers.setdefault(call["callee"], []).append(key)
        leading = set(found)
        while found:
            for caller in callers.get(found.pop(), []):
                if caller not in leading:
                    leading.add(caller)
                    found.append(caller)
        return leading

    def _document(self, keys_by_question):
        functions = {}
        for question, keys in keys_by_question.items():
            for key in keys:
                function = self.functions[key]
                functions.setdefault(key, {"name": function["name"]})[question] = function[question]
        return {"format": MERGED_FORMAT, "functions": functions}

    def used_by(self, index):
        """The summaries the TU at `index` can reach through the functions it refers to, as a
        summary document; None when they lead to no hit (its first-pass result stands)."""
        used = {}
        for question in QUESTIONS:
            leading = self.leads_to_hit[question]
            reached = set()
            pending = [key for key in self.references[index] if key in leading]
            while pending:
                key = pending.pop()
                if key in reached:
                    continue
                reached.add(key)
                for call in self.functions[key][question].get("calls", []):
                    if call["callee"] in leading:
                        pending.append(call["callee"])
            if reached:
                used[question] = reached
        return self._document(used) if used else None

    def everything(self):
        """All summaries: what an editor reads, and what the next run that analyses only
        some TUs knows the others by."""
        return {"format": MERGED_FORMAT, "functions": self.functions,
                "defined_in": self.defined_in}


def read_merged(path):
    """Merged summaries written by an earlier run, or None. A file that is not such
    summaries is an error naming it."""
    try:
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise InputError("cannot read the summaries of the last run '%s': %s (delete it to "
                         "start afresh)" % (path, getattr(error, "strerror", None) or error))
    if (not isinstance(document, dict) or document.get("format") != MERGED_FORMAT
            or not isinstance(document.get("functions"), dict)
            or not isinstance(document.get("defined_in"), dict)):
        raise InputError("'%s' is not coroguard's summaries (format %s); delete it to start "
                         "afresh" % (path, MERGED_FORMAT))
    return document


def encode(document):
    """The bytes written for a summary document: the same summaries, the same bytes."""
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode("utf-8")


def write(path, data):
    """Written atomically: a clangd reading the file never sees half of it."""
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".coroguard-summaries-",
                                         suffix=".tmp")
    with os.fdopen(handle, "wb") as f:
        f.write(data)
    os.replace(temporary, path)


def digest(data):
    return hashlib.sha256(data).hexdigest()


def check_merged_output(build_dir):
    path = os.path.join(build_dir, MERGED_NAME)
    if os.path.isdir(path):
        raise InputError("cannot write the summaries to '%s': it is a directory" % path)
    return path
