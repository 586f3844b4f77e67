package io.heliostat.controller.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code --name value} options of a benchmark, each with a default, and a bad value named.
 */
public final class BenchOptions {

    private final Map<String, String> values = new HashMap<>();

    public BenchOptions(String[] args, String... allowed) {
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!java.util.List.of(allowed).contains(name)) {
                throw new IllegalArgumentException("unknown option '" + name + "'; allowed: " + String.join(", ", allowed));
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            values.put(name, args[++i]);
        }
    }

    public String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public int integer(String name, int fallback, int min, int max) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be " + min + "-" + max + ", was " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + text + "'");
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
