package io.heliostat.solver.io;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities ({@code "500m"}, {@code "4"}, {@code "8Gi"}, {@code "1.5G"}) to and from the
 * model's units: CPU in millicores, memory and storage in MiB. The grammar is Kubernetes' own, so that a
 * request copied from a manifest means the same here.
 */
public final class Quantities {

    /** Kubernetes' quantity grammar without a sign (a negative amount is never meaningful here). */
    static final Pattern QUANTITY = Pattern.compile("^\\+?((?:[0-9]+(?:\\.[0-9]*)?)|(?:\\.[0-9]+))((?:[KMGTPE]i)|[numkMGTPE]|(?:[eE][-+]?[0-9]+))?$");

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal MIB = BigDecimal.valueOf(1024L * 1024L);

    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("n", new BigDecimal("1e-9")),
            Map.entry("u", new BigDecimal("1e-6")),
            Map.entry("m", new BigDecimal("1e-3")),
            Map.entry("k", new BigDecimal("1e3")),
            Map.entry("M", new BigDecimal("1e6")),
            Map.entry("G", new BigDecimal("1e9")),
            Map.entry("T", new BigDecimal("1e12")),
            Map.entry("P", new BigDecimal("1e15")),
            Map.entry("E", new BigDecimal("1e18")),
            Map.entry("Ki", new BigDecimal(BigInteger.TWO.pow(10))),
            Map.entry("Mi", new BigDecimal(BigInteger.TWO.pow(20))),
            Map.entry("Gi", new BigDecimal(BigInteger.TWO.pow(30))),
            Map.entry("Ti", new BigDecimal(BigInteger.TWO.pow(40))),
            Map.entry("Pi", new BigDecimal(BigInteger.TWO.pow(50))),
            Map.entry("Ei", new BigDecimal(BigInteger.TWO.pow(60))));

    private Quantities() {
    }

    /** The amount a quantity string stands for, in the base unit (cores, bytes). */
    static BigDecimal parse(String text) {
        Matcher matcher = QUANTITY.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("is not a Kubernetes quantity");
        }
        BigDecimal number = new BigDecimal(matcher.group(1).endsWith(".") ? matcher.group(1) + "0" : matcher.group(1));
        String suffix = matcher.group(2);
        if (suffix == null) {
            return number;
        }
        BigDecimal multiplier = SUFFIXES.get(suffix);
        if (multiplier == null) {
            // An exponent such as e3 or E-2 (a lone E is the exa suffix, found above).
            return number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
        }
        return number.multiply(multiplier);
    }

    /**
     * Cores to millicores; the amount must be a whole number of millicores, as Kubernetes rounds finer
     * CPU amounts up and a silent rounding would change the problem.
     */
    static long cpuMillis(BigDecimal cores) {
        BigDecimal millis = cores.multiply(THOUSAND);
        if (millis.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("must be a whole number of millicores (1m = 0.001 cores)");
        }
        return toLong(millis);
    }

    /**
     * Bytes to MiB, rounding a request up and a capacity down: a unit conversion must never make a
     * replica look as if it fits where it does not.
     */
    static long mebibytes(BigDecimal bytes, boolean roundUp) {
        return toLong(bytes.divide(MIB, 0, roundUp ? RoundingMode.CEILING : RoundingMode.FLOOR));
    }

    private static long toLong(BigDecimal value) {
        try {
            return value.longValueExact();
        } catch (ArithmeticException tooLarge) {
            throw new IllegalArgumentException("is too large");
        }
    }

    /** A request's CPU quantity ({@code "500m"}, {@code "2"}) in millicores; the message says what is wrong. */
    public static long requestCpuMillis(String quantity) {
        return cpuMillis(parse(quantity));
    }

    /** A request's byte quantity ({@code "512Mi"}, {@code "1G"}) in MiB, rounded up. */
    public static long requestMebibytes(String quantity) {
        return mebibytes(parse(quantity), true);
    }

    /** Millicores as Kubernetes writes them: whole cores as {@code "4"}, others as {@code "500m"}. */
    static String formatCpu(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m";
    }

    /** MiB as Kubernetes writes them: {@code "8Gi"} when whole GiB, otherwise {@code "512Mi"}. */
    static String formatMebibytes(long mebibytes) {
        return mebibytes % 1024 == 0 && mebibytes > 0 ? (mebibytes / 1024) + "Gi" : mebibytes + "Mi";
    }
}
