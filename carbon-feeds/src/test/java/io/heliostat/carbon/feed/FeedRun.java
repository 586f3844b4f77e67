package io.heliostat.carbon.feed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import io.heliostat.carbon.SignalSink;
import io.heliostat.carbon.ZoneSignals;

/**
 * A Camel context running one provider's routes with the given properties, delivering into a list the test reads,
 * and counting polls and requests for history by outcome.
 */
public final class FeedRun implements AutoCloseable {

    private final CamelContext camel;
    private final ConcurrentLinkedQueue<ZoneSignals> delivered = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<PollOutcome> outcomes = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<PollOutcome> historyOutcomes = new ConcurrentLinkedQueue<>();

    private FeedRun(CamelContext camel) {
        this.camel = camel;
    }

    /** Starts {@code routes}, made with this run's sink and observer, under {@code properties}. */
    public static FeedRun start(Map<String, String> properties, RoutesFactory routes) {
        CamelContext camel = new DefaultCamelContext();
        Properties initial = new Properties();
        initial.putAll(properties);
        camel.getPropertiesComponent().setInitialProperties(initial);
        camel.getShutdownStrategy().setTimeout(5);
        FeedRun run = new FeedRun(camel);
        try {
            camel.addRoutes(routes.make(run.delivered::add, new PollObserver() {
                @Override
                public void polled(String provider, String zone, PollOutcome outcome, Duration took) {
                    run.outcomes.add(outcome);
                }

                @Override
                public void historyAsked(String provider, String zone, PollOutcome outcome) {
                    run.historyOutcomes.add(outcome);
                }
            }));
            camel.start();
        } catch (Exception e) {
            run.close();
            throw new IllegalStateException(e.getMessage(), e);
        }
        return run;
    }

    /**
     * The keys that enable {@code provider} against a local server at {@code baseUrl} for {@code zones}, polling every
     * 0.1 s with retries 10 ms apart and no rate limit to speak of, so that a test waits on its provider, not on pacing;
     * a mutable map for the test's own keys.
     */
    public static Map<String, String> fastPolling(String provider, String baseUrl, String zones) {
        String prefix = "heliostat.carbon." + provider + ".";
        Map<String, String> properties = new HashMap<>();
        properties.put(prefix + "enabled", "true");
        properties.put(prefix + "base-url", baseUrl);
        properties.put(prefix + "zones", zones);
        properties.put(prefix + "period", "PT0.1S");
        properties.put(prefix + "retry-delay", "PT0.01S");
        properties.put(prefix + "requests-per-second", "1000");
        return properties;
    }

    /** Makes the provider's routes with the run's sink and observer. */
    @FunctionalInterface
    public interface RoutesFactory {
        RoutesBuilder make(SignalSink sink, PollObserver observer);
    }

    public List<ZoneSignals> delivered() {
        return new ArrayList<>(delivered);
    }

    public List<ZoneSignals> delivered(String zone) {
        return delivered.stream().filter(signals -> signals.zone().equals(zone)).toList();
    }

    public List<PollOutcome> outcomes() {
        return new ArrayList<>(outcomes);
    }

    /** How each request for a zone's history ended, in order. */
    public List<PollOutcome> historyOutcomes() {
        return new ArrayList<>(historyOutcomes);
    }

    public long count(PollOutcome outcome) {
        return outcomes.stream().filter(outcome::equals).count();
    }

    public CamelContext camel() {
        return camel;
    }

    @Override
    public void close() {
        try {
            camel.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
