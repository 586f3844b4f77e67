package io.heliostat.agent.collect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.heliostat.api.node.NodeReport;

/**
 * The sandbox runtimes a node can start, by the executables found on a search path: runc; runsc (gVisor);
 * kata-runtime or containerd's Kata shim; firecracker; wasmtime, wasmedge or a containerd Wasm shim.
 */
public final class RuntimeDetector {

    /** Executable names by runtime, in the order of {@link NodeReport#RUNTIMES}; a trailing '*' matches any suffix. */
    private static final Map<String, List<String>> EXECUTABLES = new LinkedHashMap<>();

    static {
        EXECUTABLES.put("runc", List.of("runc"));
        EXECUTABLES.put("gvisor", List.of("runsc"));
        EXECUTABLES.put("kata", List.of("kata-runtime", "containerd-shim-kata-v2"));
        EXECUTABLES.put("firecracker", List.of("firecracker"));
        EXECUTABLES.put("wasm", List.of("wasmtime", "wasmedge", "containerd-shim-wasm*"));
    }

    private final List<Path> searchPath;

    public RuntimeDetector(List<Path> searchPath) {
        this.searchPath = List.copyOf(searchPath);
    }

    public List<String> detect() {
        Set<String> found = new TreeSet<>((a, b) -> NodeReport.RUNTIMES.indexOf(a) - NodeReport.RUNTIMES.indexOf(b));
        EXECUTABLES.forEach((runtime, names) -> {
            for (String name : names) {
                if (searchPath.stream().anyMatch(dir -> present(dir, name))) {
                    found.add(runtime);
                }
            }
        });
        return List.copyOf(found);
    }

    private static boolean present(Path dir, String name) {
        if (name.endsWith("*")) {
            return SysFiles.list(dir, name).stream().anyMatch(RuntimeDetector::executable);
        }
        return executable(dir.resolve(name));
    }

    private static boolean executable(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file);
    }
}
