package io.heliostat.controller.placement;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.heliostat.api.FieldError;
import io.heliostat.api.placement.ResourceRequest;
import io.heliostat.api.placement.SandboxSpec;
import io.heliostat.api.placement.TolerationSpec;
import io.heliostat.api.placement.WorkloadSpec;
import io.heliostat.solver.domain.Horizon;
import io.heliostat.solver.domain.IsolationLevel;
import io.heliostat.solver.domain.Resources;
import io.heliostat.solver.domain.SandboxRequirement;
import io.heliostat.solver.domain.SandboxRuntime;
import io.heliostat.solver.domain.Spread;
import io.heliostat.solver.domain.TaintEffect;
import io.heliostat.solver.domain.Toleration;
import io.heliostat.solver.domain.TopologyKey;
import io.heliostat.solver.domain.UserLocation;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.domain.WorkloadKind;
import io.heliostat.solver.io.FleetDefinition;
import io.heliostat.solver.io.Quantities;

/**
 * A valid {@link WorkloadSpec} under its placement policy as the solver's {@link Workload} on the live horizon, whose
 * slot 0 is the current one: quantities to millicores and MiB, the user location to the fleet's, a job's wall-clock
 * window to slots, and the policy's hard rules joined to the workload's own ({@link PolicyRules}).
 * What only the fleet can judge (an unknown user location, a deadline too close) comes back as field errors.
 */
final class WorkloadTranslation {

    private WorkloadTranslation() {
    }

    record Result(Optional<Workload> workload, List<FieldError> errors) {
    }

    static Result translate(WorkloadSpec spec, PlacementPolicies.Named policy, FleetDefinition fleet, Horizon horizon, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        int[] window = window(spec, horizon, now, errors);
        return translate(spec, policy, fleet, window, errors);
    }

    /**
     * A job some of whose replicas have started, as it holds its nodes from now: from slot 0 until {@code end},
     * the end of its latest run, which the horizon's end cuts short.
     */
    static Result translateRunning(WorkloadSpec spec, PlacementPolicies.Named policy, FleetDefinition fleet, Horizon horizon, Instant end) {
        int remaining = Math.max(1, Math.min(horizon.slots(), (int) ceilDiv(Duration.between(horizon.start(), end), horizon.slotLength())));
        int deadline = Math.max(remaining, Math.min(horizon.slots(), slotOf(horizon, spec.deadline())));
        return translate(spec, policy, fleet, new int[] {0, remaining, deadline}, new ArrayList<>());
    }

    /** With {@code window} = {release, duration, deadline} in slots; the policy's hard rules join the workload's own. */
    private static Result translate(WorkloadSpec spec, PlacementPolicies.Named policy, FleetDefinition fleet, int[] window,
                                    List<FieldError> errors) {
        Resources request = resources(spec.requests(), errors);
        Optional<UserLocation> userLocation = Optional.empty();
        if (spec.userLocation() != null) {
            userLocation = fleet.userLocation(spec.userLocation());
            if (userLocation.isEmpty()) {
                errors.add(new FieldError("userLocation", "must be one of the fleet's user locations "
                        + fleet.userLocations().keySet().stream().sorted().toList() + ", was '" + spec.userLocation() + "'"));
            }
        }
        if (!errors.isEmpty()) {
            return new Result(Optional.empty(), errors);
        }
        Workload workload = new Workload(spec.id(), spec.tenant(), kind(spec), request, spec.replicasOrDefault(),
                spec.nodeSelector(), spec.tolerations().stream().map(WorkloadTranslation::toleration).toList(),
                sandbox(spec.sandbox()), new HashSet<>(spec.residency()), userLocation,
                spec.latencySloMs() == null ? 0 : spec.latencySloMs(),
                Optional.ofNullable(spec.spread()).map(spread -> new Spread(
                        TopologyKey.valueOf(spread.topologyKey().toUpperCase(Locale.ROOT)), spread.minDomains())),
                Boolean.TRUE.equals(spec.antiAffinity()), spec.colocateWith(), window[1], window[0], window[2]);
        return PolicyRules.apply(workload, policy, fleet.plan().getClusters());
    }

