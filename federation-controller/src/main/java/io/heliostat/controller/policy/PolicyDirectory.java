package io.heliostat.controller.policy;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.heliostat.api.policy.PlacementPolicySpec;

/**
 * The placement policies of a directory of YAML files, kept current as the files change: where the controller takes
 * its policies from when it runs without a hub cluster.
 *
 * <p>{@link #open} reads every {@code *.yaml} and {@code *.yml} file in the directory (not in its subdirectories,
 * and not those whose names start with '.', which are editors' and tools' temporary files), then watches the
 * directory and reads a file again when its content changes. A file applies whole or not at all:
 * <ul>
 * <li>A file with errors is rejected: its errors are logged at WARN and listed by {@link #problems()}, and the last
 *     good version of the file stays in force (none, if it never had one).
 * <li>A deleted file's policies are removed.
 * <li>A policy may be defined in one file only. A file that defines a name another file keeps is rejected with an
 *     error naming both; the file that had the name keeps it, so that an edit cannot take a policy away from a file
 *     nobody touched. At start, and when two changed files claim one name, the first in file-name order has it.
 * <li>The policy named {@value #DEFAULT_POLICY} always exists: the built-in defaults unless a file defines it.
 * </ul>
 * Listeners get the complete new set, policy name to spec, each time it changes, on the watching thread.
 *
 * <p>Every event leads to reading the whole directory and comparing each file with what was read before, rather
 * than to reading the file the event names: a Kubernetes ConfigMap volume changes its files by swapping a symbolic
 * link, so its events name {@code ..data}, and an editor may save by writing a temporary file and renaming it.
 */
public final class PolicyDirectory implements PolicySource {

    public static final String DEFAULT_POLICY = "default";

    /** A save or a GitOps sync is a burst of events; the directory is read once they have stopped for this long. */
    private static final Duration QUIET = Duration.ofMillis(50);

    private static final Logger LOG = LoggerFactory.getLogger(PolicyDirectory.class);

    private final Path directory;
    private final WatchService watchService;
    private final Thread watcher;
    private final List<Consumer<Map<String, PlacementPolicySpec>>> listeners = new CopyOnWriteArrayList<>();

    // Used by the thread that opens the directory, then by the watcher thread only.
    private final Map<Path, byte[]> contents = new HashMap<>();
    private final Map<Path, List<PolicyDefinition>> latestValid = new HashMap<>();
    private final Map<Path, List<PolicyFileError>> readErrors = new HashMap<>();
    private Map<Path, List<PolicyDefinition>> inForce = Map.of();
    private Map<Path, List<PolicyFileError>> fileProblems = Map.of();

    private volatile Map<String, PlacementPolicySpec> policies = Map.of();
    private volatile List<PolicyFileError> problems = List.of();

    private PolicyDirectory(Path directory, WatchService watchService) {
        this.directory = directory;
        this.watchService = watchService;
        this.watcher = Thread.ofPlatform().name("policy-directory").daemon().unstarted(this::watch);
    }

    /**
     * Reads the directory's policy files and starts watching it.
     *
     * @throws java.nio.file.NoSuchFileException   when the directory does not exist
     * @throws java.nio.file.NotDirectoryException when it is a file
     */
    public static PolicyDirectory open(Path directory) throws IOException {
        WatchService watchService = directory.getFileSystem().newWatchService();
        try {
            // Before the first read, so that a change made during it is not missed.
            directory.register(watchService, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
            PolicyDirectory policyDirectory = new PolicyDirectory(directory, watchService);
            policyDirectory.rescan();
            policyDirectory.watcher.start();
            return policyDirectory;
        } catch (IOException | RuntimeException e) {
            watchService.close();
            throw e;
        }
    }

    @Override
    public Map<String, PlacementPolicySpec> policies() {
        return policies;
    }

    /** What is wrong with the directory's files now, by file and line; empty when every file is applied. */
    @Override
    public List<PolicyFileError> problems() {
        return problems;
    }

    /** Calls {@code listener} with the new set of policies each time it changes; {@link #policies()} has the current. */
    public void addListener(Consumer<Map<String, PlacementPolicySpec>> listener) {
        listeners.add(listener);
    }

    /** Stops watching; the policies stay as they are. */
    @Override
    public void close() throws IOException {
        watchService.close();
        if (Thread.currentThread() != watcher) {
            try {
                watcher.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watchService.take();
                while (key != null) {
                    key.pollEvents(); // which files they name does not matter: the whole directory is read
                    if (!key.reset()) {
                        LOG.warn("Policy directory {} can no longer be watched (was it removed?); its policies stay "
                                + "as they are", directory);
                        return;
                    }
                    key = watchService.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS);
                }
                rescanOrWarn();
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // Closed or interrupted: stop watching.
        }
    }

    private void rescanOrWarn() {
        try {
            rescan();
        } catch (IOException e) {
            LOG.warn("Cannot list policy directory {}; its policies stay as they are: {}", directory, e.toString());
        } catch (RuntimeException e) {
            LOG.error("Reading policy directory {} failed; its policies stay as they are", directory, e);
        }
    }

    private void rescan() throws IOException {
        Set<Path> files = policyFiles();
        contents.keySet().retainAll(files);
        latestValid.keySet().retainAll(files);
        readErrors.keySet().retainAll(files);
        files.forEach(this::reload);
        resolve(files);
        publish();
    }

    private Set<Path> policyFiles() throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(PolicyDirectory::isPolicyFile).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static boolean isPolicyFile(Path path) {
        String name = path.getFileName().toString();
        return !name.startsWith(".") && (name.endsWith(".yaml") || name.endsWith(".yml")) && Files.isRegularFile(path);
    }

    /** Reads the file if its content changed since it was last read. */
    private void reload(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException deletedSinceListed) {
            return; // its deletion is an event of its own, and the next rescan forgets it
        } catch (IOException e) {
            contents.remove(file);
            latestValid.remove(file);
            readErrors.put(file, List.of(new PolicyFileError(file, 0, 0, "", "cannot be read: " + e)));
            return;
        }
        if (Arrays.equals(content, contents.get(file))) {
            return;
        }
        contents.put(file, content);
        try {
            latestValid.put(file, PolicyDocuments.parse(file, content));
            readErrors.remove(file);
        } catch (PolicyFileException e) {
            latestValid.remove(file);
            readErrors.put(file, e.errors());
        }
    }

