package io.heliostat.controller.federation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

/**
 * Sets a condition in a resource's status list the way Kubernetes controllers do: one condition per type, its
 * {@code lastTransitionTime} moved only when its status changes, so that a status written again with the same news is
 * the same status and a reader can tell how long a condition has held.
 */
public final class StatusConditions {

    private StatusConditions() {
    }

    /** {@code conditions} with the condition of {@code type} set as given; the others as they were. */
    public static List<Condition> set(List<Condition> conditions, String type, boolean status, String reason, String message,
                                      long observedGeneration, Instant now) {
        String value = status ? "True" : "False";
        List<Condition> next = new ArrayList<>();
        boolean found = false;
        for (Condition condition : conditions) {
            if (!type.equals(condition.getType())) {
                next.add(condition);
                continue;
            }
            found = true;
            String since = value.equals(condition.getStatus()) && condition.getLastTransitionTime() != null
                    ? condition.getLastTransitionTime() : now.toString();
            next.add(condition(type, value, reason, message, observedGeneration, since));
        }
        if (!found) {
            next.add(condition(type, value, reason, message, observedGeneration, now.toString()));
        }
        return List.copyOf(next);
    }

    private static Condition condition(String type, String status, String reason, String message, long generation, String since) {
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withObservedGeneration(generation).withLastTransitionTime(since).build();
    }
}
