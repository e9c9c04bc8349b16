"""run-coroguard's command line: what a run does, start to end, and its exit status."""
import argparse
import collections
import os
import subprocess
import sys
import tempfile

from . import analysis
from . import cache
from . import crosstu
from . import database
from . import findings
from . import identity
from . import includes
from . import report
from . import rules
from . import sarif
from . import toolchain as toolchain_module
from .errors import InputError

DEFAULT_CHECKS = "-*,coroguard-*"

USAGE = """run-coroguard -p BUILD_DIR [options] [FILE_REGEX...]
       run-coroguard -p BUILD_DIR --files [options] FILE...
       run-coroguard --merge-sarif OUT IN... [--fail-on warning|never]"""

DESCRIPTION = """Runs coroguard's checks (clang-tidy 22 with the coroguard plugin) over every
translation unit of BUILD_DIR/compile_commands.json, or those whose path a FILE_REGEX matches.
Prints each finding once with its notes, then a table by check. Exit status: 0 nothing (new)
found, 1 findings (or a TU that does not compile), 2 usage or input error."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise InputError("%s (see run-coroguard --help)" % message)


def _positive(text):
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError("-j wants a positive number, not '%s'" % text)
    return value


def _parser():
    parser = _Parser(prog="run-coroguard", usage=USAGE, description=DESCRIPTION)
    add = parser.add_argument
    add("-p", dest="build_dir", metavar="BUILD_DIR",
        help="the build directory holding compile_commands.json")
    add("positional", nargs="*", metavar="FILE_REGEX",
        help="analyse only the TUs whose absolute path matches one of these (with --files: "
             "these files' TUs)")
    add("-j", dest="jobs", type=_positive, default=len(os.sched_getaffinity(0)),
        metavar="N", help="TUs analysed at once (default: all cores, %(default)s here)")
    tidy = parser.add_argument_group("clang-tidy options, passed through")
    tidy.add_argument("--checks", "-checks", metavar="GLOBS",
                      help="checks to run (default: %s; --checks= keeps exactly the "
                           "configuration's Checks)" % DEFAULT_CHECKS)
    tidy.add_argument("--config-file", "-config-file", metavar="FILE",
                      help="the clang-tidy configuration to use instead of .clang-tidy files")
    tidy.add_argument("--extra-arg", "-extra-arg", action="append", default=[], metavar="ARG",
                      help="argument appended to each compile command (repeatable)")
    tidy.add_argument("--extra-arg-before", "-extra-arg-before", action="append", default=[],
                      metavar="ARG", help="argument prepended to each compile command")
    tidy.add_argument("--header-filter", "-header-filter", metavar="REGEX",
                      help="headers to report findings from (default: the configuration's, "
                           "or every non-system header)")
    tidy.add_argument("--exclude-header-filter", "-exclude-header-filter", metavar="REGEX",
                      help="headers not to report findings from")
    ci = parser.add_argument_group("CI")
    ci.add_argument("--sarif", metavar="FILE", help="also write the findings as SARIF 2.1.0")
    ci.add_argument("--write-baseline", metavar="FILE",
                    help="record today's findings, to be accepted later with --baseline")
    ci.add_argument("--baseline", metavar="FILE",
                    help="report only findings that are not in this baseline")
    ci.add_argument("--shard", metavar="I/N",
                    help="analyse shard I of N (a deterministic 1/N of the TUs)")
    ci.add_argument("--merge-sarif", nargs="+", metavar=("OUT", "IN"),
                    help="merge the SARIF logs IN... of the shards into OUT, and exit")
    ci.add_argument("--cache-dir", metavar="DIR",
                    help="reuse results of unchanged TUs from DIR (created if missing)")
    ci.add_argument("--no-cross-tu", action="store_true",
                    help="analyse each TU on its own: no chains into functions defined in "
                         "other TUs (and no first pass writing their summaries)")
    ci.add_argument("--fail-on", choices=["warning", "never"], default="warning",
                    help="exit 1 on findings and TUs that do not compile (warning, the "
                         "default), or never")
    ci.add_argument("--files", action="store_true",
                    help="the arguments are files, not regexes: analyse their TUs (for a "
                         "header, every TU that includes it); for pre-commit hooks")
    ci.add_argument("--source-root", metavar="DIR",
                    help="paths in SARIF and baselines are relative to DIR (default: the git "
                         "work tree, else the current directory)")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    return parser


def _default_source_root():
    try:
        result = subprocess.run(["git", "rev-parse", "--show-toplevel"], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, universal_newlines=True)
        if result.returncode == 0 and result.stdout.strip():
            return result.stdout.strip()
    except OSError:
        pass
    return os.getcwd()


def _enabled_checks(toolchain, arguments, build_dir, tus):
    """The checks the run enables (its SARIF rules); a configuration clang-tidy rejects
    stops the run here, before any TU is analysed."""
    command = toolchain.tidy_command(*arguments.options(), "--list-checks")
    if tus:
        command += ["-p", build_dir, tus[0].path]
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            encoding="utf-8", errors="replace")
    problem = [l for l in result.stderr.splitlines() if l.strip()]
    names = rules.enabled_checks(result.stdout)
    nothing_enabled = not names and (result.returncode == 0 or problem and
                                     "no checks enabled" in problem[0].lower())
    if nothing_enabled:
        raise InputError("no checks enabled (--checks=%s)" % (arguments.checks or ""))
    if result.returncode != 0:
        raise InputError("clang-tidy rejects the configuration: %s"
                         % (problem[0] if problem else "exit status %d" % result.returncode))
    return names


def _select(options, tus):
    if options.files:
        selected, strays = includes.tus_of_files(tus, options.positional)
        for stray in strays:
            sys.stderr.write("run-coroguard: %s belongs to no translation unit of the compile "
                             "database; skipped\n" % stray)
        tus = selected
    elif options.positional:
        tus = database.matching(tus, options.positional)
    if options.shard:
        tus = database.shard(tus, *database.parse_shard(options.shard))
    return tus


def _check_output(option, path):
    """An output's directory must exist before the run, not only when the file is written."""
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise InputError("%s %s: directory '%s' does not exist" % (option, path, directory))


