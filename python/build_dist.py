# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""Builds the `pyrometer` Python package into ROOT/dist: a wheel and an sdist carrying the
listener, agent and collector jars (from the Maven build) and the demo application.

It first checks each jar's shading: the in-cluster jars hold no class outside dev.pyrometer (a
dependency that escaped relocation would meet the job's own copy), no class both relocated and
not, and each bundled library once (two lz4 codecs once came from Spark's org.lz4 and Kafka's
at.yawk.lz4, which Maven does not see as the same artifact). The in-cluster jars hold no class
file newer than Java 8's (major version 52): the listener, the agent and its Spark plugin are
compiled with --release 8 and what they shade must run there too. And each jar carries
Pyrometer's LICENSE and NOTICE as META-INF/LICENSE and META-INF/NOTICE, the shaded code's notices
merged into that NOTICE or kept under META-INF/licenses/, and no other project's LICENSE or NOTICE
where a reader would take it for the jar's own (licence_problems).

The package source is copied into python/target/stage with those files added, so the checkout's
python/pyrometer never holds build output (jar_path() there resolves to each module's target/).
Run by bin/build-python, which provides the `build` front end; the Maven build calls it in the
`package` phase of the python module.
"""

import glob
import os
import re
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
ONE_COPY = (
    "net/jpountz/lz4/LZ4Factory.class",
    "org/apache/kafka/clients/producer/KafkaProducer.class",
    "org/apache/avro/Schema.class",
    "com/fasterxml/jackson/databind/ObjectMapper.class",
    "org/slf4j/LoggerFactory.class",
    "net/bytebuddy/ByteBuddy.class",
)
# The in-cluster jars relocate everything; the collector runs in its own JVM and does not.
RELOCATED = ("listener", "agent")
# The in-cluster jars run on Java 8 (class file major version 52); the collector needs Java 17.
JAVA8_CLASS_VERSION = 52
# The third-party notices each jar must carry beside Pyrometer's: (entry, text it holds). The
# notices with a META-INF/NOTICE are merged into the jar's; Kafka's and Scala's (at their jars'
# root) and the PostgreSQL driver's BSD licence are kept under META-INF/licenses/, with the MIT and
# BSD texts of libraries whose jars carry none (licenses/ at the repository's root).
THIRD_PARTY_NOTICES = {
    "listener": (
        ("META-INF/NOTICE", "Apache Avro"),
        ("META-INF/NOTICE", "Jackson JSON processor"),
        ("META-INF/licenses/kafka-clients/NOTICE", "Apache Kafka"),
        ("META-INF/licenses/kafka-clients/LICENSE", "Apache License"),
        ("META-INF/licenses/slf4j-MIT.txt", "QOS.ch"),
    ),
    "agent": (
        ("META-INF/NOTICE", "Apache Avro"),
        ("META-INF/NOTICE", "Jackson JSON processor"),
        ("META-INF/NOTICE", "Rafael Winterhalter"),
        ("META-INF/licenses/ASM", "INRIA"),
        ("META-INF/licenses/kafka-clients/NOTICE", "Apache Kafka"),
        ("META-INF/licenses/kafka-clients/LICENSE", "Apache License"),
        ("META-INF/licenses/slf4j-MIT.txt", "QOS.ch"),
    ),
    "collector": (
        ("META-INF/NOTICE", "Apache Avro"),
        ("META-INF/NOTICE", "Apache Commons"),
        ("META-INF/licenses/kafka-clients/NOTICE", "Apache Kafka"),
        ("META-INF/licenses/scala-library/NOTICE", "Scala"),
        ("META-INF/licenses/postgresql/META-INF/LICENSE", "PostgreSQL Global Development Group"),
        ("META-INF/licenses/slf4j-MIT.txt", "QOS.ch"),
        ("META-INF/licenses/duckdb-MIT.txt", "Stichting DuckDB Foundation"),
        ("META-INF/licenses/argparse4j-MIT.txt", "Tatsuhiro Tsujikawa"),
        ("META-INF/licenses/jopt-simple-MIT.txt", "Paul R. Holser"),
        ("META-INF/licenses/paranamer-BSD-3-Clause.txt", "Paul Hammant"),
    ),
}
# Licence files that would stand beside (or for) the jar's own: at its root, or a second
# META-INF/LICENSE or NOTICE under another extension.
STRAY_LICENCE = re.compile(r"^(?:META-INF/)?(?:LICEN[CS]E|NOTICE)(?:[.-][^/]*)?$|^META-INF/DEPENDENCIES$", re.I)


def shading_problems(name, jar):
    """What is wrong with the shading of one built jar, as lines (none when it is right)."""
    with zipfile.ZipFile(jar) as z:
        classes = [n for n in z.namelist() if n.endswith(".class") and not n.startswith("META-INF/")]
    problems = []
    if name in RELOCATED:
        loose = sorted({"/".join(n.split("/")[:3]) for n in classes if not n.startswith("dev/pyrometer/")})
        if loose:
            problems.append("classes outside dev/pyrometer (not relocated): " + ", ".join(loose[:10]))
    both = sorted(set(n[len(SHADED) :] for n in classes if n.startswith(SHADED)) & set(classes))
    if both:
        problems.append("classes both relocated and not: " + ", ".join(both[:5]))
    for marker in ONE_COPY:
        copies = [n for n in classes if n == marker or n.endswith("/" + marker)]
        if len(copies) > 1:
            problems.append("%d copies of %s: %s" % (len(copies), marker, ", ".join(copies)))
    if not any(n.endswith("net/jpountz/lz4/LZ4Factory.class") for n in classes):
        problems.append("no lz4 codec (Kafka's compression.type=lz4 would fail)")
    if name in RELOCATED:
        newer = class_files_newer_than(jar, JAVA8_CLASS_VERSION)
        if newer:
            problems.append(
                "%d class files newer than Java 8 (major version > %d), e.g. %s"
                % (len(newer), JAVA8_CLASS_VERSION, ", ".join("%s (%d)" % nv for nv in newer[:3]))
            )
    return problems


def class_files_newer_than(jar, major):
    """[(class file, its major version)] for each class file in jar whose version exceeds major."""
    newer = []
    with zipfile.ZipFile(jar) as z:
        for n in z.namelist():
            if n.endswith(".class"):
                with z.open(n) as f:
                    head = f.read(8)
                if len(head) < 8 or head[:4] != b"\xca\xfe\xba\xbe":
                    newer.append((n, -1))
                elif int.from_bytes(head[6:8], "big") > major:
                    newer.append((n, int.from_bytes(head[6:8], "big")))
    return newer


def notice_paragraphs(text):
    return [p.strip("\n") for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]


def licence_problems(name, jar, root=ROOT):
    """What is wrong with the licence files of one built jar, as lines (none when they are right)."""
    problems = []
    with zipfile.ZipFile(jar) as z:
        names = set(z.namelist())

        def text(entry):
            return z.read(entry).decode("utf-8", "replace") if entry in names else None

        with open(os.path.join(root, "LICENSE"), encoding="utf-8") as f:
            if text("META-INF/LICENSE") != f.read():
                problems.append("META-INF/LICENSE is missing or is not Pyrometer's LICENSE")
        notice = text("META-INF/NOTICE")
        if notice is None:
            problems.append("no META-INF/NOTICE")
        else:
            with open(os.path.join(root, "NOTICE"), encoding="utf-8") as f:
                ours = notice_paragraphs(f.read())
            theirs = notice_paragraphs(notice)
            if not theirs or theirs[0] != ours[0]:
                problems.append("META-INF/NOTICE does not begin with Pyrometer's (%r)" % ours[0])
            missing = [p for p in ours if p not in theirs]
            if missing:
                problems.append(
                    "META-INF/NOTICE lacks %d paragraphs of Pyrometer's NOTICE, e.g. %r" % (len(missing), missing[0][:80])
                )
        for entry, marker in THIRD_PARTY_NOTICES.get(name, ()):
            content = text(entry)
            if content is None or marker not in content:
                problems.append(
                    "%s lacks %s's notice" % (entry, marker) if content is not None else "no %s (%s)" % (entry, marker)
                )
        stray = sorted(n for n in names if STRAY_LICENCE.match(n) and n not in ("META-INF/LICENSE", "META-INF/NOTICE"))
        if stray:
            problems.append("licence files that are not the jar's own: " + ", ".join(stray))
    return problems


def stage_tree(stage):
    shutil.rmtree(stage, ignore_errors=True)
    shutil.copytree(
        os.path.join(HERE, "pyrometer"),
        os.path.join(stage, "pyrometer"),
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "share"),
    )
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
            fail(
                "%s is missing or incomplete: build it first (mvn -B -ntp -pl %s -am package -DskipTests)"
                % (jar, jars.ARTIFACTS[name].module)
            )
        problems = shading_problems(name, jar) + licence_problems(name, jar)
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
        fail(
            "pyrometer.__version__ is %s but pom.xml says %s (want %s): change both together"
            % (__version__, maven, jars.python_version(maven))
        )
    stage = os.path.join(HERE, "target", "stage")
    copied = stage_tree(stage)
    dist = os.path.join(ROOT, "dist")
    os.makedirs(dist, exist_ok=True)
    for old in glob.glob(os.path.join(dist, "pyrometer-*")):
        os.remove(old)
    done = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, stage],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
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
