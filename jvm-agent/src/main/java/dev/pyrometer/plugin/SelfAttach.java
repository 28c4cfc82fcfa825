/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.plugin;

import dev.pyrometer.agent.init.AgentMain;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Loads the agent jar into this JVM as a dynamic agent, so its bytecode features work without a
 * {@code -javaagent} flag. The JVM appends the jar to the system class path and calls
 * {@link AgentMain#agentmain} with {@link AgentMain#PLUGIN_ATTACH_ARGUMENT}, which only keeps the
 * Instrumentation; the plugin then starts that copy of the agent.
 *
 * <p>A JVM may attach to itself only with {@code -Djdk.attach.allowAttachSelf=true} (Java 9+) or
 * on Java 8; otherwise a short-lived child JVM of the same Java runtime attaches to this one (this
 * class's {@link #main}). Every failure becomes a reason, "code: explanation", never an exception.
 */
final class SelfAttach {
    static final String VIRTUAL_MACHINE = "com.sun.tools.attach.VirtualMachine";

    private SelfAttach() {
    }

    /** Attaches {@code agentJar} to this JVM; null on success, else why not. Blocks up to {@code timeoutMs}. */
    static String attach(File agentJar, long timeoutMs) {
        try {
            if (agentJar == null || !agentJar.isFile()) {
                return "no_agent_file: the plugin's classes do not come from a jar file on this node";
            }
            String disabled = attachMechanismDisabled();
            if (disabled != null) {
                return disabled;
            }
            String pid = pid();
            boolean java8 = System.getProperty("java.specification.version", "").startsWith("1.");
            File toolsJar = new File(System.getProperty("java.home"), "../lib/tools.jar");
            if (!java8 && !loadable(VIRTUAL_MACHINE)) {
                return "no_jdk_attach: this Java runtime has no jdk.attach module (a JRE or a jlink image without it)";
            }
            if (java8 && !loadable(VIRTUAL_MACHINE) && !toolsJar.isFile()) {
                return "no_jdk_attach: this Java 8 runtime has no lib/tools.jar (a JRE)";
            }
            if (!java8 && Boolean.getBoolean("jdk.attach.allowAttachSelf") && loadable(VIRTUAL_MACHINE)) {
                loadAgent(ClassLoader.getSystemClassLoader(), pid, agentJar.getAbsolutePath());
                return null;
            }
            return viaChildJvm(agentJar, toolsJar, java8, pid, timeoutMs);
        } catch (Throwable t) {
            return "attach_failed: " + t.getClass().getSimpleName() + firstLine(t.getMessage());
        }
    }

    /** The attach done by a child JVM: Java 9+ refuses a JVM's attach to itself by default. */
    private static String viaChildJvm(File agentJar, File toolsJar, boolean java8, String pid, long timeoutMs)
            throws Exception {
        File java = new File(System.getProperty("java.home"), "bin/java");
        String classPath = agentJar.getAbsolutePath() + (java8 && toolsJar.isFile() ? File.pathSeparator + toolsJar.getCanonicalPath() : "");
        List<String> command = new ArrayList<>();
        command.add(java.getAbsolutePath());
        command.add("-Xmx32m");
        command.add("-cp");
        command.add(classPath);
        command.add(SelfAttach.class.getName());
        command.add(pid);
        command.add(agentJar.getAbsolutePath());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        // The child must not start an agent of its own from the environment.
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        Process p = pb.start();
        p.getOutputStream().close();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (out) {
                        if (out.length() < 400) {
                            out.append(line).append(' ');
                        }
                    }
                }
            } catch (Exception e) {
                // The exit code says what matters.
            }
        }, "pyrometer-plugin-attach-output");
        reader.setDaemon(true);
        reader.start();
        if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            return "attach_timeout: the attaching JVM took longer than " + timeoutMs + " ms";
        }
        reader.join(1000);
        if (p.exitValue() != 0) {
            String said;
            synchronized (out) {
                said = out.toString().trim();
            }
            return "attach_failed: the attaching JVM exited with " + p.exitValue() + firstLine(said);
        }
        return null;
    }

    /** The child JVM: {@code SelfAttach <pid> <agent jar>}. Exit 0 when the agent was loaded. */
    public static void main(String[] args) {
        try {
            loadAgent(SelfAttach.class.getClassLoader(), args[0], args[1]);
            System.exit(0);
        } catch (Throwable t) {
            Throwable cause = t instanceof java.lang.reflect.InvocationTargetException && t.getCause() != null ? t.getCause() : t;
            System.out.println(cause.getClass().getName() + ": " + cause.getMessage());
            System.exit(2);
        }
    }

    private static void loadAgent(ClassLoader loader, String pid, String jar) throws Exception {
        Class<?> vm = Class.forName(VIRTUAL_MACHINE, true, loader);
        Object machine = vm.getMethod("attach", String.class).invoke(null, pid);
        try {
            vm.getMethod("loadAgent", String.class, String.class).invoke(machine, jar, AgentMain.PLUGIN_ATTACH_ARGUMENT);
        } finally {
            vm.getMethod("detach").invoke(machine);
        }
    }

    /** -XX:+DisableAttachMechanism, read from HotSpot's diagnostic bean where there is one. */
    static String attachMechanismDisabled() {
        try {
            Class<?> bean = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
            @SuppressWarnings("unchecked")
            Object diagnostic = ManagementFactory.getPlatformMXBean((Class) bean);
            Object option = bean.getMethod("getVMOption", String.class).invoke(diagnostic, "DisableAttachMechanism");
            Method value = option.getClass().getMethod("getValue");
            value.setAccessible(true);
            if ("true".equals(String.valueOf(value.invoke(option)))) {
                return "attach_disabled: the JVM runs with -XX:+DisableAttachMechanism";
            }
        } catch (Throwable t) {
            // Not HotSpot: the attach itself will tell.
        }
        return null;
    }

    private static boolean loadable(String name) {
        try {
            Class.forName(name, false, ClassLoader.getSystemClassLoader());
            return true;
        } catch (Throwable t) {
            return false;
        }
    }

    static String pid() {
        String name = ManagementFactory.getRuntimeMXBean().getName();
        return name.substring(0, name.indexOf('@'));
    }

    private static String firstLine(String s) {
        if (s == null || s.trim().isEmpty()) {
            return "";
        }
        String line = s.trim().split("[\r\n]", 2)[0];
        return " (" + (line.length() > 200 ? line.substring(0, 200) + "..." : line) + ")";
    }
}
