package io.heliostat.solver.generator;

import java.util.List;
import java.util.Random;

/**
 * The generator's source of randomness. Uses only {@link Random#nextInt(int)} and {@link Random#nextDouble()},
 * whose algorithms the JDK specifies, so that a seed gives the same fleet on every JDK.
 */
final class Draw {

    private final Random random;

    Draw(long seed) {
        this.random = new Random(seed);
    }

    /** A whole number in {@code [low, high]}. */
    int between(int low, int high) {
        return low + random.nextInt(high - low + 1);
    }

    /** A number in {@code [low, high)}. */
    double uniform(double low, double high) {
        return low + random.nextDouble() * (high - low);
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    int index(int size) {
        return random.nextInt(size);
    }
}
