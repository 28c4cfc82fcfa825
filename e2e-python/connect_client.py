# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""The Spark Connect client of test_connect.py: two sessions of two users on one Connect server,
each running its own queries, one of them failing in a task. Writes what it did as JSON.

    python connect_client.py --remote sc://127.0.0.1:PORT --result-json PATH

Runs in the Connect environment (bin/setup-python connect): no JVM on this side.
"""

import argparse
import json

from pyspark.sql import SparkSession


def session(remote, user):
    return SparkSession.builder.remote("%s/;user_id=%s" % (remote, user)).create()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--remote", required=True)
    p.add_argument("--result-json", required=True)
    args = p.parse_args()
    alice = session(args.remote, "alice")
    bob = session(args.remote, "bob")
    out = {"alice": {"session": alice.session_id, "results": {}}, "bob": {"session": bob.session_id, "results": {}}}
    out["alice"]["results"]["sum"] = alice.range(0, 200000, 1, 4).selectExpr("sum(id) AS s").collect()[0]["s"]
    out["bob"]["results"]["count"] = bob.range(0, 100000, 1, 3).selectExpr("count(*) AS n").collect()[0]["n"]
    rows = alice.range(0, 50000, 1, 4).selectExpr("id % 7 AS k").groupBy("k").count().collect()
    out["alice"]["results"]["groups"] = len(rows)
    # The statement carries a credential: the stored statement text must not.
    out["alice"]["results"]["secret"] = alice.sql("SELECT 'password=hunter2' AS note").collect()[0]["note"]
    try:
        bob.range(0, 10, 1, 2).selectExpr("raise_error(concat('connect-boom-', id)) AS x").collect()
        out["bob"]["failed"] = None
    except Exception as e:  # the server's error, as the client sees it
        out["bob"]["failed"] = str(e)[:2000]
    alice.stop()
    bob.stop()
    with open(args.result_json, "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
