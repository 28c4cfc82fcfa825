#!/usr/bin/env bash
# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
# Writes today's envelope schema (all named types inlined) as the newest released version.
# Before the first release lands this rewrites history/event-v1.avsc; after a release, pass
# the next version number (e.g. `update-history.sh 2`) so every released version stays readable.
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-1}"
mvn -B -q -pl schemas -am install -DskipTests
mvn -B -q -pl schemas dependency:build-classpath -Dmdep.outputFile="$PWD/schemas/target/schemas.cp" >/dev/null
cp="$(cat schemas/target/schemas.cp):schemas/target/classes"
out="schemas/src/main/avro/history/event-v${version}.avsc"
java -cp "$cp" schemas/src/test/java/dev/pyrometer/codec/WriteSchema.java "$out"
echo "wrote $out"
