package io.heliostat.solver.placement;

import static io.heliostat.solver.testing.TestFleet.replica;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.placement.Relocation.Destination;
import io.heliostat.solver.testing.TestFleet;

/**
 * Where relocations send replicas. Nodes are TestFleet's default (4000 m CPU, 16384 MiB) unless a case says
 * otherwise; "clean" is a zone at 10 g/kWh, "dirty" one at 400 g/kWh.
 */
class RelocatorTest {

    private final TestFleet f = new TestFleet(4);
    private final Cluster clean = f.cluster("clean", f.flatZone("clean", 10));
    private final Cluster dirty = f.cluster("dirty", f.flatZone("dirty", 400));

    @Test
    void anEvacuationSendsEachReplicaToWhereItCostsLeastAmongTheTargetsAndTheNodesOn() {
        Node source = f.node("source", dirty).build();
        Node dirtyOn = f.node("dirty-on", dirty).build();
        Node cleanTarget = f.node("clean-target", clean).build();
        Workload web = f.service("web").replicas(2).build();
        Workload big = f.service("big").cpu(3500).build();
        List<Replica> placed = List.of(replica(web, 0, source), replica(web, 1, source), replica(big, 0, dirtyOn));
        Relocator relocator = relocator(f.plan(placed));

        // The clean target takes both web replicas (2 x 1000 m); the dirty node on would have room for neither.
        assertThat(nodes(relocator.evacuation(List.of(source), List.of(cleanTarget)))).containsExactly("clean-target", "clean-target");
        // Without a target they have nowhere to go: dirty-on has 500 m left, and an off node is no target.
        assertThat(relocator.evacuation(List.of(source), List.of())).isEmpty();
    }

    @Test
    void anEvacuationGoesLargestFirstAndSpillsWhatTheTargetCannotTake() {
        Node small1 = f.node("small-1", dirty).build();
        Node small2 = f.node("small-2", dirty).build();
        Node otherOn = f.node("other-on", dirty).build();
        Node target = f.node("target", clean).build();
        Workload large = f.service("large").cpu(3000).build();
        Workload little = f.service("little").cpu(1000).build();
        Workload filler = f.service("filler").cpu(2000).build();
        // The target (4000 m) takes the large replica (3000 m) and one little one; the other goes to other-on.
        List<Replica> placed = List.of(replica(little, 0, small1), replica(large, 0, small2), replica(filler, 0, otherOn),
                replica(f.service("little-2").cpu(1000).build(), 0, small1));
        Relocator relocator = relocator(f.plan(placed));

        List<Destination> destinations = relocator.evacuation(List.of(small1, small2), List.of(target));

        assertThat(destinations).extracting(d -> d.replica().getId() + "->" + d.node().id())
                .containsExactly("large#0->target", "little#0->target", "little-2#0->other-on");
    }

    @Test
    void anEvacuationKeepsAntiAffineReplicasApart() {
        Node a = f.node("a", dirty).build();
        Node b = f.node("b", dirty).build();
        Node target = f.nodeSpec("target").cpu(16_000).memory(65_536).build();
        Workload cache = f.service("cache").antiAffinity().replicas(2).build();
        Relocator relocator = relocator(f.plan(List.of(replica(cache, 0, a), replica(cache, 1, b))));

        // Both fit the target by capacity, but only one may go there, and no other node is on.
        assertThat(relocator.evacuation(List.of(a, b), List.of(target))).isEmpty();
        assertThat(nodes(relocator.evacuation(List.of(a), List.of(target)))).containsExactly("target");
    }

    @Test
    void aJobThatMovesStartsAtTheCleanestWindowWithRoom() {
        Cluster varying = f.cluster("varying", f.zone("varying", 50, 10, 20, 30));
        Node source = f.node("source", dirty).build();
        Node target = f.node("target", varying).build();
        Workload busy = f.job("busy").cpu(4000).release(1).deadline(2).build(); // fills the target in slot 1
        Workload batch = f.job("batch").cpu(1000).build();
        Relocator relocator = relocator(f.plan(List.of(replica(busy, 0, target, 1), replica(batch, 0, source, 0))));

        // Slot 1 (10 g/kWh) is full; slot 2 (20 g/kWh) is the cleanest with room.
        assertThat(relocator.evacuation(List.of(source), List.of(target)))
                .singleElement().satisfies(d -> assertThat(d.startSlot()).isEqualTo(2));
    }

