package io.heliostat.agent.link;

import java.util.List;

import io.heliostat.api.node.NodeReport;

/**
 * Where reports go: the controller over HTTP ({@link ControllerLink}) or an Eclipse Hono AMQP adapter. The
 * store-and-forward buffer sends through it and keeps whatever it does not say was taken.
 */
public interface ReportLink {

    enum Result { DELIVERED, RETRY, REJECTED }

    /**
     * @param detail   for a retry or a rejection, what the peer said (or why there was no answer)
     * @param outcomes the peer's word on each report it took, in order: ACCEPTED, DUPLICATE or OUT_OF_ORDER. On a
     *                 retry, the reports taken before the link failed, when the link sends one at a time: they leave
     *                 the buffer, the rest stay
     */
    record Delivery(Result result, String detail, List<String> outcomes) {

        public Delivery {
            outcomes = List.copyOf(outcomes);
        }
    }

    /** The word a link gives for a report whose peer only says it took it. */
    String ACCEPTED = "ACCEPTED";

    /** One report. */
    Delivery sendReport(NodeReport report);

    /** Reports in order, oldest first. */
    Delivery sendReports(List<NodeReport> reports);

    /** The peer, for the log: "controller http://..." or "Hono AMQP adapter amqps://...". */
    String peer();
}
