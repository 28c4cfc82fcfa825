package dev.pyrometer.agent.init;

import java.lang.instrument.Instrumentation;

/**
 * The agent's entry points. Both return at once: everything else happens on the
 * "pyrometer-agent-init" daemon thread, and nothing here can throw into the application.
 */
public final class AgentMain {
    private AgentMain() {
    }

    /** {@code -javaagent:pyrometer-agent.jar=key=value,...} */
    public static void premain(String args, Instrumentation inst) {
        start(args, inst);
    }

    /** Attaching to a running JVM. */
    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst);
    }

    private static void start(String args, Instrumentation inst) {
        try {
            Thread t = new Thread(() -> AgentStartup.run(args, inst), "pyrometer-agent-init");
            t.setDaemon(true);
            t.start();
        } catch (Throwable t) {
            // The application must start whatever happens; there is nobody to tell yet.
        }
    }
}
