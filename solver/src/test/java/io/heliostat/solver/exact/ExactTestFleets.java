package io.heliostat.solver.exact;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.IsolationLevel;
import io.heliostat.solver.domain.SandboxRuntime;
import io.heliostat.solver.domain.TaintEffect;
import io.heliostat.solver.domain.Toleration;
import io.heliostat.solver.domain.TopologyKey;
import io.heliostat.solver.domain.UserLocation;
import io.heliostat.solver.domain.Zone;
import io.heliostat.solver.testing.TestFleet;

/** Fleets built by hand for the exact checks, under {@link CarbonOnly#POLICY}. */
final class ExactTestFleets {

    static final int DAY = 24;

    private ExactTestFleets() {
    }

    /**
     * Three nodes and four replicas over two one-hour slots, whose optimum {@code ExactOptimumTest} works out
     * by hand. North is clean and flat, south dirty at night (slot 0) and sunny in slot 1:
     * <ul>
     * <li>zones: north 100, 100 g/kWh; south 500, 50 g/kWh;</li>
     * <li>north-1, north-2 (residency NO): 4000 m, 100 W idle, 300 W at full CPU, so 1000 m adds 50 W;</li>
     * <li>south-1 (residency ES): 4000 m, 10 W idle, 210 W at full CPU, so 1000 m adds 50 W too;</li>
     * <li>web: a service of two 1000 m replicas, anti-affine; ledger: one 1000 m replica that must stay in
     *     Norway; batch: a 2000 m job of one slot, any time in the two.</li>
     * </ul>
     */
    static FleetPlan tiny() {
        TestFleet fleet = new TestFleet(2).policy(CarbonOnly.POLICY);
        Zone north = fleet.zone("north", 100, 100);
        Zone south = fleet.zone("south", 500, 50);
        Cluster oslo = fleet.cluster("oslo").zone(north).residency("NO").build();
        Cluster seville = fleet.cluster("seville").zone(south).residency("ES").build();
        fleet.node("north-1", oslo).power(100, 300).build();
        fleet.node("north-2", oslo).power(100, 300).build();
        fleet.node("south-1", seville).power(10, 210).build();
        fleet.service("web").replicas(2).antiAffinity().build();
        fleet.service("ledger").residency("NO").build();
        fleet.job("batch").cpu(2000).build();
        return fleet.plan(List.of());
    }

