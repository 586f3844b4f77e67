package io.heliostat.solver.domain;

/** Kubernetes taint effects: the first two forbid scheduling, the last only discourages it. */
public enum TaintEffect {
    NO_SCHEDULE("NoSchedule"),
    NO_EXECUTE("NoExecute"),
    PREFER_NO_SCHEDULE("PreferNoSchedule");

    private final String id;

    TaintEffect(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public boolean forbidsScheduling() {
        return this != PREFER_NO_SCHEDULE;
    }

    public static TaintEffect fromId(String id) {
        for (TaintEffect effect : values()) {
            if (effect.id.equals(id)) {
                return effect;
            }
        }
        throw new IllegalArgumentException("unknown taint effect '" + id + "'; allowed: NoSchedule, NoExecute, PreferNoSchedule");
    }
}
