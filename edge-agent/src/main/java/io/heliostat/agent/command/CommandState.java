package io.heliostat.agent.command;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import io.heliostat.agent.forward.DurableFiles;

/**
 * What commands have left behind, kept across restarts: the last command taken (so that none is taken twice),
 * whether the node is drained, and the workloads the agent started (so that a drain can stop them).
 */
public final class CommandState {

    private final Path file;
    private long lastCommandSequence;
    private boolean drained;
    private final Set<String> workloads = new TreeSet<>();

    private CommandState(Path file) {
        this.file = file;
    }

    public static CommandState open(Path directory) throws IOException {
        CommandState state = new CommandState(directory.resolve("commands.properties"));
        if (Files.exists(state.file)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(state.file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            try {
                state.lastCommandSequence = Long.parseLong(properties.getProperty("last-command-sequence", "0"));
            } catch (NumberFormatException e) {
                throw new IOException(state.file + ": last-command-sequence must be a whole number, was '"
                        + properties.getProperty("last-command-sequence") + "'");
            }
            state.drained = Boolean.parseBoolean(properties.getProperty("drained", "false"));
            Arrays.stream(properties.getProperty("workloads", "").split(",")).filter(id -> !id.isBlank())
                    .forEach(state.workloads::add);
        }
        return state;
    }

    public synchronized long lastCommandSequence() {
        return lastCommandSequence;
    }

    /** Records a command as taken, before it runs: a command is run at most once, even across a crash. */
    public synchronized void taken(long sequence) throws IOException {
        lastCommandSequence = Math.max(lastCommandSequence, sequence);
        save();
    }

    public synchronized boolean drained() {
        return drained;
    }

    public synchronized void drained(boolean value) throws IOException {
        drained = value;
        save();
    }

    /** The workloads the agent started and has not stopped, by id. */
    public synchronized List<String> workloads() {
        return List.copyOf(workloads);
    }

    public synchronized void started(String workloadId) throws IOException {
        workloads.add(workloadId);
        save();
    }

    public synchronized void stopped(String workloadId) throws IOException {
        workloads.remove(workloadId);
        save();
    }

    private void save() throws IOException {
        Properties properties = new Properties();
        properties.setProperty("last-command-sequence", Long.toString(lastCommandSequence));
        properties.setProperty("drained", Boolean.toString(drained));
        properties.setProperty("workloads", String.join(",", workloads));
        StringWriter text = new StringWriter();
        properties.store(text, "Heliostat edge agent: commands taken and what they left");
        DurableFiles.replace(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
