package io.heliostat.solver.generator;

import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.heliostat.solver.domain.PowerProfile;
import io.heliostat.solver.power.RpiStressTest;
import io.heliostat.solver.power.SpecPowerResult;
import io.heliostat.solver.trace.CarbonTrace;

/**
 * The real data generated fleets are drawn from, read once: each zone's carbon trace and the server
 * models (SPECpower results) each kind of node is sampled from, and the Pi-class gateway's power.
 */
record FleetData(Map<String, CarbonTrace> traces, List<SpecPowerResult> cloudServers, List<SpecPowerResult> edgeServers,
                 List<SpecPowerResult> gpuHosts, PowerProfile gatewayPower) {

    // Servers in today's fleets: results published since 2019 (older ones idle at far higher shares of peak).
    static final YearMonth MODERN_SINCE = YearMonth.of(2019, 1);
    // Cloud node pools: one- and two-socket servers of 16-128 cores with 2-8 GiB per core, the shapes cloud
    // providers run; the SPECpower list also holds multi-node blade chassis and odd memory configurations.
    static final int CLOUD_MIN_CORES = 16;
    static final int CLOUD_MAX_CORES = 128;
    // Edge sites: one-socket servers of 8-32 cores, what fits in a street cabinet or a store's back room.
    static final int EDGE_MIN_CORES = 8;
    static final int EDGE_MAX_CORES = 32;
    // GPU hosts: two-socket servers with at least 256 GiB, as 4-8 GPU boxes are built.
    static final int GPU_HOST_MIN_CORES = 32;
    static final int GPU_HOST_MIN_MEMORY_GIB = 256;

    FleetData {
        traces = Map.copyOf(traces);
        cloudServers = List.copyOf(cloudServers);
        edgeServers = List.copyOf(edgeServers);
        gpuHosts = List.copyOf(gpuHosts);
    }

    static FleetData loadBundled() {
        Map<String, CarbonTrace> traces = new LinkedHashMap<>();
        for (Geography.GridArea area : Geography.CLOUD_ORDER) {
            traces.put(area.zoneId(), area.trace().load());
        }
        // Generated fleets compare zones with one another, so they must all carry one kind of signal.
        CarbonTrace.requireOneSignalKind(traces.values());
        List<SpecPowerResult> all = SpecPowerResult.bundled();
        return new FleetData(traces,
                select(all, "cloud", r -> r.chips() <= 2 && r.cores() >= CLOUD_MIN_CORES && r.cores() <= CLOUD_MAX_CORES
                        && r.memoryGiB() >= 2 * r.cores() && r.memoryGiB() <= 8 * r.cores()),
                select(all, "edge", r -> r.chips() == 1 && r.cores() >= EDGE_MIN_CORES && r.cores() <= EDGE_MAX_CORES
                        && r.memoryGiB() >= r.cores() && r.memoryGiB() <= 8 * r.cores()),
                select(all, "GPU host", r -> r.chips() == 2 && r.cores() >= GPU_HOST_MIN_CORES && r.cores() <= CLOUD_MAX_CORES
                        && r.memoryGiB() >= GPU_HOST_MIN_MEMORY_GIB),
                RpiStressTest.gatewayProfile(RpiStressTest.bundled()));
    }

    private static List<SpecPowerResult> select(List<SpecPowerResult> all, String kind, Predicate<SpecPowerResult> shape) {
        List<SpecPowerResult> selected = all.stream()
                .filter(r -> !r.published().isBefore(MODERN_SINCE))
                .filter(shape)
                .toList();
        if (selected.isEmpty()) {
            throw new IllegalStateException("no SPECpower result fits a " + kind + " node");
        }
        return selected;
    }
}
