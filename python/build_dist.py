# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""Builds the `pyrometer` Python package into ROOT/dist: a wheel and an sdist carrying the
listener, agent and collector jars (from the Maven build) and the demo application.

It first checks each jar's shading: the in-cluster jars hold no class outside dev.pyrometer (a
dependency that escaped relocation would meet the job's own copy), no class both relocated and
not, and each bundled library once (two lz4 codecs once came from Spark's org.lz4 and Kafka's
at.yawk.lz4, which Maven does not see as the same artifact).

The package source is copied into python/target/stage with those files added, so the checkout's
python/pyrometer never holds build output (jar_path() there resolves to each module's target/).
Run by bin/build-python, which provides the `build` front end; the Maven build calls it in the
`package` phase of the python module.
"""

import glob
import os
import shutil
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

from pyrometer import __version__, jars  # noqa: E402  (this folder's package, not an installed one)


def fail(message):
    sys.stderr.write("build-python: %s\n" % message)
    sys.exit(1)


SHADED = "dev/pyrometer/shaded/"
# A class of each library the jars carry: found twice, the library is in the jar twice.
ONE_COPY = ("net/jpountz/lz4/LZ4Factory.class", "org/apache/kafka/clients/producer/KafkaProducer.class",
            "org/apache/avro/Schema.class", "com/fasterxml/jackson/databind/ObjectMapper.class",
            "org/slf4j/LoggerFactory.class", "net/bytebuddy/ByteBuddy.class")
# The in-cluster jars relocate everything; the collector runs in its own JVM and does not.
RELOCATED = ("listener", "agent")


def shading_problems(name, jar):
    """What is wrong with the shading of one built jar, as lines (none when it is right)."""
    with zipfile.ZipFile(jar) as z:
        classes = [n for n in z.namelist() if n.endswith(".class") and not n.startswith("META-INF/")]
    problems = []
    if name in RELOCATED:
        loose = sorted({"/".join(n.split("/")[:3]) for n in classes if not n.startswith("dev/pyrometer/")})
        if loose:
            problems.append("classes outside dev/pyrometer (not relocated): " + ", ".join(loose[:10]))
    both = sorted(set(n[len(SHADED):] for n in classes if n.startswith(SHADED)) & set(classes))
    if both:
        problems.append("classes both relocated and not: " + ", ".join(both[:5]))
    for marker in ONE_COPY:
        copies = [n for n in classes if n == marker or n.endswith("/" + marker)]
        if len(copies) > 1:
            problems.append("%d copies of %s: %s" % (len(copies), marker, ", ".join(copies)))
    if not any(n.endswith("net/jpountz/lz4/LZ4Factory.class") for n in classes):
        problems.append("no lz4 codec (Kafka's compression.type=lz4 would fail)")
    return problems


def stage_tree(stage):
    shutil.rmtree(stage, ignore_errors=True)
    shutil.copytree(os.path.join(HERE, "pyrometer"), os.path.join(stage, "pyrometer"),
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "share"))
    for name in ("pyproject.toml", "MANIFEST.in", "README.md"):
        shutil.copy(os.path.join(HERE, name), stage)
    for name in ("LICENSE", "NOTICE"):
        shutil.copy(os.path.join(ROOT, name), stage)
    share = os.path.join(stage, "pyrometer", "share")
    os.makedirs(os.path.join(share, "jars"))
    copied = []
    for name in jars.ARTIFACTS:
        jar = jars.build_output(name, ROOT)
        if not jars.holds(jar, jars.ARTIFACTS[name].marker):
            fail("%s is missing or incomplete: build it first (mvn -B -ntp -pl %s -am package -DskipTests)"
                 % (jar, jars.ARTIFACTS[name].module))
        problems = shading_problems(name, jar)
        if problems:
            fail("%s:\n  %s" % (jar, "\n  ".join(problems)))
        shutil.copy(jar, os.path.join(share, "jars"))
        copied.append(os.path.basename(jar))
    shutil.copy(os.path.join(ROOT, "demo", "app.py"), os.path.join(share, "demo_app.py"))
    return copied


def check_wheel(wheel, copied):
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
    missing = [j for j in copied if "pyrometer/share/jars/" + j not in names]
    missing += [n for n in ("pyrometer/share/demo_app.py", "pyrometer/cli.py") if n not in names]
    if missing:
        fail("%s lacks %s" % (wheel, ", ".join(missing)))


def main():
    maven = jars.maven_version(ROOT)
    if jars.python_version(maven) != __version__:
        fail("pyrometer.__version__ is %s but pom.xml says %s (want %s): change both together"
             % (__version__, maven, jars.python_version(maven)))
    stage = os.path.join(HERE, "target", "stage")
    copied = stage_tree(stage)
    dist = os.path.join(ROOT, "dist")
    os.makedirs(dist, exist_ok=True)
    for old in glob.glob(os.path.join(dist, "pyrometer-*")):
        os.remove(old)
    done = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, stage],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout)
        fail("python -m build failed (its output above)")
    wheel = os.path.join(dist, "pyrometer-%s-py3-none-any.whl" % __version__)
    sdist = os.path.join(dist, "pyrometer-%s.tar.gz" % __version__)
    for path in (wheel, sdist):
        if not os.path.isfile(path):
            fail("the build wrote no " + path)
    check_wheel(wheel, copied)
    for path in (wheel, sdist):
        print("%s (%.1f MB)" % (os.path.relpath(path, ROOT), os.path.getsize(path) / 1e6))


if __name__ == "__main__":
    main()
