package io.heliostat.controller.node;

/** How much the controller trusts a node, from the age of its last report. */
public enum NodeStatus {
    /** Reporting: new work may go there. */
    READY,
    /** Missed beats: nothing new goes there, what runs there stays. */
    SUSPECT,
    /** Silent past the grace period: what ran there is placed elsewhere. */
    LOST;

    static NodeStatus forAge(long ageMillis, long suspectAfterMillis, long lostAfterMillis) {
        if (ageMillis >= lostAfterMillis) {
            return LOST;
        }
        return ageMillis >= suspectAfterMillis ? SUSPECT : READY;
    }
}