def _merge(options):
    if len(options.merge_sarif) < 2:
        raise InputError("--merge-sarif wants an output file and at least one input file")
    output, inputs = options.merge_sarif[0], options.merge_sarif[1:]
    _check_output("--merge-sarif", output)
    log = sarif.merge(inputs)
    sarif.write(output, log)
    run = log["runs"][0]
    names = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    results = run["results"]
    new = collections.Counter(r["ruleId"] for r in results if r.get("baselineState") != "unchanged")
    known = collections.Counter(r["ruleId"] for r in results if r.get("baselineState") == "unchanged")
    with_baseline = any("baselineState" in r for r in results)
    failed = len(run["invocations"][0].get("toolExecutionNotifications", []))
    report.print_summary(names, new, known, with_baseline, failed, sys.stdout)
    return 1 if options.fail_on == "warning" and (sum(new.values()) or failed) else 0


def _cross_tu(toolchain, build_dir, arguments, hashes, every_tu, tus, options, result_cache):
    """The checks, writing summaries, then again on the TUs that call into another TU's
    functions that lead to a hit (crosstu.py)."""
    merged_path = crosstu.check_merged_output(build_dir)
    check_key = analysis.check_key(toolchain, arguments, hashes)

    def first_key(tu):
        key = check_key(tu)
        return key.add("summaries", crosstu.LINE_FORMAT) if key is not None else None
    first = analysis.Pass("checks", analysis.summarizing_check_job(toolchain, build_dir,
                                                                  arguments), first_key)
    results = analysis.run_pass(first, tus, options.jobs, result_cache, report.progress_for())
    # The TUs not analysed in this run (FILE_REGEX, --files, --shard) are known from the
    # summaries of the last run.
    earlier = crosstu.read_merged(merged_path) if len(tus) < len(every_tu) else None
    merged = crosstu.Merged(tus, [result.summaries or [] for result in results], earlier)
    with tempfile.TemporaryDirectory(prefix="run-coroguard-summaries-") as scratch:
        # The second pass reads what the editor reads; in scratch if the build directory
        # is not writable.
        encoded = crosstu.encode(merged.everything())
        try:
            crosstu.write(merged_path, encoded)
            summaries = merged_path
        except OSError as error:
            sys.stderr.write("run-coroguard: cannot write the summaries to '%s': %s\n"
                             % (merged_path, error.strerror))
            summaries = os.path.join(scratch, crosstu.MERGED_NAME)
            crosstu.write(summaries, encoded)
        return _second_pass(toolchain, build_dir, arguments, check_key, tus, options,
                            result_cache, merged, summaries, results)


