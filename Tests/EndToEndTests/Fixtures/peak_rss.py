#!/usr/bin/env python3
"""Runs a command and writes its peak resident memory, in KiB, to a file.

    peak_rss.py OUT_FILE COMMAND [ARGUMENT...]

Exits with the command's exit code (128 + N when signal N ended it). Used as a test launcher
to show that termscale refuses hostile input without holding it in memory.
"""
import os
import resource
import sys

out, command = sys.argv[1], sys.argv[2:]
pid = os.fork()
if pid == 0:
    os.execv(command[0], command)
_, status = os.waitpid(pid, 0)
with open(out, "w") as f:
    f.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
