"""What a run prints: the findings as clang-tidy renders them, failed TUs, a table by check
(stdout; identical for identical results, so runs can be diffed), and progress (stderr)."""
import os
import shutil
import sys
import time

from . import diagnostics
from .findings import error_relative_to, relative_to


def _display(path):
    return relative_to(path, os.getcwd()) if path else path


def _render(diagnostic, out):
    check = " [%s]" % diagnostic.check if diagnostic.check and diagnostic.level != "note" else ""
    out.write("%s:%d:%d: %s: %s%s\n" % (_display(diagnostic.path), diagnostic.line,
                                        diagnostic.column, diagnostic.level, diagnostic.message,
                                        check))
    for line in diagnostic.snippet:
        out.write(line + "\n")
    for note in diagnostic.notes:
        _render(note, out)


def print_findings(found, out):
    for finding in found:
        _render(finding.diagnostic, out)


def print_failures(tus, results, out):
    for tu, result in zip(tus, results):
        if result.failure:
            out.write("run-coroguard: %s does not compile: %s\n"
                      % (_display(tu.path), error_relative_to(result.failure, os.getcwd())))


def print_summary(names, new, known, with_baseline, failed, out):
    """One row per check in `names` (the enabled ones, then any other that reported), then the
    total; `new` and `known` count findings by check, new and in the baseline."""
    width = max([len(n) for n in names] + [len("check")])
    if with_baseline:
        out.write("%-*s  %8s  %8s\n" % (width, "check", "new", "baseline"))
        for name in names:
            out.write("%-*s  %8d  %8d\n" % (width, name, new[name], known[name]))
        out.write("%-*s  %8d  %8d\n" % (width, "total", sum(new.values()), sum(known.values())))
    else:
        out.write("%-*s  %8s\n" % (width, "check", "findings"))
        for name in names:
            out.write("%-*s  %8d\n" % (width, name, new[name]))
        out.write("%-*s  %8d\n" % (width, "total", sum(new.values())))
    if failed:
        out.write("%d translation unit%s could not be analysed\n"
                  % (failed, "" if failed == 1 else "s"))


class _Progress:
    def __init__(self, stream):
        self.stream = stream
        self.total = 0
        self.done = 0
        self.cached = 0
        self.findings = set()
        self.started = time.monotonic()

    def start(self, name, total):
        self.name, self.total, self.done, self.cached = name, total, 0, 0
        self.started = time.monotonic()

    def advance(self, tu, result):
        self.done += 1
        self.cached += result.cached
        self.findings.update(d.key() for d in result.diagnostics
                             if d.level in ("warning", "error") and d.path
                             and not diagnostics.is_compiler_error(d))
        self.show(tu, result)

    def summary(self):
        return "run-coroguard: %s: %d translation unit%s in %.1f s (%d from the cache)" % (
            self.name, self.total, "" if self.total == 1 else "s",
            time.monotonic() - self.started, self.cached)


class LineProgress(_Progress):
    """For logs (CI): one line per finished TU."""

    def show(self, tu, result):
        state = "cached" if result.cached else "%.1f s" % result.seconds
        if result.failure:
            state += ", does not compile"
        self.stream.write("[%d/%d] %s (%s)\n" % (self.done, self.total, _display(tu.path), state))
        self.stream.flush()

    def finish(self):
        self.stream.write(self.summary() + "\n")
        self.stream.flush()


class BarProgress(_Progress):
    """For a terminal: one line redrawn in place, erased at the end."""

    def show(self, tu, result):
        columns = shutil.get_terminal_size((80, 24)).columns
        width = max(10, min(40, columns - 50))
        filled = width * self.done // max(self.total, 1)
        elapsed = time.monotonic() - self.started
        text = "[%s%s] %d/%d TUs, %d findings, %.0f s  %s" % (
            "#" * filled, "." * (width - filled), self.done, self.total, len(self.findings), elapsed,
            os.path.basename(tu.path))
        self.stream.write("\r\x1b[K" + text[:columns - 1])
        self.stream.flush()

    def start(self, name, total):
        super().start(name, total)
        self.stream.write("\r\x1b[K[%s] 0/%d TUs" % ("." * 10, total))
        self.stream.flush()

    def finish(self):
        self.stream.write("\r\x1b[K" + self.summary() + "\n")
        self.stream.flush()


def progress_for(stream=sys.stderr):
    return BarProgress(stream) if stream.isatty() and os.environ.get("TERM") != "dumb" \
        else LineProgress(stream)
