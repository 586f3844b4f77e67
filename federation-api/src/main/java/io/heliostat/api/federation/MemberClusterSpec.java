package io.heliostat.api.federation;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import io.heliostat.api.Copies;
import io.heliostat.api.Durations;
import io.heliostat.api.Validated;
import io.heliostat.api.Validator;
import io.heliostat.api.node.NodeTaint;
import io.heliostat.api.policy.HardRules;

/**
 * How to reach a member cluster and where it stands: the grid zone that powers it (its carbon), the jurisdictions it
 * counts as (residency), where it is (latency), whether it is an edge site, and taints every one of its nodes carries.
 *
 * @param kubeconfigSecret the hub secret holding the member's kubeconfig
 * @param zone             the grid zone id its carbon signal is read for, such as DE or US-CAL-CISO
 * @param provider         such as aws, gcp, azure or on-prem
 * @param region           the provider's region, such as eu-central-1; default the cluster's name
 * @param edge             an edge site rather than a cloud region; default false
 * @param residency        jurisdictions it counts as besides its zone, such as EU or EEA
 * @param latitude         where it is, for latency to user locations
 * @param longitude        where it is
 * @param latencyDomain    clusters that share one are close enough for co-location rules; default its region
 * @param taints           taints every node of the member carries in placement, besides its own
 * @param nodePower        the power model of nodes that do not carry one in annotations
 * @param heartbeatInterval how often its nodes are read, ISO-8601; default PT10S
 */
public record MemberClusterSpec(
        @Required @JsonPropertyDescription("The hub secret holding the member's kubeconfig.") SecretKeyReference kubeconfigSecret,
        @Required @Pattern(Validator.ID_PATTERN) @JsonPropertyDescription("Grid zone id whose carbon signal applies, such as DE.") String zone,
        @Pattern(Validator.ID_PATTERN) String provider,
        @Pattern(Validator.ID_PATTERN) String region,
        Boolean edge,
        @Size(max = HardRules.MAX_RESIDENCY) List<String> residency,
        @Required @Min(-90) @Max(90) Double latitude,
        @Required @Min(-180) @Max(180) Double longitude,
        @Pattern(Validator.ID_PATTERN) String latencyDomain,
        @Size(max = 64) List<NodeTaint> taints,
        NodePower nodePower,
        @Pattern(Durations.ISO_PATTERN) String heartbeatInterval) implements Validated {

    public static final String DEFAULT_HEARTBEAT_INTERVAL = "PT10S";
    /** Reading a member's nodes more often than this loads its API server for nothing. */
    public static final Duration MIN_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration MAX_HEARTBEAT_INTERVAL = Duration.ofMinutes(5);

    public MemberClusterSpec {
        edge = edge != null && edge;
        residency = Copies.list(residency);
        taints = Copies.list(taints);
        heartbeatInterval = heartbeatInterval == null ? DEFAULT_HEARTBEAT_INTERVAL : heartbeatInterval;
    }

    /** The heartbeat interval as a duration; for a valid spec only. */
    public Duration heartbeat() {
        return Duration.parse(heartbeatInterval);
    }

    @Override
    public void validate(Validator validator) {
        if (validator.required("kubeconfigSecret", kubeconfigSecret)) {
            kubeconfigSecret.validate(validator.at("kubeconfigSecret"));
        }
        validator.id("zone", zone);
        validator.optionalId("provider", provider);
        validator.optionalId("region", region);
        validator.ids("residency", residency);
        if (validator.required("latitude", latitude)) {
            validator.range("latitude", latitude, -90, 90);
        }
        if (validator.required("longitude", longitude)) {
            validator.range("longitude", longitude, -180, 180);
        }
        validator.optionalId("latencyDomain", latencyDomain);
        for (int i = 0; i < taints.size(); i++) {
            Validator taint = validator.at("taints", i);
            if (taint.required("", taints.get(i))) {
                taints.get(i).validate(taint);
            }
        }
        if (nodePower != null) {
            nodePower.validate(validator.at("nodePower"));
        }
        Durations.within(validator, "heartbeatInterval", heartbeatInterval, MIN_HEARTBEAT_INTERVAL, MAX_HEARTBEAT_INTERVAL);
    }

    /**
     * A key of a secret on the hub.
     *
     * @param namespace default the controller's own namespace
     * @param key       default {@value #DEFAULT_KEY}
     */
    public record SecretKeyReference(@Pattern(Validator.DNS_LABEL_PATTERN) String namespace,
                                     @Required @Pattern(Validator.DNS_SUBDOMAIN_PATTERN) String name,
                                     String key) implements Validated {

        public static final String DEFAULT_KEY = "kubeconfig";

        public SecretKeyReference {
            key = key == null ? DEFAULT_KEY : key;
        }

        @Override
        public void validate(Validator validator) {
            if (namespace != null) {
                validator.matches("namespace", namespace, Validator.DNS_LABEL, "must be a namespace name (a DNS label)");
            }
            if (validator.required("name", name)) {
                validator.matches("name", name, Validator.DNS_SUBDOMAIN, "must be a secret name (a DNS subdomain)");
            }
            validator.required("key", key);
        }
    }

    /**
     * The linear power model {@code P(u) = idle + u (max - idle)} of a node, in watts; a node's annotations
     * {@code heliostat.io/idle-watts} and {@code heliostat.io/max-watts} take precedence.
     */
    @ValidationRule(value = "self.maxWatts >= self.idleWatts", message = "maxWatts must be at least idleWatts")
    public record NodePower(@Required @Min(0) @Max(MAX_WATTS) Double idleWatts, @Required @Min(0) @Max(MAX_WATTS) Double maxWatts)
            implements Validated {

        /** A rack of servers draws less; a larger figure is a slip of units. */
        public static final double MAX_WATTS = 100_000;

        @Override
        public void validate(Validator validator) {
            validator.required("idleWatts", idleWatts);
            validator.required("maxWatts", maxWatts);
            validator.range("idleWatts", idleWatts, 0, MAX_WATTS);
            validator.range("maxWatts", maxWatts, 0, MAX_WATTS);
            if (idleWatts != null && maxWatts != null && maxWatts < idleWatts) {
                validator.reject("maxWatts", "must be at least idleWatts (" + idleWatts + "), was " + maxWatts);
            }
        }
    }
}
