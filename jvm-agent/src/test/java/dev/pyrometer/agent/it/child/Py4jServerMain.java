/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.it.child;

import py4j.ClientServer;
import py4j.GatewayServer;

/**
 * Starts a real Py4J server on an ephemeral port, in the classic GatewayServer mode or in
 * PySpark's default pinned-thread ClientServer mode, prints "READY port=N" and serves until killed.
 */
public final class Py4jServerMain {
    private Py4jServerMain() {
    }

    public static void main(String[] args) throws Exception {
        Py4jTarget target = new Py4jTarget();
        int port;
        if (args[0].equals("gateway")) {
            GatewayServer server = new GatewayServer(target, 0);
            server.start();
            port = server.getListeningPort();
        } else {
            ClientServer cs = new ClientServer.ClientServerBuilder(target).javaPort(0).build();
            port = ((GatewayServer) cs.getJavaServer()).getListeningPort();
        }
        System.out.println("READY port=" + port);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
