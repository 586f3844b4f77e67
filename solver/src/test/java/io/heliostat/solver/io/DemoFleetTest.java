package io.heliostat.solver.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;

import io.heliostat.solver.domain.ClusterKind;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.IsolationLevel;
import io.heliostat.solver.domain.SignalKind;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.placement.PlacementModel;

/** The example fleet the demo and the docs use must read cleanly and admit a plan that breaks no rule. */
class DemoFleetTest {

    /** Tests run in the solver module; the example lives at the repository's root. */
    static final Path DEMO_FLEET = Path.of("..", "examples", "fleets", "demo-fleet.json");

    @Test
    void theDemoFleetReadsWithoutErrors() throws IOException {
        FleetPlan plan = new ProblemFileReader().read(DEMO_FLEET);

        assertThat(plan.getHorizon().slots()).isEqualTo(24);
        assertThat(plan.getZones()).allSatisfy(zone -> assertThat(zone.signalKind()).isEqualTo(SignalKind.AVERAGE));
        assertThat(plan.getClusters()).filteredOn(c -> c.kind() == ClusterKind.EDGE).hasSize(2);
        assertThat(plan.getNodes()).hasSizeBetween(20, 30);
        assertThat(plan.getWorkloads()).hasSizeBetween(12, 18);
        assertThat(plan.getReplicas()).filteredOn(r -> r.getCurrentNode() != null).isNotEmpty();
    }

    @Test
    void theDemoFleetShowsEveryRule() throws IOException {
        FleetPlan plan = new ProblemFileReader().read(DEMO_FLEET);

        Set<String> shown = plan.getWorkloads().stream().flatMap(w -> rulesOf(w).stream()).collect(Collectors.toSet());

        assertThat(shown).contains("latency SLO", "residency", "GPU", "DPU", "deferrable", "sandbox isolation", "WASM",
                "toleration", "spread", "anti-affinity", "colocation", "node selector");
        assertThat(plan.getNodes()).anySatisfy(node -> assertThat(node.hasPowerBudget()).isTrue());
    }

    private static Set<String> rulesOf(Workload w) {
        Set<String> rules = new HashSet<>();
        if (w.hasLatencySlo()) rules.add("latency SLO");
        if (!w.residency().isEmpty()) rules.add("residency");
        if (w.request().gpus() > 0) rules.add("GPU");
        if (w.request().dpus() > 0) rules.add("DPU");
        if (w.deferrable()) rules.add("deferrable");
        if (w.sandbox().minIsolation() != IsolationLevel.CONTAINER
                || w.sandbox().runtime().isPresent()) rules.add("sandbox isolation");
        if (w.sandbox().wasmModule()) rules.add("WASM");
        if (!w.tolerations().isEmpty()) rules.add("toleration");
        if (w.spread().isPresent()) rules.add("spread");
        if (w.antiAffinity()) rules.add("anti-affinity");
        if (!w.colocateWith().isEmpty()) rules.add("colocation");
        if (!w.nodeSelector().isEmpty()) rules.add("node selector");
        return rules;
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // a guard against a hang; the solve ends on its score limit
    void theDemoFleetHasAPlanThatBreaksNoRuleAndPlacesEveryReplica() throws IOException {
        FleetPlan problem = new ProblemFileReader().read(DEMO_FLEET);
        SolverConfig config = PlacementModel.solverConfig()
                // Ends as soon as a plan is feasible with every replica placed, whatever its soft cost.
                .withTerminationConfig(new TerminationConfig().withBestScoreLimit("0hard/0medium/*soft"));

        FleetPlan solved = SolverFactory.<FleetPlan>create(config).buildSolver().solve(problem);

        assertThat(solved.getScore()).satisfies(score -> {
            assertThat(score.hardScore()).isZero();
            assertThat(score.mediumScore()).isZero();
        });
        assertThat(solved.getReplicas()).allSatisfy(r -> assertThat(r.getNode()).isNotNull());
    }
}
