# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""`python -m unittest`, with the time each test class took (its setUpClass and the tearDownClass
before it included) printed at the end, slowest first: the suite has a budget (30 minutes for the
whole CI run), and this is where to look when it is over.

    python timed.py discover -v -s . -p 'test_*.py'
    python timed.py -v test_diagnosis
"""

import sys
import time
import unittest


class TimedResult(unittest.TextTestResult):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mark = time.monotonic()
        self.seconds = {}

    def stopTest(self, test):
        super().stopTest(test)
        now = time.monotonic()
        # A class's setUpClass runs after the previous class's last test and before its own first.
        name = "%s.%s" % (type(test).__module__, type(test).__qualname__)
        self.seconds[name] = self.seconds.get(name, 0.0) + now - self.mark
        self.mark = now


def main(argv):
    started = time.monotonic()
    runner = unittest.TextTestRunner(resultclass=TimedResult, verbosity=2)
    program = unittest.main(module=None, argv=["timed.py"] + argv, testRunner=runner, exit=False)
    result = program.result
    total = time.monotonic() - started
    print("\ntime per test class, slowest first (%.0f s in all):" % total, file=sys.stderr)
    for name, seconds in sorted(result.seconds.items(), key=lambda kv: -kv[1]):
        print("  %7.1f s  %s" % (seconds, name), file=sys.stderr)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
