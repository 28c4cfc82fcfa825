package dev.pyrometer.bench.py4j;

/** The gateway's entry point: the cheapest call Python can make. */
public final class Ping {
    private int calls;

    public int ping() {
        return ++calls;
    }
}