    private static WorkloadKind kind(WorkloadSpec spec) {
        return WorkloadKind.valueOf(spec.kindOrDefault().toUpperCase(Locale.ROOT));
    }

    private static Resources resources(ResourceRequest requests, List<FieldError> errors) {
        long cpu = quantity("requests.cpu", requests.cpu(), true, errors);
        long memory = quantity("requests.memory", requests.memory(), false, errors);
        long storage = quantity("requests.ephemeralStorage", requests.ephemeralStorage(), false, errors);
        return new Resources(cpu, memory, requests.gpu() == null ? 0 : requests.gpu(), requests.dpu() == null ? 0 : requests.dpu(),
                storage);
    }

    private static long quantity(String field, String text, boolean cpu, List<FieldError> errors) {
        if (text == null) {
            return 0;
        }
        try {
            return cpu ? Quantities.requestCpuMillis(text) : Quantities.requestMebibytes(text);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, e.getMessage() + ", was '" + text + "'"));
            return 0;
        }
    }

    static Toleration toleration(TolerationSpec spec) {
        return new Toleration(spec.key(), "Exists".equals(spec.operator()) ? Toleration.Operator.EXISTS : Toleration.Operator.EQUAL,
                spec.value(), Optional.ofNullable(spec.effect()).map(TaintEffect::fromId));
    }

    static SandboxRequirement sandbox(SandboxSpec spec) {
        if (spec == null) {
            return SandboxRequirement.ANY_CONTAINER;
        }
        IsolationLevel level = spec.minIsolation() == null ? IsolationLevel.CONTAINER
                // Both lists go from the weakest isolation to the strongest.
                : IsolationLevel.values()[SandboxSpec.ISOLATION_LEVELS.indexOf(spec.minIsolation())];
        Optional<SandboxRuntime> runtime = Optional.ofNullable(spec.runtime())
                .map(name -> SandboxRuntime.valueOf(name.toUpperCase(Locale.ROOT)));
        return new SandboxRequirement(Boolean.TRUE.equals(spec.wasmModule()), level, runtime);
    }

    /**
     * {release, duration, deadline} in slots of the live horizon: a
     * service runs the whole horizon; a job may start in the slot now falls in, or from the first whole slot after
     * notBefore, and must end by the last whole slot before its deadline, or the horizon's end when the deadline
     * is further away (nothing beyond the forecast can be planned).
     */
    private static int[] window(WorkloadSpec spec, Horizon horizon, Instant now, List<FieldError> errors) {
        if (!spec.isJob()) {
            return new int[] {0, horizon.slots(), horizon.slots()};
        }
        Duration slot = horizon.slotLength();
        int release = spec.notBefore() == null || !spec.notBefore().isAfter(now) ? slotOf(horizon, now)
                : (int) ceilDiv(Duration.between(horizon.start(), spec.notBefore()), slot);
        int duration = (int) ceilDiv(spec.duration(), slot);
        int deadline = (int) Math.min(horizon.slots(), Math.max(0, slotOf(horizon, spec.deadline())));
        if (release + duration > deadline) {
            errors.add(new FieldError("deadline", "leaves no room to run " + spec.duration() + " in whole slots of " + slot
                    + " between " + (spec.notBefore() == null || !spec.notBefore().isAfter(now) ? "now" : spec.notBefore().toString())
                    + " and " + spec.deadline() + " (the plan covers " + horizon.slots() + " slots from " + horizon.start() + ")"));
        }
        return new int[] {release, duration, deadline};
    }

    /** The slot of the horizon that {@code at} falls in (negative before it starts). */
    static int slotOf(Horizon horizon, Instant at) {
        return (int) Math.floorDiv(Duration.between(horizon.start(), at).toMillis(), horizon.slotLength().toMillis());
    }

    /** When a replica that starts in {@code slot} starts: the slot's start, or now for the slot now falls in. */
    static Instant startOf(Horizon horizon, int slot, Instant now) {
        Instant start = horizon.slotStart(slot);
        return start.isBefore(now) ? now : start;
    }

    private static long ceilDiv(Duration amount, Duration unit) {
        return Math.ceilDiv(amount.toMillis(), unit.toMillis());
    }
}
