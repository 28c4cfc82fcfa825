# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""Where Pyrometer's jars are.

In order: the file the environment names (PYROMETER_LISTENER_JAR, PYROMETER_AGENT_JAR,
PYROMETER_COLLECTOR_JAR), the module's Maven build output when this package runs from a checkout
of the repository (python/pyrometer beside pom.xml), or the copy this installed package carries
(share/jars/, put there by bin/build-python). The Maven version is read from the checkout's
pom.xml, so no jar name is written out anywhere else.
"""

import glob
import os
import xml.etree.ElementTree as ElementTree
import zipfile

PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
PACKAGED_JARS = os.path.join(PACKAGE_DIR, "share", "jars")


class Artifact:
    """One jar: its short name, Maven module, artifactId, override variable and a class it must hold."""

    def __init__(self, name, module, artifact_id, env, marker):
        self.name = name
        self.module = module
        self.artifact_id = artifact_id
        self.env = env
        self.marker = marker


ARTIFACTS = {
    a.name: a
    for a in (
        Artifact(
            "listener",
            "listener",
            "pyrometer-listener",
            "PYROMETER_LISTENER_JAR",
            "dev/pyrometer/listener/PyrometerListener.class",
        ),
        Artifact("agent", "jvm-agent", "pyrometer-agent", "PYROMETER_AGENT_JAR", "dev/pyrometer/agent/init/AgentMain.class"),
        Artifact(
            "collector", "collector", "pyrometer-collector", "PYROMETER_COLLECTOR_JAR", "dev/pyrometer/collector/cli/Main.class"
        ),
    )
}


class JarMissing(LookupError):
    """A jar that should be there is not; the message says how to get it."""


def checkout_root():
    """The repository's root when this package runs from a checkout, else None."""
    root = os.path.dirname(os.path.dirname(PACKAGE_DIR))
    if os.path.isfile(os.path.join(root, "pom.xml")) and os.path.isdir(os.path.join(root, "jvm-agent")):
        return root
    return None


def maven_version(root):
    """The project version declared in root/pom.xml (e.g. 0.1.0-SNAPSHOT)."""
    project = ElementTree.parse(os.path.join(root, "pom.xml")).getroot()
    ns = project.tag[: project.tag.index("}") + 1] if project.tag.startswith("{") else ""
    version = project.find(ns + "version")
    if version is None or not version.text:
        raise JarMissing("no <version> in %s" % os.path.join(root, "pom.xml"))
    return version.text.strip()


def python_version(maven):
    """The PEP 440 spelling of a Maven version: 0.1.0-SNAPSHOT -> 0.1.0.dev0."""
    if maven.endswith("-SNAPSHOT"):
        return maven[: -len("-SNAPSHOT")] + ".dev0"
    return maven.replace("-", ".")


def artifact(name):
    try:
        return ARTIFACTS[name]
    except KeyError:
        raise ValueError("unknown jar %r: one of %s" % (name, ", ".join(ARTIFACTS))) from None


def build_output(name, root):
    """The jar Maven builds for `name` in a checkout at root."""
    a = artifact(name)
    return os.path.join(root, a.module, "target", "%s-%s.jar" % (a.artifact_id, maven_version(root)))


def packaged(name):
    """The copy of the jar this installed package carries, or None."""
    found = sorted(glob.glob(os.path.join(PACKAGED_JARS, artifact(name).artifact_id + "-*.jar")))
    return found[-1] if found else None


def jar_path(name, env=None, must_exist=True):
    """The path of Pyrometer's `name` jar: "listener", "agent" or "collector".

    Raises JarMissing (with what to do) when must_exist and the file is not there.
    """
    env = os.environ if env is None else env
    a = artifact(name)
    given = env.get(a.env)
    if given:
        path, hint = os.path.abspath(given), "%s names it" % a.env
    else:
        root = checkout_root()
        if root:
            path = build_output(name, root)
            hint = "build it first: mvn -B -ntp -pl %s -am package -DskipTests" % a.module
        else:
            path = packaged(name)
            hint = "this pyrometer package carries no %s jar (reinstall it, or set %s)" % (name, a.env)
            if path is None:
                if must_exist:
                    raise JarMissing(hint)
                return os.path.join(PACKAGED_JARS, a.artifact_id + ".jar")
    if must_exist and not os.path.isfile(path):
        raise JarMissing("%s is missing: %s" % (path, hint))
    return path


def holds(jar, entry):
    """Whether the jar file exists, is a zip, and holds entry."""
    try:
        with zipfile.ZipFile(jar) as z:
            z.getinfo(entry)
        return True
    except (KeyError, OSError, zipfile.BadZipFile):
        return False


def is_complete(name, env=None):
    """Whether the `name` jar is there and holds its main class (a half-written jar does not)."""
    path = jar_path(name, env, must_exist=False)
    return holds(path, artifact(name).marker)
