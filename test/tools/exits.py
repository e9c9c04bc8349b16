#!/usr/bin/env python3
"""usage: exits.py N COMMAND [ARG...]: runs COMMAND (output passed through) and succeeds only
if it exits with status N — lit's `not` cannot tell 1 (findings) from 2 (bad input)."""
import subprocess
import sys

expected = int(sys.argv[1])
status = subprocess.call(sys.argv[2:])
if status != expected:
    sys.stderr.write("exits.py: %s exited with %d, expected %d\n" % (sys.argv[2], status, expected))
    sys.exit(1)
