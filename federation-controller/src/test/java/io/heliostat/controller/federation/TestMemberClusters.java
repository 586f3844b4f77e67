package io.heliostat.controller.federation;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

import io.heliostat.api.federation.MemberCluster;
import io.heliostat.api.federation.MemberClusterSpec;

/** MemberClusters as the tests put them on a hub: kubeconfig in the secret {@code <name>-kubeconfig}, EU residency, 1 s beats. */
final class TestMemberClusters {

    private TestMemberClusters() {
    }

    static MemberCluster memberCluster(String name, String zone, boolean edge, double latitude, double longitude,
                                       Map<String, String> labels) {
        MemberCluster resource = new MemberCluster();
        resource.setMetadata(new ObjectMetaBuilder().withName(name).withLabels(labels).build());
        resource.setSpec(new MemberClusterSpec(new MemberClusterSpec.SecretKeyReference(null, name + "-kubeconfig", null), zone,
                "test", null, edge, List.of("EU"), latitude, longitude, null, List.of(), null, "PT1S"));
        return resource;
    }
}
