package io.heliostat.solver.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which nodes a workload's static rules allow (residency, latency SLO, node selector, forbidding taints,
 * sandbox), decided once per cluster and per kind of node: fleets are built from a few node types, so a
 * 5,000-node fleet has a few hundred kinds. The placers try only these nodes.
 *
 * <p>The kinds share fewer label sets, taint lists and runtime sets still: a workload's verdict on each is reached
 * once per call and looked up for every kind that has it.
 */
public final class NodeEligibility {

    /** The groups of one shape of one cluster (nodes alike in power profile and CPU size), and its facts' indexes. */
    private record ShapeOfCluster(int cluster, List<List<Node>> groups, int labels, int taints, int runtimes) {
    }

    private final List<Cluster> clusters = new ArrayList<>();
    private final List<ShapeOfCluster> shapes = new ArrayList<>();
    private final List<Map<String, String>> labelSets = new ArrayList<>();
    private final List<List<Taint>> taintLists = new ArrayList<>();
    private final List<Set<SandboxRuntime>> runtimeSets = new ArrayList<>();

    public NodeEligibility(List<Node> nodes) {
        Map<Cluster, Map<NodeShape, Map<List<Object>, List<Node>>>> byKind = new LinkedHashMap<>();
        for (Node node : nodes) {
            byKind.computeIfAbsent(node.cluster(), c -> new LinkedHashMap<>())
                    .computeIfAbsent(NodeShape.of(node), s -> new LinkedHashMap<>())
                    .computeIfAbsent(List.of(node.power(), node.capacity().cpuMillis()), k -> new ArrayList<>())
                    .add(node);
        }
        Map<Map<String, String>, Integer> labelIndex = new HashMap<>();
        Map<List<Taint>, Integer> taintIndex = new HashMap<>();
        Map<Set<SandboxRuntime>, Integer> runtimeIndex = new HashMap<>();
        byKind.forEach((cluster, kinds) -> {
            clusters.add(cluster);
            kinds.forEach((shape, groups) -> shapes.add(new ShapeOfCluster(clusters.size() - 1,
                    groups.values().stream().map(List::copyOf).toList(), indexOf(shape.labels(), labelIndex, labelSets),
                    indexOf(shape.taints(), taintIndex, taintLists), indexOf(shape.runtimes(), runtimeIndex, runtimeSets))));
        });
    }

    private static <T> int indexOf(T value, Map<T, Integer> index, List<T> values) {
        return index.computeIfAbsent(value, v -> {
            values.add(v);
            return values.size() - 1;
        });
    }

    /** The groups of nodes the static rules allow; the nodes of a group are alike in all but their load. */
    public List<List<Node>> groupsFor(Workload workload) {
        List<List<Node>> groups = new ArrayList<>();
        forEachShape(workload, (shapeGroups, allowed, discouraged) -> {
            if (allowed) {
                groups.addAll(shapeGroups);
            }
        });
        return groups;
    }

    /** What {@link #forEachShape} hands over: the groups of one shape in one cluster, and the workload's verdict on them. */
    @FunctionalInterface
    public interface ShapeVisitor {
        /**
         * @param allowed     the static rules allow the workload on these nodes
         * @param discouraged the nodes have PreferNoSchedule taints the workload does not tolerate
         */
        void visit(List<List<Node>> groups, boolean allowed, boolean discouraged);
    }

    /** Every group of the fleet, a shape of a cluster at a time, in the fleet's order, with the workload's verdict. */
    public void forEachShape(Workload workload, ShapeVisitor visitor) {
        Verdicts verdicts = new Verdicts(workload);
        for (ShapeOfCluster shape : shapes) {
            boolean allowed = verdicts.cluster(shape.cluster()) && verdicts.labels(shape.labels())
                    && verdicts.taints(shape.taints()) && verdicts.runtimes(shape.runtimes());
            visitor.visit(shape.groups(), allowed, verdicts.discouraged(shape.taints()));
        }
    }

    public int count(Workload workload) {
        return groupsFor(workload).stream().mapToInt(List::size).sum();
    }

    public boolean allows(Workload workload, Node node) {
        return allows(workload, node.cluster()) && node.unmatchedSelectorLabels(workload.nodeSelector()) == 0
                && node.untoleratedTaints(workload.tolerations(), true) == 0 && node.offersSandbox(workload.sandbox());
    }

    private static boolean allows(Workload workload, Cluster cluster) {
        return cluster.satisfiesResidency(workload.residency())
                && (!workload.hasLatencySlo() || workload.rttMs(cluster) <= workload.latencySloMs());
    }

    /** One workload's verdicts, each reached when first asked: {@code 0} not yet, {@code 1} yes, {@code 2} no. */
    private final class Verdicts {
        private final Workload workload;
        private final byte[] clusterAllowed = new byte[clusters.size()];
        private final byte[] labelsMatch = new byte[labelSets.size()];
        private final byte[] taintsTolerated = new byte[taintLists.size()];
        private final byte[] taintsDiscourage = new byte[taintLists.size()];
        private final byte[] runtimesOffer = new byte[runtimeSets.size()];
        /** The node selector's entries, read once: iterating a map's entries allocates, and a call asks hundreds of times. */
        private final String[] selectorKeys;
        private final String[] selectorValues;

        Verdicts(Workload workload) {
            this.workload = workload;
            Map<String, String> selector = workload.nodeSelector();
            selectorKeys = selector.keySet().toArray(String[]::new);
            selectorValues = new String[selectorKeys.length];
            for (int k = 0; k < selectorKeys.length; k++) {
                selectorValues[k] = selector.get(selectorKeys[k]);
            }
        }

        boolean cluster(int i) {
            if (clusterAllowed[i] == 0) {
                clusterAllowed[i] = verdict(allows(workload, clusters.get(i)));
            }
            return clusterAllowed[i] == 1;
        }

        boolean labels(int i) {
            if (labelsMatch[i] == 0) {
                labelsMatch[i] = verdict(carriesSelector(labelSets.get(i)));
            }
            return labelsMatch[i] == 1;
        }

        boolean taints(int i) {
            if (taintsTolerated[i] == 0) {
                taintsTolerated[i] = verdict(Node.untolerated(taintLists.get(i), workload.tolerations(), true) == 0);
            }
            return taintsTolerated[i] == 1;
        }

        boolean discouraged(int i) {
            if (taintsDiscourage[i] == 0) {
                taintsDiscourage[i] = verdict(Node.untolerated(taintLists.get(i), workload.tolerations(), false) > 0);
            }
            return taintsDiscourage[i] == 1;
        }

        boolean runtimes(int i) {
            if (runtimesOffer[i] == 0) {
                runtimesOffer[i] = verdict(Node.offers(runtimeSets.get(i), workload.sandbox()));
            }
            return runtimesOffer[i] == 1;
        }

        private boolean carriesSelector(Map<String, String> labels) {
            for (int k = 0; k < selectorKeys.length; k++) {
                if (!selectorValues[k].equals(labels.get(selectorKeys[k]))) {
                    return false;
                }
            }
            return true;
        }

        private static byte verdict(boolean yes) {
            return (byte) (yes ? 1 : 2);
        }
    }

    /** What the static rules look at on a node, besides its cluster. */
    private record NodeShape(Map<String, String> labels, List<Taint> taints, Set<SandboxRuntime> runtimes) {
        static NodeShape of(Node node) {
            return new NodeShape(node.labels(), node.taints(), node.runtimes());
        }
    }
}