    /**
     * Chooses the version of each file that is in force: its latest valid version, unless that defines a policy
     * another file has, in which case the version in force stays (none for a new file). Files whose version is
     * unchanged claim their names first, then the changed ones in file-name order. Versions in force never share a
     * name, so each file goes back at most once and this ends.
     */
    private void resolve(Set<Path> files) {
        Map<Path, List<PolicyDefinition>> chosen = new TreeMap<>();
        for (Path file : files) {
            List<PolicyDefinition> latest = latestValid.getOrDefault(file, inForce.get(file));
            if (latest != null) {
                chosen.put(file, latest);
            }
        }
        Map<Path, List<PolicyFileError>> nextProblems = new TreeMap<>(readErrors);
        for (Optional<PolicyFileError> clash = firstClash(chosen); clash.isPresent(); clash = firstClash(chosen)) {
            Path file = clash.get().file();
            nextProblems.put(file, List.of(clash.get()));
            if (inForce.containsKey(file)) {
                chosen.put(file, inForce.get(file));
            } else {
                chosen.remove(file);
            }
        }
        inForce = Collections.unmodifiableMap(chosen);
        logChanges(files, nextProblems);
        fileProblems = Collections.unmodifiableMap(nextProblems);
    }

    /** Logs a file's problems once, when they change, and that it applies once they are gone. */
    private void logChanges(Set<Path> files, Map<Path, List<PolicyFileError>> nextProblems) {
        nextProblems.forEach((file, errors) -> {
            if (!errors.equals(fileProblems.get(file))) {
                LOG.warn("Policy file {} is rejected; {}:{}", file,
                        inForce.containsKey(file) ? "its last good version stays in force" : "none of its policies apply",
                        errors.stream().map(error -> System.lineSeparator() + "  " + error).collect(Collectors.joining()));
            }
        });
        fileProblems.keySet().stream().filter(file -> files.contains(file) && !nextProblems.containsKey(file))
                .forEach(file -> LOG.info("Policy file {} has no more problems and applies", file));
    }

    /** The first policy, in claim order, whose name a file earlier in that order has, as an error in its own file. */
    private Optional<PolicyFileError> firstClash(Map<Path, List<PolicyDefinition>> chosen) {
        Comparator<Path> claimOrder = Comparator.comparing((Path file) -> !chosen.get(file).equals(inForce.get(file)))
                .thenComparing(Comparator.naturalOrder());
        Map<String, PolicyDefinition> claimed = new HashMap<>();
        for (Path file : chosen.keySet().stream().sorted(claimOrder).toList()) {
            for (PolicyDefinition policy : chosen.get(file)) {
                PolicyDefinition holder = claimed.putIfAbsent(policy.name(), policy);
                if (holder != null) {
                    return Optional.of(new PolicyFileError(file, policy.line(), policy.column(), "metadata.name",
                            "policy '" + policy.name() + "' is already defined in " + holder.file() + " (line "
                                    + holder.line() + "); a policy may be defined in one file only"));
                }
            }
        }
        return Optional.empty();
    }

    private void publish() {
        problems = fileProblems.values().stream().flatMap(List::stream).toList();
        Map<String, PlacementPolicySpec> defined = new TreeMap<>();
        Map<String, String> sources = new TreeMap<>(Map.of(DEFAULT_POLICY, "built in"));
        inForce.values().forEach(definitions -> definitions.forEach(policy -> {
            defined.put(policy.name(), policy.spec());
            sources.put(policy.name(), directory.relativize(policy.file()).toString());
        }));
        Map<String, PlacementPolicySpec> next = PolicySource.withDefault(defined);
        if (next.equals(policies)) {
            return;
        }
        policies = next;
        LOG.info("Policies in force, by source: {}", sources);
        for (Consumer<Map<String, PlacementPolicySpec>> listener : listeners) {
            try {
                listener.accept(policies);
            } catch (RuntimeException e) {
                LOG.error("A policy listener failed", e);
            }
        }
    }
}
