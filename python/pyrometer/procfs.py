# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""Linux /proc, read the way the tests and benchmarks need it: a process's parent, command name,
CPU time, start time, command line and RSS, and the tree of processes under one pid.

Every reader returns None (or an empty value) for a process that ended between listing and
reading, which is normal while Spark starts and stops executors and Python workers.
"""

import os

CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


class Stat:
    """The fields of /proc/<pid>/stat (or /proc/<pid>/task/<tid>/stat) that Pyrometer uses."""

    __slots__ = ("comm", "state", "ppid", "cpu_seconds", "start_ticks")

    def __init__(self, comm, state, ppid, cpu_seconds, start_ticks):
        self.comm = comm
        self.state = state
        self.ppid = ppid
        self.cpu_seconds = cpu_seconds
        self.start_ticks = start_ticks


def stat(pid, tid=None):
    """The process's (or one of its threads') Stat, or None when it is gone."""
    path = "/proc/%d/stat" % pid if tid is None else "/proc/%d/task/%d/stat" % (pid, tid)
    try:
        with open(path) as f:
            text = f.read()
        # The command name may hold spaces and parentheses: the fields resume after the last ')'.
        head, _, tail = text.rpartition(")")
        fields = tail.split()
        return Stat(
            head.split("(", 1)[1], fields[0], int(fields[1]), (int(fields[11]) + int(fields[12])) / CLOCK_TICKS, int(fields[19])
        )
    except (OSError, IndexError, ValueError):
        return None


def alive(pid):
    """Whether the process exists and is not a zombie."""
    s = stat(pid)
    return s is not None and s.state != "Z"


def argv(pid):
    """The process's command line as a list, or [] when it is gone (or a kernel thread)."""
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            raw = f.read()
    except OSError:
        return []
    return [part.decode(errors="replace") for part in raw.split(b"\0")[: -1 if raw.endswith(b"\0") else None]]


def cmdline(pid):
    """The command line joined by spaces, or "" when the process is gone."""
    return " ".join(argv(pid))


def rss_kb(pid):
    """Resident set size in KiB (VmRSS), or 0 when the process is gone."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def thread_ids(pid):
    """The ids of the process's threads, or [] when it is gone."""
    try:
        return [int(t) for t in os.listdir("/proc/%d/task" % pid)]
    except OSError:
        return []


def parents():
    """{pid: ppid} for every process visible now."""
    table = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            s = stat(int(name))
            if s is not None:
                table[int(name)] = s.ppid
    return table


def descendants(roots, table=None):
    """Every process under any of roots (the roots themselves left out), from one parents() table."""
    table = parents() if table is None else table
    children = {}
    for pid, ppid in table.items():
        children.setdefault(ppid, []).append(pid)
    found, frontier = set(), list(roots if isinstance(roots, (set, list, tuple)) else [roots])
    while frontier:
        for child in children.get(frontier.pop(), ()):
            if child not in found:
                found.add(child)
                frontier.append(child)
    return found
