package io.heliostat.solver.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;

import io.heliostat.solver.placement.Progress;

/** Shows the best score and elapsed time on one updating line when a person watches; silent in a pipe. */
final class ProgressLine implements Consumer<Progress>, AutoCloseable {

    private final PrintWriter out;
    private final boolean enabled;
    private boolean printed;

    private ProgressLine(PrintWriter out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    static ProgressLine onTerminal(PrintWriter out) {
        return new ProgressLine(out, isTerminal());
    }

    @Override
    public synchronized void accept(Progress progress) {
        if (!enabled) {
            return;
        }
        out.print(String.format(Locale.ROOT, "\r  %6.1f s  best %s%s", progress.elapsed().toMillis() / 1000.0,
                progress.bestScore(), progress.feasible() ? "" : "  (breaks hard rules)"));
        out.flush();
        printed = true;
    }

    @Override
    public synchronized void close() {
        if (printed) {
            out.println();
            out.flush();
        }
    }

    /** JDK 22+ always has a Console and says via isTerminal() whether it is one; JDK 21 has none in a pipe. */
    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
