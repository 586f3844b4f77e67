package io.heliostat.agent.collect;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import io.heliostat.agent.log.Log;

/**
 * What this node does not have or cannot tell, logged once when it goes missing and once when it comes back, so
 * that a Pi without RAPL counters does not fill the journal every ten seconds.
 */
public final class Absences {

    private final Map<String, String> missing = new ConcurrentHashMap<>();

    /** {@code what} is missing, because {@code why}. */
    public void absent(String what, String why) {
        if (missing.put(what, why) == null) {
            Log.info(what + ": left out of reports (" + why + ")");
        }
    }

    public void present(String what) {
        if (missing.remove(what) != null) {
            Log.info(what + ": back in reports");
        }
    }

    public boolean isAbsent(String what) {
        return missing.containsKey(what);
    }
}
