"""Runs a pass over TUs: one job per TU, -j at a time, through the result cache.

A pass is a job (TU -> TUResult) and a cache key (TU -> CacheKey or None). The check run is
one pass; a pass that first writes per-TU summaries, and a check pass whose key also holds
the summaries each TU used, are the same machinery with other jobs and keys.
"""
import concurrent.futures
import os
import subprocess
import tempfile
import time

from . import cache
from . import crosstu
from . import diagnostics


class TUResult:
    """What clang-tidy said about one TU: its diagnostics, and why it could not be analysed
    (`failure`: clang's first error), if it could not."""

    def __init__(self, diagnostics_list, failure=None, cacheable=True, summaries=None):
        self.diagnostics = diagnostics_list
        self.failure = failure
        self.cacheable = cacheable
        self.cached = False
        self.seconds = 0.0
        # The TU's summaries (crosstu.py), when the pass writes them.
        self.summaries = summaries

    def to_json(self):
        data = {"diagnostics": [d.to_json() for d in self.diagnostics], "failure": self.failure}
        if self.summaries is not None:
            data["summaries"] = self.summaries
        return data

    @staticmethod
    def from_json(data):
        return TUResult([diagnostics.Diagnostic.from_json(d) for d in data["diagnostics"]],
                        data["failure"], summaries=data.get("summaries"))


class Pass:
    def __init__(self, name, job, key, label=None):
        self.name = name
        self.job = job
        self.key = key
        # What the progress calls it (the cache keys name the job).
        self.label = label or name


class TidyArguments:
    """The clang-tidy options of a run, as given by the user (or run-coroguard's defaults)."""

    def __init__(self, checks, config_file, extra_args, extra_args_before, header_filter,
                 exclude_header_filter):
        self.checks = checks
        self.config_file = config_file
        self.extra_args = extra_args
        self.extra_args_before = extra_args_before
        self.header_filter = header_filter
        self.exclude_header_filter = exclude_header_filter

    def options(self):
        options = ["--use-color=false"]
        if self.checks is not None:
            options.append("--checks=" + self.checks)
        if self.config_file is not None:
            options.append("--config-file=" + self.config_file)
        if self.header_filter is not None:
            options.append("--header-filter=" + self.header_filter)
        if self.exclude_header_filter is not None:
            options.append("--exclude-header-filter=" + self.exclude_header_filter)
        options += ["--extra-arg-before=" + a for a in self.extra_args_before]
        options += ["--extra-arg=" + a for a in self.extra_args]
        return options


def _first_error(found, stderr, returncode):
    for diagnostic in found:
        if diagnostics.is_compiler_error(diagnostic):
            where = "%s:%d:%d: " % (diagnostic.path, diagnostic.line, diagnostic.column) \
                if diagnostic.path else ""
            return where + "error: " + diagnostic.message
    if returncode < 0:
        return "clang-tidy crashed (signal %d)" % -returncode
    if returncode != 0 and not any(d.level == "error" for d in found):
        lines = [l for l in stderr.splitlines() if l.strip()]
        return "clang-tidy exited with status %d%s" % (returncode, ": " + lines[0] if lines else "")
    return None


def _run_tidy(toolchain, build_dir, arguments, tu, environment):
    command = toolchain.tidy_command(*arguments.options(), "-p", build_dir, "--quiet", tu.path)
    process = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             encoding="utf-8", errors="replace",
                             env=dict(os.environ, **environment))
    found = diagnostics.parse(process.stdout)
    # clang-tidy names files as the compile command does, relative to its directory.
    diagnostics.make_paths_absolute(found, tu.commands[0].directory)
    failure = _first_error(found, process.stderr, process.returncode)
    return TUResult(found, failure, cacheable=process.returncode >= 0)


def check_job(toolchain, build_dir, arguments, summaries_of=None):
    """The job of the check pass: clang-tidy with the plugin on the TU's file. It reads no
    summaries (whatever SummaryFile the configuration names), or those `summaries_of(tu)`
    names (the second pass)."""
    def run(tu):
        summary_file = summaries_of(tu) if summaries_of else ""
        return _run_tidy(toolchain, build_dir, arguments, tu,
                         {"COROGUARD_SUMMARY_FILE": summary_file})
    return run


def summarizing_check_job(toolchain, build_dir, arguments):
    """The check pass that also writes the TU's summaries (the first pass of a cross-TU run)."""
    def run(tu):
        with tempfile.TemporaryDirectory(prefix="run-coroguard-") as scratch:
            output = os.path.join(scratch, "summary.jsonl")
            result = _run_tidy(toolchain, build_dir, arguments, tu,
                               {"COROGUARD_SUMMARY_FILE": "", "COROGUARD_SUMMARY_OUTPUT": output})
            try:
                result.summaries = crosstu.read_lines(output)
            except ValueError as error:
                result.summaries = []
                result.cacheable = False
                if not result.failure:
                    result.failure = "the plugin wrote a malformed summary (%s)" % error
        return result
    return run


def check_key(toolchain, arguments, hashes):
    """The cache key of the check pass (see cache.py for why each input is there)."""
    def key(tu):
        result = cache.CacheKey()
        result.add("clang-tidy", toolchain.clang_tidy_build_id)
        result.add("plugin", toolchain.plugin_build_id)
        result.add("options", arguments.options())
        result.add("configuration", cache.configuration_files(tu.path, arguments.config_file,
                                                              hashes))
        for command in tu.commands:
            digest = cache.preprocessed_digest(toolchain.clang, command,
                                               arguments.extra_args_before,
                                               arguments.extra_args, hashes)
            if digest is None:
                return None
            result.add("command", [command.directory, command.arguments, command.file])
            result.add("preprocessed", digest)
        return result
    return key


def run_pass(analysis_pass, tus, jobs, result_cache, progress):
    """Results in TU order. Without a cache the key is never computed (it costs a
    preprocessing run)."""
    def one(tu):
        started = time.monotonic()
        digest = None
        if result_cache is not None:
            key = analysis_pass.key(tu)
            digest = key.add("pass", analysis_pass.name).digest() if key is not None else None
            if digest is not None:
                entry = result_cache.load(digest)
                if entry is not None:
                    result = TUResult.from_json(entry)
                    result.cached = True
                    result.seconds = time.monotonic() - started
                    return result
        result = analysis_pass.job(tu)
        if digest is not None and result.cacheable:
            result_cache.store(digest, result.to_json())
        result.seconds = time.monotonic() - started
        return result

    results = [None] * len(tus)
    progress.start(analysis_pass.label, len(tus))
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(one, tu): index for index, tu in enumerate(tus)}
        for future in concurrent.futures.as_completed(futures):
            index = futures[future]
            results[index] = future.result()
            progress.advance(tus[index], results[index])
    progress.finish()
    return results
