"""Cross-TU analysis: the first pass's summaries, merged; what each TU's second pass reads.

The check pass writes, besides its findings, a summary per TU (the plugin appends one JSON
object per line to COROGUARD_SUMMARY_OUTPUT): for each function the TU defines, keyed by USR,
per question ("blocking" for coroguard-blocking-call, "affine" for coroguard-cross-thread-call)
the hit in its own code or the project functions it calls ("affine" also says whether it runs
an event loop, "loop", and which ones its callers can name, "loops"; or else the functions of
other TUs through which it may, "loop_via", which the merge follows); and the functions the TU
refers to without defining them ("references").

Merged, they are written to BUILD_DIR/coroguard-summaries.json (what editors read). A TU
whose references reach a function that leads to a hit, or (for coroguard-cross-thread-call)
refer to one that runs a loop, however many TUs away, is analysed again with them
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
        functions = self.functions = {}
        self.references = []
        self.defined_in = {}
        for tu, lines in zip(tus, summaries_by_tu):
            referenced = set()
            defined = set()
            for line in lines:
                own = line.get("functions", {})
                for key, function in own.items():
                    if key not in functions:
                        functions[key] = function
                defined.update(own)
                referenced.update(line.get("references", ()))
            self.references.append(referenced)
            self.defined_in[tu.path] = sorted(defined)
        if earlier:
            known = earlier["functions"]
            for path, keys in earlier["defined_in"].items():
                if path in self.defined_in:
                    continue
                self.defined_in[path] = keys
                for key in keys:
                    if key not in functions and key in known:
                        functions[key] = known[key]
        _close_loops(functions)
        self._digest_of = None
        self._loops_of = None

    def _digests(self, question):
        """For each function that leads to a hit for `question` (and for no other), a digest
        of its summary and of the summaries of every function it reaches (one per strongly
        connected component of the call graph, so recursion is fine): equal digests, equal
        chains through it. Functions are numbered, so that the graph walks index lists."""
        keys, facts_of, hits = [], [], []
        for key, function in self.functions.items():
            facts = function.get(question)
            if facts:
                if "hit" in facts:
                    hits.append(len(keys))
                keys.append(key)
                facts_of.append(facts)
        number = {key: index for index, key in enumerate(keys)}
        callees = [[number[call["callee"]] for call in facts.get("calls", ())
                    if call["callee"] in number] for facts in facts_of]
        callers = [[] for _ in keys]
        for caller, targets in enumerate(callees):
            for callee in targets:
                callers[callee].append(caller)
        leading = [False] * len(keys)
        for hit in hits:
            leading[hit] = True
        found = hits
        while found:
            for caller in callers[found.pop()]:
                if not leading[caller]:
                    leading[caller] = True
                    found.append(caller)
        callees = [[c for c in targets if leading[c]] if leading[i] else []
                   for i, targets in enumerate(callees)]
        roots = [i for i in sorted(range(len(keys)), key=keys.__getitem__) if leading[i]]
        component_digest = [None] * len(keys)
        digests = {}
        sha256 = hashlib.sha256
        for component in _components(callees, roots):
            # Callees outside the component come out first: only its members have no
            # digest yet. repr is deterministic here: the summaries' keys come in the order
            # the plugin (llvm::json) and encode() write them, sorted.
            if len(component) == 1:
                # Most functions: no sorting of one member.
                member = component[0]
                targets = callees[member]
                outside = sorted({component_digest[c] for c in targets} - {None}) \
                    if targets else []
                content = [[keys[member], facts_of[member]]]
            else:
                outside = sorted({component_digest[c] for m in component
                                  for c in callees[m]} - {None})
                content = sorted([keys[m], facts_of[m]] for m in component)
            digest = sha256(repr([content, outside]).encode()).hexdigest()
            for member in component:
                component_digest[member] = digest
                digests[keys[member]] = digest
        return digests

    def used_by(self, index):
        """A digest of the summaries the TU at `index` can reach through the functions it
        refers to (what its second pass depends on); None when they lead to no hit (its
        first-pass result stands)."""
        if self._digest_of is None:
            self._digest_of = [(question, self._digests(question)) for question in QUESTIONS]
            # A function that runs a loop makes the thread running it that loop's thread:
            # what the caller's code touches there changes. Only the functions a TU calls
            # are asked (through any number of TUs: the merge has marked their callers).
            self._loops_of = {key: repr(function["affine"].get("loops", []))
                              for key, function in self.functions.items()
                              if function.get("affine", {}).get("loop")}
        references = self.references[index]
        reached = {(question, digests[key]) for question, digests in self._digest_of
                   for key in references if key in digests}
        loops_of = self._loops_of
        reached.update(("loop", key, loops_of[key]) for key in references if key in loops_of)
        reached = sorted(reached)
        if not reached:
            return None
        return hashlib.sha256(json.dumps(reached).encode()).hexdigest()

    def everything(self):
        """All summaries: what an editor reads, and what the next run that analyses only
        some TUs knows the others by."""
        return {"format": MERGED_FORMAT, "functions": self.functions,
                "defined_in": self.defined_in}


def _close_loops(functions):
    """A function runs a loop if a function of another TU it calls (its "loop_via", written
    only when its own TU saw no loop) does, however many TUs away: marked "loop" here, in
    place. A TU never writes both, so a "loop" beside "loop_via" (in the last run's merged
    summaries) was marked here, and is decided again."""
    callers = {}
    found = []
    for key, function in functions.items():
        affine = function.get("affine")
        if affine is None:
            continue
        via = affine.get("loop_via")
        if via is None:
            if affine.get("loop"):
                found.append(key)
            continue
        affine.pop("loop", None)
        for callee in via:
            waiting = callers.get(callee)
            if waiting is None:
                callers[callee] = [(key, affine)]
            else:
                waiting.append((key, affine))
    while found:
        for caller, affine in callers.get(found.pop(), ()):
            if "loop" not in affine:
                affine["loop"] = True
                found.append(caller)


def _components(callees, roots):
    """The strongly connected components reached from `roots` in the graph whose node i
    calls the nodes callees[i], callees first (Tarjan's algorithm, iterative, on index
    lists: a position per node on the walk instead of an iterator)."""
    unvisited = -1
    order = [unvisited] * len(callees)
    low = [0] * len(callees)
    on_stack = [False] * len(callees)
    stack, components = [], []
    visited = 0
    for root in roots:
        if order[root] != unvisited:
            continue
        order[root] = low[root] = visited
        visited += 1
        stack.append(root)
        on_stack[root] = True
        walk, positions = [root], [0]
        while walk:
            node = walk[-1]
            targets = callees[node]
            position = positions[-1]
            if position < len(targets):
                positions[-1] = position + 1
                callee = targets[position]
                if order[callee] == unvisited:
                    order[callee] = low[callee] = visited
                    visited += 1
                    stack.append(callee)
                    on_stack[callee] = True
                    walk.append(callee)
                    positions.append(0)
                elif on_stack[callee] and order[callee] < low[node]:
                    low[node] = order[callee]
                continue
            walk.pop()
            positions.pop()
            if walk and low[node] < low[walk[-1]]:
                low[walk[-1]] = low[node]
            if low[node] != order[node]:
                continue
            split = len(stack) - 1
            while stack[split] != node:
                split -= 1
            component = stack[split:]
            del stack[split:]
            for member in component:
                on_stack[member] = False
            components.append(component)
    return components


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
    # Summaries hold no cycles: the check costs a quarter of the encoding.
    return json.dumps(document, separators=(",", ":"), check_circular=False).encode("utf-8")


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