    /**
     * An XS-sized fleet of 40 nodes and 146 replicas over a day of hourly slots, in which every hard rule
     * shapes the optimum: a hydro zone (Norway) that is clean all day but small and residency-restricted, a
     * solar zone (Spain) dirty at night and clean at noon, a fossil-and-wind zone (Germany); idle draws large
     * enough that switching a server off pays for a dirtier slot; edge gateways with power budgets and WASM;
     * GPU nodes behind a taint; DPU nodes; latency SLOs, spread, anti-affinity, co-location and job windows.
     */
    static FleetPlan ruledXs() {
        TestFleet fleet = new TestFleet(DAY).policy(CarbonOnly.POLICY);
        Zone hydro = fleet.zone("NO-NO1", hourly(hour -> 30 + 5 * Math.cos(2 * Math.PI * hour / DAY)));
        Zone solar = fleet.zone("ES", hourly(hour -> 260 - 190 * Math.max(0, Math.sin(Math.PI * (hour - 6) / 12))));
        Zone windy = fleet.zone("DE", hourly(hour -> 400 + 80 * Math.sin(2 * Math.PI * (hour - 3) / DAY)));

        Cluster oslo = fleet.cluster("oslo").region("eu-north-1").latencyDomain("nordics").zone(hydro).residency("NO", "EEA").build();
        Cluster madrid = fleet.cluster("madrid").region("eu-south-2").latencyDomain("iberia").zone(solar).residency("ES", "EU").build();
        Cluster frankfurt = fleet.cluster("frankfurt").region("eu-central-1").latencyDomain("rhine").zone(windy).residency("DE", "EU").build();
        Cluster madridEdge = fleet.cluster("madrid-edge").edge().latencyDomain("iberia").zone(solar).residency("ES", "EU").build();
        Cluster berlinEdge = fleet.cluster("berlin-edge").edge().latencyDomain("rhine").zone(windy).residency("DE", "EU").build();

        // Older, hungrier servers in Oslo: 90 W idle makes each one worth emptying.
        for (int i = 0; i < 6; i++) {
            fleet.node("oslo-" + i, oslo).cpu(8000).memory(32_768).power(90, 290)
                    .runtimes(SandboxRuntime.RUNC, SandboxRuntime.KATA).build();
        }
        for (int i = 0; i < 10; i++) {
            var node = fleet.node("madrid-" + i, madrid).cpu(8000).memory(32_768).power(50, 250)
                    .runtimes(SandboxRuntime.RUNC, SandboxRuntime.GVISOR);
            if (i < 2) {
                node.dpus(1).label("dpu", "bluefield");
            }
            node.build();
        }
        for (int i = 0; i < 10; i++) {
            var node = fleet.node("frankfurt-" + i, frankfurt);
            if (i < 2) {
                node.cpu(16_000).memory(65_536).gpus(2).wattsPerGpu(250).power(120, 420)
                        .label("accelerator", "gpu").taint("nvidia.com/gpu", "present", TaintEffect.NO_SCHEDULE);
            } else {
                node.cpu(8000).memory(32_768).power(50, 250).runtimes(SandboxRuntime.RUNC, SandboxRuntime.KATA);
                if (i < 4) {
                    node.dpus(1).label("dpu", "bluefield");
                }
            }
            node.build();
        }
        // Pi-class gateways: 4 W idle, 12 W flat out, but a 9 W budget: only 2500 m of the 4000 m is usable.
        for (int i = 0; i < 8; i++) {
            gateway(fleet, "madrid-gw-" + i, madridEdge);
        }
        for (int i = 0; i < 6; i++) {
            gateway(fleet, "berlin-gw-" + i, berlinEdge);
        }

        UserLocation iberians = fleet.users("iberia-users", Map.of(oslo, 52, madrid, 8, frankfurt, 30, madridEdge, 3, berlinEdge, 33));
        UserLocation rhinelanders = fleet.users("rhine-users", Map.of(oslo, 30, madrid, 32, frankfurt, 5, madridEdge, 33, berlinEdge, 3));

        fleet.service("api").replicas(12).cpu(1000).memory(2048).users(iberians).latencySlo(35)
                .spread(TopologyKey.REGION, 2).build();
        fleet.service("checkout").replicas(8).cpu(500).memory(1024).residency("ES").antiAffinity().build();
        fleet.service("cache").replicas(6).cpu(250).memory(4096).colocateWith("checkout").build();
        fleet.service("telemetry").replicas(16).cpu(100).memory(128).wasmModule().select("tier", "edge").build();
        fleet.service("sensor-agg").replicas(10).cpu(500).memory(512).select("tier", "edge")
                .users(rhinelanders).latencySlo(10).build();
        fleet.service("web-no").replicas(6).cpu(1000).memory(2048).residency("NO").build();
        fleet.service("dpu-gw").replicas(4).cpu(500).dpus(1).select("dpu", "bluefield").antiAffinity().build();
        fleet.job("etl").replicas(30).cpu(2000).memory(4096).duration(3).build();
        fleet.job("report").replicas(20).cpu(1000).duration(2).release(6).deadline(18).residency("EU").build();
        fleet.job("inference").replicas(10).cpu(1500).duration(6).isolation(IsolationLevel.MICRO_VM).build();
        fleet.job("ml-train").replicas(4).cpu(4000).memory(16_384).gpus(1).duration(4).select("accelerator", "gpu")
                .tolerate(new Toleration("nvidia.com/gpu", Toleration.Operator.EXISTS, "", Optional.empty())).build();
        fleet.job("nightly").replicas(20).cpu(500).duration(1).deadline(8).build();
        return fleet.plan(List.of());
    }

    private static void gateway(TestFleet fleet, String id, Cluster site) {
        fleet.node(id, site).cpu(4000).memory(8192).ephemeralStorage(32_768).power(4, 12).powerBudget(9)
                .label("tier", "edge").runtimes(SandboxRuntime.RUNC, SandboxRuntime.WASM).build();
    }

    /** A day of hourly intensities, rounded to 0.1 g/kWh as providers publish them. */
    private static double[] hourly(java.util.function.IntToDoubleFunction gramsPerKwh) {
        double[] values = new double[DAY];
        for (int hour = 0; hour < DAY; hour++) {
            values[hour] = Math.round(gramsPerKwh.applyAsDouble(hour) * 10) / 10.0;
        }
        return values;
    }
}
