# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""Drives the Py4J IT's Java server with the real py4j client from pip.

usage: py4j_client.py gateway|clientserver PORT N_SMALL BIG_CHARS SLOW_MS N_FAIL
"""

import os
import sys

from py4j.protocol import Py4JJavaError

mode, port, n_small, big_chars, slow_ms, n_fail = sys.argv[1], int(sys.argv[2]), *map(int, sys.argv[3:7])
if mode == "gateway":
    from py4j.java_gateway import GatewayParameters, JavaGateway

    gateway = JavaGateway(gateway_parameters=GatewayParameters(port=port))
else:
    from py4j.clientserver import ClientServer, JavaParameters, PythonParameters

    gateway = ClientServer(
        java_parameters=JavaParameters(port=port), python_parameters=PythonParameters(port=0, eager_load=False)
    )
ep = gateway.entry_point
for _ in range(n_small):
    assert ep.small() == "ok"
big = ep.big(big_chars)
assert len(big) == big_chars, len(big)
del big
ep.slow(slow_ms)
failures = 0
for _ in range(n_fail):
    try:
        ep.fail()
    except Py4JJavaError:
        failures += 1
print("DONE", failures, flush=True)
gateway.close()
os._exit(0)
