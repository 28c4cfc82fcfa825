# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""Imported by every Python interpreter whose PYTHONPATH holds this directory (`pyrometer submit
--python-forensics` puts it on the Python workers' PYTHONPATH via spark.executorEnv.PYTHONPATH).
Arms CPython's faulthandler on SIGUSR2: on that signal the process writes the stacks of all its
threads to $PYROMETER_PY_DUMP_DIR/<pid>.dump (default: <tmp>/pyrometer-pydumps), where the
Pyrometer agent on the executor reads it. PySpark's daemon forks its workers: each child re-arms
with a file of its own pid. Nothing happens until the agent sends the signal; any failure here
leaves the interpreter as it was. Then the next sitecustomize on the path, if any, is imported.
"""


def _pyrometer_arm_dumps():
    import faulthandler
    import os
    import signal
    import tempfile

    directory = os.environ.get("PYROMETER_PY_DUMP_DIR") or os.path.join(tempfile.gettempdir(), "pyrometer-pydumps")
    state = {}

    def arm():
        try:
            old = state.pop("file", None)
            if old is not None:
                old.close()
            os.makedirs(directory, exist_ok=True)
            f = open(os.path.join(directory, "%d.dump" % os.getpid()), "w")
            state["file"] = f
            faulthandler.register(signal.SIGUSR2, file=f, all_threads=True, chain=False)
        except Exception:  # noqa: BLE001 - never break the interpreter that imports this
            pass

    arm()
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=arm)


def _pyrometer_chain():
    # Another sitecustomize later on sys.path (a virtualenv's, a distribution's) still runs.
    import importlib.util
    import os
    import sys

    here = os.path.dirname(os.path.abspath(__file__))
    rest = [p for p in sys.path if p and os.path.abspath(p) != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", rest)
    if spec is not None and spec.loader is not None:
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)


try:
    import signal as _signal

    if hasattr(_signal, "SIGUSR2"):
        _pyrometer_arm_dumps()
    _pyrometer_chain()
except Exception:  # noqa: BLE001
    pass
