package io.heliostat.agent.collect;

/** A collector found nothing it can report, for the reason given; the report leaves the field out. */
public final class Unavailable extends Exception {

    private static final long serialVersionUID = 1L;

    public Unavailable(String reason) {
        super(reason, null, false, false);
    }
}
