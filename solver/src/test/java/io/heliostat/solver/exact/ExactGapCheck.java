package io.heliostat.solver.exact;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.generator.FleetGenerator;
import io.heliostat.solver.generator.FleetSize;
import io.heliostat.solver.generator.GeneratedFleet;
import io.heliostat.solver.placement.PlannerSettings;

/**
 * How far our Planner's carbon is from the exact optimum on a generated fleet of size S (or any size), when
 * CP-SAT has minutes rather than the seconds a CI test can give it. A benchmark, not a test: it prints one
 * line and asserts nothing.
 *
 * <pre>
 * ./heliostat exact-check --size S --time-limit 5m --planner-time-limit 30s
 * </pre>
 * (the launcher runs exec:java on the solver's test classpath; {@code -Dexec.skip=true} there skips the
 * modules {@code -am} builds first, and the solver pom runs exec:java anyway.)
 *
 * <p>Prints {@code BENCH exact size=S nodes=200 replicas=1000 carbon_g=... optimum_g=... proven=true gap=...}
 * when CP-SAT proves the optimum in time, else {@code bound_g=... exact_best_g=... proven=false}, where gap is
 * our carbon over the optimum or bound, minus one. The Planner's hard score and unplaced replicas follow: a
 * plan that leaves replicas unplaced has less carbon than any complete one, so its gap is not comparable.
 * Options: {@code --size XS|S|M|L} (S), {@code --seed N} (0), {@code --time-limit} for CP-SAT (5m),
 * {@code --planner-time-limit} (30s), {@code --workers} for CP-SAT (2), {@code --start} for the plan CP-SAT
 * starts from ({@code witness}, the generator's, by default; {@code planner}, the Planner's own, so that what
 * CP-SAT finds below it shows at least how far the Planner is from the optimum), {@code --log} for CP-SAT's
 * search log on stderr. Durations are {@code 90s}, {@code 5m}, {@code 1h} or ISO-8601.
 */
public final class ExactGapCheck {

    static final FleetSize DEFAULT_SIZE = FleetSize.S;
    static final long DEFAULT_SEED = 0;
    static final Duration DEFAULT_TIME_LIMIT = Duration.ofMinutes(5);
    static final Duration DEFAULT_PLANNER_TIME_LIMIT = Duration.ofSeconds(30);
    static final int DEFAULT_WORKERS = 2;

    private ExactGapCheck() {
    }

    public static void main(String[] args) {
        FleetSize size = DEFAULT_SIZE;
        long seed = DEFAULT_SEED;
        Duration timeLimit = DEFAULT_TIME_LIMIT;
        Duration plannerTimeLimit = DEFAULT_PLANNER_TIME_LIMIT;
        int workers = DEFAULT_WORKERS;
        boolean log = false;
        boolean fromPlanner = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--size" -> size = size(value(args, ++i, option));
                case "--seed" -> seed = Long.parseLong(value(args, ++i, option));
                case "--time-limit" -> timeLimit = duration(value(args, ++i, option), option);
                case "--planner-time-limit" -> plannerTimeLimit = duration(value(args, ++i, option), option);
                case "--workers" -> workers = Integer.parseInt(value(args, ++i, option));
                case "--log" -> log = true;
                case "--start" -> fromPlanner = start(value(args, ++i, option));
                default -> throw new IllegalArgumentException("unknown option '" + option
                        + "'; allowed: --size XS|S|M|L, --seed N, --time-limit D, --planner-time-limit D, --workers N, --start witness|planner, --log");
            }
        }
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be >= 1, was " + workers);
        }

        GeneratedFleet fleet = new FleetGenerator().generateWithWitness(size, seed);
        // CP-SAT starts from a plan: on S it finds no plan of its own for minutes.
        fleet.applyWitness();
        Optional<FleetPlan> witness = Optional.of(fleet.plan());
        Function<FleetPlan, Optional<FleetPlan>> start = fromPlanner ? Optional::of : planned -> witness;
        Consumer<String> cpSatLog = log ? System.err::println : line -> {
        };
        CarbonComparison comparison = CarbonComparison.run(size.name(), fleet.plan(), start,
                PlannerSettings.ofDefaults().withTimeLimit(plannerTimeLimit), timeLimit, workers, cpSatLog);
        System.out.println("BENCH exact " + comparison.line() + String.format(Locale.ROOT, " seed=%d start=%s exact_plan_hard=%s",
                seed, fromPlanner ? "planner" : "witness",
                comparison.exact().carbonMilligrams().isPresent() ? comparison.exactPlan().getScore().hardScore() : "none"));
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static boolean start(String text) {
        return switch (text) {
            case "witness" -> false;
            case "planner" -> true;
            default -> throw new IllegalArgumentException("--start must be witness or planner, was '" + text + "'");
        };
    }

    private static FleetSize size(String text) {
        try {
            return FleetSize.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--size must be XS, S, M or L, was '" + text + "'");
        }
    }

    /** {@code 90s}, {@code 5m}, {@code 1h}, or an ISO-8601 duration such as {@code PT5M}. */
    static Duration duration(String text, String option) {
        String lower = text.toLowerCase(Locale.ROOT);
        try {
            if (lower.startsWith("pt")) {
                return Duration.parse(text);
            }
            long amount = Long.parseLong(lower.substring(0, lower.length() - 1));
            return switch (lower.charAt(lower.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + " must be a duration such as 90s, 5m, 1h or PT5M, was '" + text + "'");
        }
    }
}
