package io.heliostat.agent.log;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * The agent's log: one line per message on standard error, which the journal keeps with its time under systemd.
 * Not java.util.logging, whose set-up alone costs a gateway about 100 ms before the first report.
 */
public final class Log {

    public enum Level { SEVERE, WARNING, INFO, FINE }

    private static volatile Level threshold = Level.INFO;
    private static final PrintStream OUT = System.err;

    private Log() {
    }

    /** Messages below {@code level} are not written. */
    public static void threshold(Level level) {
        threshold = level;
    }

    public static void severe(String message) {
        write(Level.SEVERE, message, null);
    }

    public static void severe(String message, Throwable thrown) {
        write(Level.SEVERE, message, thrown);
    }

    public static void warning(String message) {
        write(Level.WARNING, message, null);
    }

    public static void warning(String message, Throwable thrown) {
        write(Level.WARNING, message, thrown);
    }

    public static void info(String message) {
        write(Level.INFO, message, null);
    }

    /** For messages that cost something to build and are usually not written. */
    public static void fine(Supplier<String> message) {
        if (threshold.compareTo(Level.FINE) >= 0) {
            write(Level.FINE, message.get(), null);
        }
    }

    private static void write(Level level, String message, Throwable thrown) {
        if (level.compareTo(threshold) <= 0) {
            OUT.println(level + " " + message + (thrown == null ? "" : ": " + thrown));
        }
    }
}