def _second_pass(toolchain, build_dir, arguments, check_key, tus, options, result_cache,
                 merged, summaries, results):
    """The TUs whose references lead to a hit, again with the summaries; a result's key
    holds the digest of the summaries the TU can reach."""
    used = {}
    for index, tu in enumerate(tus):
        digest = merged.used_by(index)
        if digest is not None:
            used[tu.path] = digest
    again = [tu for tu in tus if tu.path in used]
    if not again:
        return results

    def second_key(tu):
        key = check_key(tu)
        return key.add("summaries used", used[tu.path]) if key is not None else None
    second = analysis.Pass("cross-tu", analysis.check_job(toolchain, build_dir, arguments,
                                                          lambda tu: summaries), second_key)
    for tu, result in zip(again, analysis.run_pass(second, again, options.jobs, result_cache,
                                                   report.progress_for())):
        results[tus.index(tu)] = result
    return results


def _analyse(options, tools_dir):
    if not options.build_dir:
        raise InputError("-p BUILD_DIR is required (see run-coroguard --help)")
    for option, path in (("--sarif", options.sarif), ("--write-baseline", options.write_baseline)):
        if path:
            _check_output(option, path)
    toolchain = toolchain_module.locate(tools_dir)
    build_dir = os.path.abspath(options.build_dir)
    every_tu = database.load(build_dir)
    tus = _select(options, every_tu)
    arguments = analysis.TidyArguments(
        DEFAULT_CHECKS if options.checks is None else options.checks, options.config_file,
        options.extra_arg, options.extra_arg_before, options.header_filter,
        options.exclude_header_filter)
    if options.config_file and not os.path.isfile(options.config_file):
        raise InputError("configuration file '%s' does not exist" % options.config_file)
    enabled = _enabled_checks(toolchain, arguments, build_dir, tus)
    baseline = findings.read_baseline(options.baseline) if options.baseline else None
    result_cache = cache.ResultCache(options.cache_dir) if options.cache_dir else None
    source_root = os.path.abspath(options.source_root or _default_source_root())

    hashes = cache.ContentHashes()
    if options.no_cross_tu:
        checks = analysis.Pass("checks", analysis.check_job(toolchain, build_dir, arguments),
                               analysis.check_key(toolchain, arguments, hashes))
        results = analysis.run_pass(checks, tus, options.jobs, result_cache,
                                    report.progress_for())
    else:
        results = _cross_tu(toolchain, build_dir, arguments, hashes, every_tu, tus, options,
                            result_cache)

    sources = identity.SourceFiles()
    found = findings.collect(results, source_root, sources)
    if baseline is not None:
        findings.apply_baseline(found, baseline)
    if options.write_baseline:
        findings.write_baseline(options.write_baseline, found)
    shown = [f for f in found if f.state != "unchanged"]
    failures = [(findings.relative_to(tu.path, source_root),
                 findings.error_relative_to(result.failure, source_root))
                for tu, result in zip(tus, results) if result.failure]

    out = sys.stdout
    report.print_findings(shown, out)
    report.print_failures(tus, results, out)
    names = enabled + sorted({f.check for f in found} - set(enabled))
    report.print_summary(names, collections.Counter(f.check for f in shown),
                         collections.Counter(f.check for f in found if f.state == "unchanged"),
                         baseline is not None, len(failures), out)
    if options.sarif:
        docs = [os.path.join(tools_dir, "..", "docs", "checks"),
                os.path.join(tools_dir, "..", "share", "doc", "coroguard", "checks")]
        rule_list = [rules.describe(name, toolchain, docs) for name in names]
        sarif.write(options.sarif, sarif.build(toolchain, rule_list, shown, failures,
                                               source_root, sources))
    # Findings just written to a baseline are accepted; a TU that was not analysed never is.
    unaccepted = shown and not options.write_baseline
    return 1 if options.fail_on == "warning" and (unaccepted or failures) else 0


def main(argv, tools_dir):
    # clang-tidy speaks UTF-8 whatever the locale; so do we, rather than fail on a dash.
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(encoding="utf-8", errors="replace")
    try:
        options = _parser().parse_args(argv)
        if options.version:
            toolchain = toolchain_module.locate(tools_dir)
            print("run-coroguard (coroguard %s), plugin %s" % (toolchain.version,
                                                               toolchain.plugin))
            return 0
        if options.merge_sarif:
            return _merge(options)
        return _analyse(options, tools_dir)
    except InputError as error:
        sys.stdout.flush()
        sys.stderr.write("run-coroguard: %s\n" % error)
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("\nrun-coroguard: interrupted\n")
        return 130
