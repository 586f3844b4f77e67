package io.heliostat.api.federation;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
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
import io.heliostat.api.placement.SandboxSpec;
import io.heliostat.api.placement.SpreadSpec;
import io.heliostat.api.placement.WorkloadSpec;
import io.heliostat.api.policy.HardRules;

/**
 * What to run (a Deployment or Job template, inline or by reference), how many replicas, how to divide them among
 * member clusters, and the placement rules they keep. Each replica's resource requests, node selector and tolerations
 * are its pod template's, so that the template reads as it would in a single cluster.
 *
 * @param template    the object to run in each member, inline
 * @param templateRef a Deployment or Job on the hub, in this namespace, whose spec is the template (keep it at 0
 *                    replicas or suspended there)
 * @param replicas    replicas in all; default the template's own, else 1
 * @param division    how the replicas are divided among member clusters; default Dynamic
 * @param placement   the rules the replicas keep besides their pod template's
 */
@ValidationRule(value = "has(self.template) != has(self.templateRef)", message = "exactly one of template and templateRef must be set")
public record FederatedWorkloadSpec(WorkloadTemplate template, TemplateReference templateRef,
                                    @Min(1) @Max(WorkloadSpec.MAX_REPLICAS) Integer replicas, ReplicaDivision division,
                                    PlacementRules placement) implements Validated {

    public static final List<String> TEMPLATE_KINDS = List.of("Deployment", "Job");

    public FederatedWorkloadSpec {
        division = division == null ? ReplicaDivision.DYNAMIC : division;
        placement = placement == null ? PlacementRules.NONE : placement;
    }

    @Override
    public void validate(Validator validator) {
        if ((template == null) == (templateRef == null)) {
            validator.reject("template", "exactly one of template and templateRef must be set");
        }
        if (template != null) {
            template.validate(validator.at("template"));
        }
        if (templateRef != null) {
            templateRef.validate(validator.at("templateRef"));
        }
        validator.range("replicas", replicas, 1, WorkloadSpec.MAX_REPLICAS);
        division.validate(validator.at("division"));
        placement.validate(validator.at("placement"));
        kind().ifPresent(kind -> {
            Validator rules = validator.at("placement");
            if (kind.equals("Job")) {
                // A job is placed in time too: when it may run and by when it must be done.
                rules.required("duration", placement.duration());
                rules.required("deadline", placement.deadline());
            } else if (placement.isJob()) {
                rules.reject(placement.duration() != null ? "duration" : "deadline", "applies to Jobs only; the template is a " + kind);
            }
        });
    }

    /** The template's kind, inline or referenced. */
    public Optional<String> kind() {
        return Optional.ofNullable(template != null ? template.kind() : templateRef != null ? templateRef.kind() : null);
    }

    /**
     * An inline template: a Deployment's or Job's {@code spec} as it would be written for one cluster.
     *
     * @param metadata labels and annotations for the objects applied to members
     */
    public record WorkloadTemplate(@Required @Pattern("^(Deployment|Job)$") String kind, TemplateMetadata metadata,
                                   @Required
                                   @JsonPropertyDescription("A Deployment or Job spec, as for one cluster; checked by the controller.")
                                   JsonNode spec) implements Validated {

        @Override
        public void validate(Validator validator) {
            if (validator.required("kind", kind)) {
                validator.oneOf("kind", kind, TEMPLATE_KINDS);
            }
            if (spec == null || !spec.isObject() || spec.isEmpty()) {
                validator.reject("spec", "is required: a Deployment or Job spec with a pod template");
            }
        }
    }

    /** Labels and annotations for the objects applied to members. */
    public record TemplateMetadata(Map<String, String> labels, Map<String, String> annotations) {

        public TemplateMetadata {
            labels = Copies.map(labels);
            annotations = Copies.map(annotations);
        }
    }

    /** A Deployment or Job on the hub, in the FederatedWorkload's namespace. */
    public record TemplateReference(@Required @Pattern("^(Deployment|Job)$") String kind,
                                    @Required @Pattern(Validator.DNS_SUBDOMAIN_PATTERN) String name) implements Validated {

        @Override
        public void validate(Validator validator) {
            if (validator.required("kind", kind)) {
                validator.oneOf("kind", kind, TEMPLATE_KINDS);
            }
            if (validator.required("name", name)) {
                validator.matches("name", name, Validator.DNS_SUBDOMAIN, "must be an object name (a DNS subdomain)");
            }
        }
    }

    /**
     * How replicas are divided among member clusters, as Karmada divides them:
     * <ul>
     *   <li>Dynamic: the solver puts each replica where it costs least, so clusters take replicas by the room they have
     *   and the carbon of their grid;</li>
     *   <li>Weighted: each listed cluster takes its weight's share (largest remainder), placed within it;</li>
     *   <li>Duplicated: each listed cluster runs every replica (a full copy per cluster).</li>
     * </ul>
     */
    @ValidationRule(value = "(has(self.type) ? self.type : 'Dynamic') == 'Dynamic' ? !has(self.clusters) || size(self.clusters) == 0 : has(self.clusters) && size(self.clusters) > 0",
            message = "Weighted and Duplicated list their clusters; Dynamic lists none")
    public record ReplicaDivision(@Pattern("^(Dynamic|Weighted|Duplicated)$") String type, @Size(max = 100) List<ClusterWeight> clusters)
            implements Validated {

        public static final List<String> TYPES = List.of("Dynamic", "Weighted", "Duplicated");
        public static final ReplicaDivision DYNAMIC = new ReplicaDivision(null, null);

        public ReplicaDivision {
            type = type == null ? "Dynamic" : type;
            clusters = Copies.list(clusters);
        }

        @Override
        public void validate(Validator validator) {
            validator.oneOf("type", type, TYPES);
            if (type.equals("Dynamic") && !clusters.isEmpty()) {
                validator.reject("clusters", "must be empty for Dynamic: the solver chooses the clusters");
            }
            if (!type.equals("Dynamic") && clusters.isEmpty()) {
                validator.reject("clusters", "must list at least one member cluster for " + type);
            }
            for (int i = 0; i < clusters.size(); i++) {
                Validator cluster = validator.at("clusters", i);
                if (cluster.required("", clusters.get(i))) {
                    clusters.get(i).validate(cluster);
                }
            }
            List<String> names = clusters.stream().filter(Objects::nonNull).map(ClusterWeight::name).toList();
            if (new HashSet<>(names).size() < names.size()) {
                validator.reject("clusters", "must name each member cluster once");
            }
        }
    }

    /** A member cluster by name, and its weight for Weighted division (default 1). */
    public record ClusterWeight(@Required @Pattern(Validator.DNS_SUBDOMAIN_PATTERN) String name,
                                @Min(1) @Max(MAX_WEIGHT) Integer weight) implements Validated {

        public static final int MAX_WEIGHT = 1000;

        public ClusterWeight {
            weight = weight == null ? 1 : weight;
        }

        @Override
        public void validate(Validator validator) {
            if (validator.required("name", name)) {
                validator.matches("name", name, Validator.DNS_SUBDOMAIN, "must be a MemberCluster name");
            }
            validator.range("weight", weight, 1, MAX_WEIGHT);
        }
    }

    /**
     * The rules a FederatedWorkload's replicas keep besides their pod template's: its {@link WorkloadSpec}'s, in the
     * same words.
     *
     * @param policy          the PlacementPolicy it is placed under; default {@code default}
     * @param clusterSelector labels a member cluster must carry, on top of the policy's
     * @param duration        how long a Job runs (ISO-8601); Jobs only
     * @param deadline        when a Job must have finished, RFC 3339; Jobs only
     */
    public record PlacementRules(@Pattern(Validator.ID_PATTERN) String policy, @Pattern(Validator.ID_PATTERN) String tenant,
                                 SandboxSpec sandbox, @Size(max = HardRules.MAX_RESIDENCY) List<String> residency,
                                 @Pattern(Validator.ID_PATTERN) String userLocation,
                                 @Min(0) @Max(60000) Integer latencySloMs, SpreadSpec spread, Boolean antiAffinity,
                                 @Size(max = 64) Map<String, String> clusterSelector, @Pattern(Durations.ISO_PATTERN) String duration,
                                 String deadline) implements Validated {

        public static final PlacementRules NONE = new PlacementRules(null, null, null, null, null, null, null, null, null, null, null);

        public PlacementRules {
            residency = Copies.list(residency);
            clusterSelector = Copies.map(clusterSelector);
        }

        /** Whether these are a Job's rules: they place it in time. */
        @JsonIgnore
        public boolean isJob() {
            return deadline != null || duration != null;
        }

        @Override
        public void validate(Validator validator) {
            validator.optionalId("policy", policy);
            validator.optionalId("tenant", tenant);
            validator.optionalId("userLocation", userLocation);
            if (sandbox != null) {
                sandbox.validate(validator.at("sandbox"));
            }
            validator.ids("residency", residency);
            validator.range("latencySloMs", latencySloMs, 0, 60_000);
            if (spread != null) {
                spread.validate(validator.at("spread"));
            }
            validator.labels("clusterSelector", clusterSelector);
            if (duration != null) {
                Durations.within(validator, "duration", duration, Duration.ofSeconds(1), WorkloadSpec.MAX_DURATION);
            }
            if (deadline != null) {
                try {
                    Instant.parse(deadline);
                } catch (DateTimeParseException e) {
                    validator.reject("deadline", "must be an RFC 3339 time such as 2026-11-23T06:00:00Z, was '" + deadline + "'");
                }
            }
        }
    }
}
