package io.heliostat.carbon.forecast;

/** What {@link ZoneHistory#append} did with a sample: worth logging when it is not {@link #APPENDED}. */
public enum AppendOutcome {
    /** The sample was for the interval right after the last one, and was appended. */
    APPENDED,
    /** Intervals were missing before the sample: they were filled (see {@link ZoneHistory}), then the sample appended. */
    FILLED_GAP,
    /** The gap before the sample was longer than the history fills: the history was cleared and restarted with the sample. */
    RESTARTED,
    /** The sample was not for a later interval than the last one (a duplicate or out of order): ignored. */
    IGNORED_NOT_LATER
}
