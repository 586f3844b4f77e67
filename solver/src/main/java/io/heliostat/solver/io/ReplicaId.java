package io.heliostat.solver.io;

import java.util.Optional;

/** A replica's id as the files write it, {@code <workload>#<ordinal>} (the model's {@code Replica.getId()}). */
record ReplicaId(String workload, int ordinal) {

    static Optional<ReplicaId> parse(String id) {
        int hash = id.lastIndexOf('#');
        if (hash <= 0 || hash == id.length() - 1) {
            return Optional.empty();
        }
        String digits = id.substring(hash + 1);
        if (!digits.chars().allMatch(Character::isDigit) || digits.length() > 9) {
            return Optional.empty();
        }
        return Optional.of(new ReplicaId(id.substring(0, hash), Integer.parseInt(digits)));
    }

    @Override
    public String toString() {
        return workload + "#" + ordinal;
    }
}
