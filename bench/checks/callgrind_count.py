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
import os
import re
import statistics
import subprocess
import tempfile

# The unused define: at each layout 16 characters longer, the size of a malloc chunk step.
LAYOUT_DEFINE = "-DCOROGUARD_BENCH_LAYOUT="


def layout_flags(layout):
    """The compiler flag that gives a command its heap layout number `layout` (0, 1, ...)."""
    return [LAYOUT_DEFINE + "x" * (1 + 16 * layout)]


def run_once(command, environment=None, within=(), profile="/dev/null"):
    """The instructions callgrind counts for `command`, with its output, or None if the run
    failed. With `within` (function name patterns), only those run inside the functions
    named. The profile goes to the file `profile`."""
    toggles = ["--toggle-collect=" + pattern for pattern in within]
    result = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + profile]
                            + toggles + command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            universal_newlines=True, env=environment)
    found = re.search(r"Collected : (\d+)", result.stderr)
    return (int(found.group(1)) if found else None), result


def inclusive_instructions(profile, functions):
    """The instructions a callgrind output file `profile` counts inside the functions whose
    names start with one of `functions`: their own and those of everything they call (but a
    call of a function to itself, whose cost its own lines already hold). The functions must
    not call one another."""
    names = {}  # compressed name id -> name
    def name_of(value):
        found = re.match(r"\((\d+)\)(?: (.*))?", value)
        if not found:
            return value
        if found.group(2) is not None:
            names[found.group(1)] = found.group(2)
        return names[found.group(1)]
    total = 0
    inside = False
    function = callee = None
    # After a calls= line, whether its cost line (the call's) is counted; None on own lines.
    counted_call = None
    with open(profile) as lines:
        for line in lines:
            if line[0].isdigit() or line[0] in "+-*":
                if inside and counted_call is not False:
                    fields = line.split()
                    if len(fields) > 1:
                        total += int(fields[1])
                counted_call = None
                continue
            key, _, value = line.rstrip("\n").partition("=")
            if key == "fn":
                function = name_of(value)
                inside = function.startswith(tuple(functions))
                counted_call = None
            elif key == "cfn":
                callee = name_of(value)
            elif key == "calls":
                counted_call = callee != function
    return total


def profile_once(command, functions, environment=None):
    """Like run_once, and also the instructions run inside `functions`
    (inclusive_instructions; 0 for none): (count, inside, result), the counts None if the
    run failed."""
    if not functions:
        count, result = run_once(command, environment)
        return count, 0, result
    with tempfile.TemporaryDirectory(prefix="coroguard-callgrind-") as scratch:
        profile = os.path.join(scratch, "callgrind.out")
        count, result = run_once(command, environment, profile=profile)
        if count is None or not os.path.isfile(profile):
            return None, None, result
        return count, inclusive_instructions(profile, functions), result


def median_instructions(command, layouts, environment=None, on_failure=None):
    """The median over `layouts` heap layouts of the instructions `command` (a clang-tidy
    command line ending in its compiler flags) runs. `on_failure(result)` is called for a
    run that failed; it must not return."""
    return median_profile(command, layouts, (), environment, on_failure)[0]


def median_profile(command, layouts, functions, environment=None, on_failure=None):
    """Like median_instructions, and also the median over the same runs of the instructions
    run inside `functions` (inclusive_instructions): (count, inside)."""
    counts, insides = [], []
    for layout in range(layouts):
        count, inside, result = profile_once(command + layout_flags(layout), functions,
                                             environment)
        if count is None or "error:" in result.stdout:
            on_failure(result)
        counts.append(count)
        insides.append(inside)
    return statistics.median(counts), statistics.median(insides)