    @Test
    void anEjectionSendsReplicasOfTheTargetToTheNodesOnWithRoom() {
        Node cleanFull = f.node("clean-full", clean).build();
        Node dirtySpare = f.node("dirty-spare", dirty).build();
        Node dirtyHome = f.node("dirty-home", dirty).build();
        Workload heavy = f.service("heavy").cpu(3000).build();
        Workload light = f.service("light").cpu(1000).replicas(4).build();
        // clean-full holds 4 x 1000 m; heavy (3000 m) needs three of them gone, each to a node with room.
        List<Replica> placed = new ArrayList<>(TestFleet.allOn(light, cleanFull));
        placed.add(replica(heavy, 0, dirtyHome));
        placed.add(replica(f.service("spare-holder").build(), 0, dirtySpare));
        FleetPlan plan = f.plan(placed);
        Relocator relocator = relocator(plan);
        Replica heavyReplica = plan.getReplicas().stream().filter(r -> r.getWorkload() == heavy).findFirst().orElseThrow();

        List<Destination> destinations = relocator.ejection(heavyReplica, cleanFull, new Random(0));

        assertThat(destinations).first().satisfies(d -> {
            assertThat(d.replica()).isSameAs(heavyReplica);
            assertThat(d.node().id()).isEqualTo("clean-full");
        });
        // Three light replicas leave, for dirty-spare (3000 m free): dirty-home is off once heavy has left it.
        assertThat(destinations).hasSize(4);
        assertThat(destinations.subList(1, 4)).allSatisfy(d -> {
            assertThat(d.replica().getWorkload()).isSameAs(light);
            assertThat(d.node().id()).isEqualTo("dirty-spare");
        });
        // Planning leaves the relocator's view of the plan as it was: the same question gets the same answer.
        assertThat(relocator.ejection(heavyReplica, cleanFull, new Random(0))).isEqualTo(destinations);
    }

    @Test
    void anEjectionMakesRoomForAReplicaThatHasNoNodeYet() {
        Node full = f.node("full", clean).build();
        Node spare = f.node("spare", dirty).build();
        Workload heavy = f.service("heavy").cpu(2500).build();
        Workload light = f.service("light").cpu(1500).replicas(2).build();
        List<Replica> placed = new ArrayList<>(TestFleet.allOn(light, full));
        placed.add(TestFleet.unplaced(heavy, 0));
        placed.add(replica(f.service("keeps-spare-on").cpu(1000).build(), 0, spare));
        FleetPlan plan = f.plan(placed);
        Replica heavyReplica = plan.getReplicas().stream().filter(r -> r.getWorkload() == heavy).findFirst().orElseThrow();

        // full has 1000 m free; one light replica (1500 m) out makes room for heavy (2500 m) beside the other, and
        // spare (3000 m free) takes it.
        assertThat(relocator(plan).ejection(heavyReplica, full, new Random(0)))
                .extracting(d -> d.replica().getWorkload().id() + "->" + d.node().id())
                .containsExactly("heavy->full", "light->spare");
    }

    @Test
    void anEjectionIsNoneWhenTheReplicaFitsWithoutOne() {
        Node half = f.node("half", clean).build();
        Node home = f.node("home", dirty).build();
        Workload web = f.service("web").cpu(2000).build();
        Workload other = f.service("other").cpu(2000).build();
        FleetPlan plan = f.plan(List.of(replica(web, 0, half), replica(other, 0, home)));

        // A plain change move does this; a relocation is for when room must be made.
        assertThat(relocator(plan).ejection(plan.getReplicas().get(1), half, new Random(0))).isEmpty();
    }

    @Test
    void nodesHostingPinnedReplicasAreNeverEmptied() {
        Node pinnedHost = f.node("pinned-host", dirty).build();
        Node free = f.node("free", dirty).build();
        Workload web = f.service("web").replicas(2).build();
        Replica pinned = replica(web, 0, pinnedHost);
        pinned.setPinned(true);
        Relocator relocator = relocator(f.plan(List.of(pinned, replica(web, 1, pinnedHost), replica(f.service("api").build(), 0, free))));

        assertThat(relocator.occupied()).extracting(Node::id).containsExactly("free");
    }

    private static Relocator relocator(FleetPlan plan) {
        return new Relocator(plan, new SoftPrices(plan));
    }

    private static List<String> nodes(List<Destination> destinations) {
        return destinations.stream().map(d -> d.node().id()).toList();
    }
}
