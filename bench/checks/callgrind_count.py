"""Instruction counts of one command under callgrind, over several heap layouts.

callgrind counts the same instructions for the same run, but not for the same work laid out
differently in memory: clang's pointer-keyed hash tables (the attributes of each declaration
are looked up in one) probe more or less depending on where the allocator puts the AST. A
define a few bytes longer on the command line moves it: on the dense TU with 2,000 coroutines
the baseline clang-tidy run then counts anywhere between 5,748M and 5,944M instructions, and
coroguard-* 6,293M to 6,526M (nine layouts of one build), so one run per configuration can be
off by 4%. Each configuration is therefore run once per layout, with an unused define of a
different length, and its median is taken.
"""
import re
import statistics
import subprocess

# The unused define: at each layout 16 characters longer, the size of a malloc chunk step.
LAYOUT_DEFINE = "-DCOROGUARD_BENCH_LAYOUT="


def layout_flags(layout):
    """The compiler flag that gives a command its heap layout number `layout` (0, 1, ...)."""
    return [LAYOUT_DEFINE + "x" * (1 + 16 * layout)]


def run_once(command, environment=None, within=()):
    """The instructions callgrind counts for `command`, with its output, or None if the run
    failed. With `within` (function name patterns), only those run inside the functions
    named."""
    toggles = ["--toggle-collect=" + pattern for pattern in within]
    result = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
                            + toggles + command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            universal_newlines=True, env=environment)
    found = re.search(r"Collected : (\d+)", result.stderr)
    return (int(found.group(1)) if found else None), result


def median_instructions(command, layouts, environment=None, on_failure=None):
    """The median over `layouts` heap layouts of the instructions `command` (a clang-tidy
    command line ending in its compiler flags) runs. `on_failure(result)` is called for a
    run that failed; it must not return."""
    counts = []
    for layout in range(layouts):
        count, result = run_once(command + layout_flags(layout), environment)
        if count is None or "error:" in result.stdout:
            on_failure(result)
        counts.append(count)
    return statistics.median(counts)
