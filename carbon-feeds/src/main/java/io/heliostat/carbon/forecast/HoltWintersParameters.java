package io.heliostat.carbon.forecast;

/**
 * The smoothing parameters of additive Holt-Winters with a damped trend.
 *
 * @param alpha level smoothing, in (0, 1]: how fast the level follows a shift
 * @param beta trend smoothing, in [0, 1]; 0 keeps the trend at 0 (no trend)
 * @param gamma season smoothing, in [0, 1]: how fast the daily shape follows change (1 is seasonal-naive-like)
 * @param phi trend damping, in (0, 1]: the trend's weight decays by phi per step ahead (1 is undamped)
 */
public record HoltWintersParameters(double alpha, double beta, double gamma, double phi) {

    public HoltWintersParameters {
        require(alpha > 0 && alpha <= 1, "alpha", "in (0, 1]", alpha);
        require(beta >= 0 && beta <= 1, "beta", "in [0, 1]", beta);
        require(gamma >= 0 && gamma <= 1, "gamma", "in [0, 1]", gamma);
        require(phi > 0 && phi <= 1, "phi", "in (0, 1]", phi);
    }

    /** Level and season only: no trend. */
    public static HoltWintersParameters withoutTrend(double alpha, double gamma) {
        return new HoltWintersParameters(alpha, 0, gamma, 1);
    }

    private static void require(boolean valid, String field, String allowed, double value) {
        if (!valid) {
            throw new IllegalArgumentException(field + " must be " + allowed + ", was " + value);
        }
    }
}
