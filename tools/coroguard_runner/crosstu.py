"""Cross-TU analysis: the first pass's summaries, merged; what each TU's second pass reads.

The check pass writes, besides its findings, a summary per TU (the plugin appends one JSON
object per line to COROGUARD_SUMMARY_OUTPUT): for each function the TU defines, keyed by USR,
per question ("blocking" for coroguard-blocking-call, "affine" for coroguard-cross-thread-call)
the hit in its own code or the project functions it calls; and the functions the TU refers to
without defining them ("references").

Merged, they are written to BUILD_DIR/coroguard-summaries.json (what editors read). A TU
whose references reach a function that leads to a hit is analysed again with them
(COROGUARD_SUMMARY_FILE). Its result depends only on the
summaries it can reach, so their digest (not the whole file's) is part of that result's cache
key: a digest per function over everything it reaches, computed once per strongly connected
component of the call graph, so that the run costs linear time in the size of the graph,
however much of it each TU reaches. A TU whose references reach none keeps its first-pass
result.
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
        self._digest_of = None

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

    def _digests(self, question):
        """For each function that leads to a hit, a digest of its summary and of the
        summaries of every function it reaches (one per strongly connected component of
        the call graph, so recursion is fine): equal digests, equal chains through it."""
        leading = self.leads_to_hit[question]
        def callees(key):
            return [c["callee"] for c in self.functions[key][question].get("calls", [])
                    if c["callee"] in leading]
        # Tarjan's algorithm, iterative; components come out callees first.
        number, low, on_stack, stack, digests = {}, {}, set(), [], {}
        for root in sorted(leading):
            if root in number:
                continue
            work = [(root, iter(callees(root)))]
            number[root] = low[root] = len(number)
            stack.append(root)
            on_stack.add(root)
            while work:
                key, pending = work[-1]
                advanced = False
                for callee in pending:
                    if callee not in number:
                        number[callee] = low[callee] = len(number)
                        stack.append(callee)
                        on_stack.add(callee)
                        work.append((callee, iter(callees(callee))))
                        advanced = True
                        break
                    if callee in on_stack:
                        low[key] = min(low[key], number[callee])
                if advanced:
                    continue
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[key])
                if low[key] != number[key]:
                    continue
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == key:
                        break
                members = set(component)
                outside = sorted({digests[c] for m in component for c in callees(m)
                                  if c not in members})
                # repr is deterministic here: the summaries' keys come in the order the
                # plugin (llvm::json) and encode() write them, sorted.
                content = [[m, self.functions[m][question]] for m in sorted(component)]
                digest = hashlib.sha256(repr([content, outside]).encode()).hexdigest()
                for member in component:
                    digests[member] = digest
        return digests

    def used_by(self, index):
        """A digest of the summaries the TU at `index` can reach through the functions it
        refers to (what its second pass depends on); None when they lead to no hit (its
        first-pass result stands)."""
        if self._digest_of is None:
            self._digest_of = {question: self._digests(question) for question in QUESTIONS}
        reached = sorted({(question, self._digest_of[question][key])
                          for question in QUESTIONS for key in self.references[index]
                          if key in self.leads_to_hit[question]})
        if not reached:
            return None
        return hashlib.sha256(json.dumps(reached).encode()).hexdigest()

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
    """The bytes written for a summary document (keys in the order read: sorted)."""
    return json.dumps(document, separators=(",", ":")).encode("utf-8")


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
