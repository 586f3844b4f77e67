package io.heliostat.carbon.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.heliostat.carbon.CarbonSignal;
import io.heliostat.carbon.SettableClock;
import io.heliostat.carbon.SignalBasis;
import io.heliostat.carbon.ZoneSignals;
import io.heliostat.carbon.feed.ProviderServer.Answer;
import io.heliostat.carbon.feed.internal.CarbonAwareSdkReader;
import io.heliostat.solver.domain.SignalKind;

class CarbonAwareSdkRoutesTest {

    private static final Instant NOW = Instant.parse("2022-06-15T12:20:00Z");
    private static final String EMISSIONS = "/emissions/bylocation";
    private static final String FORECAST = "/emissions/forecasts/current";
    private static final String KEY = "heliostat.carbon.carbon-aware-sdk.";

    private final ProviderServer server = ProviderServer.start();
    private final SettableClock clock = new SettableClock(NOW);
    private final Logger readerLog = (Logger) LoggerFactory.getLogger(CarbonAwareSdkReader.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private FeedRun run;

    @AfterEach
    void stop() {
        if (run != null) {
            run.close();
        }
        server.close();
        readerLog.detachAppender(logged);
    }

    /** One entry of emissions/bylocation as the SDK's WebAPI serialises it. */
    private static String entry(String location, String time, double rating, String duration) {
        return """
                {"location":"%s","time":"%s","rating":%s,"duration":"%s"}""".formatted(location, time, rating, duration);
    }

    private static String emissions(String... entries) {
        return "[" + String.join(",", entries) + "]";
    }

    /** emissions/forecasts/current for one location, forecastData points of {timestamp, value} lasting {@code minutes}. */
    private static String forecast(String location, String generatedAt, int minutes, Object... timestampsAndValues) {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < timestampsAndValues.length; i += 2) {
            data.append(i == 0 ? "" : ",").append("""
                    {"location":"NL","timestamp":"%s","duration":%d,"value":%s}""".formatted(timestampsAndValues[i], minutes,
                    timestampsAndValues[i + 1]));
        }
        return """
                [{"requestedAt":"2022-06-15T12:20:00.1234567+00:00","generatedAt":"%s","location":"%s",
                  "dataStartAt":"2022-06-15T12:15:00+00:00","dataEndAt":"2022-06-16T12:15:00+00:00","windowSize":5,
                  "optimalDataPoint":{"location":"NL","timestamp":"2022-06-15T12:25:00+00:00","duration":5,"value":402.5},
                  "forecastData":[%s]}]""".formatted(generatedAt, location, data);
    }

    private static final String WESTEUROPE_NOW = emissions(
            entry("westeurope", "2022-06-15T12:10:00.0000000+00:00", 455.1, "00:05:00"),
            // Local time with an offset: 12:15 UTC, the latest entry at or before now.
            entry("westeurope", "2022-06-15T14:15:00.0000000+02:00", 431.27, "00:05:00"),
            // After now (12:20:00): not yet the current value.
            entry("westeurope", "2022-06-15T12:20:11.5092741+00:00", 999, "00:05:00"));

    private static final String WESTEUROPE_FORECAST = forecast("westeurope", "2022-06-15T12:15:03.1234567+00:00", 5,
            "2022-06-15T12:15:00+00:00", 431.0, "2022-06-15T12:20:00+00:00", 420.5, "2022-06-15T12:25:00+00:00", 402.5);

    /** Spain's hours from 2022-06-14T13:00Z to 2022-06-15T12:00Z, {@link #NOW}'s hour, as an SDK on Electricity Maps gives them. */
    private static final String SPAIN_DAY = ProviderServer.recorded("carbon-aware-sdk/emissions_bylocation_spaincentral_day.json");

    /** Whether an emissions/bylocation request is for a zone's history rather than for the current value's last hour. */
    private static boolean seed(ProviderServer.Request request) {
        return Duration.between(at(request.query().get("time")), at(request.query().get("toTime"))).compareTo(Duration.ofHours(1)) > 0;
    }

    /** emissions/bylocation for spaincentral: the day, or the current hour, as asked. */
    private static Answer spaincentral(ProviderServer.Request request) {
        return Answer.json(seed(request) ? SPAIN_DAY
                : emissions(entry("spaincentral", "2022-06-15T12:00:00+00:00", 292.22, "01:00:00")));
    }

    private Map<String, String> settings(String zones) {
        Map<String, String> properties = FeedRun.fastPolling("carbon-aware-sdk", server.url(""), zones);
        properties.put(KEY + "signal-kind", "marginal");
        return properties;
    }

    private FeedRun start(Map<String, String> properties) {
        run = FeedRun.start(properties, (sink, observer) -> new CarbonAwareSdkRoutes(sink, observer, clock, new io.heliostat.carbon.ZoneClaims()));
        return run;
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void readsTheLatestEntryAtOrBeforeNowAndTheForecastAfterItAsSignalsOfTheFleetsZone() {
        server.always(EMISSIONS, Answer.json(WESTEUROPE_NOW)).always(FORECAST, Answer.json(WESTEUROPE_FORECAST));
        Map<String, String> properties = settings("azure/westeurope");
        properties.put(KEY + "api-key", "gateway-key");

        start(properties);

        // azure/westeurope is fed as the fleet's zone NL and read as the SDK's location westeurope.
        await().until(() -> !run.delivered("NL").isEmpty());
        ZoneSignals netherlands = run.delivered("NL").getFirst();
        SignalBasis issued = new SignalBasis.Forecast(at("2022-06-15T12:15:03.1234567Z"));
        assertThat(netherlands.asOf()).isEqualTo(NOW);
        assertThat(netherlands.current()).isEqualTo(new CarbonSignal("NL", at("2022-06-15T12:15:00Z"), at("2022-06-15T12:20:00Z"),
                431.27, SignalKind.MARGINAL, SignalBasis.ACTUAL, "carbon-aware-sdk:marginal", NOW, false));
        // The forecast's first point is the current interval, already read as actual: only 12:20 and 12:25 lie ahead.
        assertThat(netherlands.forecast()).containsExactly(
                new CarbonSignal("NL", at("2022-06-15T12:20:00Z"), at("2022-06-15T12:25:00Z"), 420.5, SignalKind.MARGINAL, issued,
                        "carbon-aware-sdk:marginal", NOW, false),
                new CarbonSignal("NL", at("2022-06-15T12:25:00Z"), at("2022-06-15T12:30:00Z"), 402.5, SignalKind.MARGINAL, issued,
                        "carbon-aware-sdk:marginal", NOW, false));

        ProviderServer.Request emissions = server.requests(EMISSIONS).getFirst();
        assertThat(emissions.query()).containsExactlyInAnyOrderEntriesOf(Map.of("location", "westeurope",
                "time", "2022-06-15T11:20:00Z", "toTime", "2022-06-15T12:20:00Z"));
        assertThat(emissions.headers()).containsEntry("x-api-key", "gateway-key");
        ProviderServer.Request forecast = server.requests(FORECAST).getFirst();
        assertThat(forecast.query()).containsExactlyEntriesOf(Map.of("location", "westeurope"));
        assertThat(forecast.headers()).containsEntry("x-api-key", "gateway-key");
    }

    @Test
    void theFirstPollSeedsTheLastDaySoThatTheForecastFromHistoryAndTheDailyProfileComeAtOnce() {
        server.always(EMISSIONS, CarbonAwareSdkRoutesTest::spaincentral)
                .always(FORECAST, Answer.status(501, "{\"title\":\"Not Implemented\",\"status\":501}"));
        Map<String, String> properties = settings("ES=spaincentral");
        properties.put(KEY + "signal-kind", "average");

        start(properties);

        await().until(() -> run.delivered("ES").size() >= 3);
        ZoneSignals first = run.delivered("ES").getFirst();
        // 23 hours before the current one make a day with it: the seasonal method's, the day before's 13:00 first.
        assertThat(first.forecast()).hasSize(24).allSatisfy(hour -> assertThat(hour.source())
                .isEqualTo("carbon-aware-sdk:average+history:seasonal-naive"));
        assertThat(first.forecast().getFirst()).extracting(CarbonSignal::start, CarbonSignal::gramsPerKwh)
                .containsExactly(at("2022-06-15T13:00:00Z"), 262.74);
        assertThat(first.dailyProfile()).hasSize(24);
        assertThat(first.dailyProfile().get(3)).isEqualTo(373.29);
        List<ProviderServer.Request> seeds = server.requests(EMISSIONS).stream().filter(CarbonAwareSdkRoutesTest::seed).toList();
        assertThat(seeds).singleElement().satisfies(request -> assertThat(request.query()).containsExactlyInAnyOrderEntriesOf(
                Map.of("location", "spaincentral", "time", "2022-06-14T12:20:00Z", "toTime", "2022-06-15T12:20:00Z")));
    }

    @Test
    void aHistoryAnswering500OrTruncatedJsonLeavesThePollAsReadAndIsNotAskedForAtEveryPoll() {
        AtomicInteger seeds = new AtomicInteger();
        server.always(EMISSIONS, request -> !seed(request) ? spaincentral(request)
                        : seeds.getAndIncrement() == 0 ? Answer.status(500) : Answer.json(SPAIN_DAY.substring(0, SPAIN_DAY.length() / 2)))
                .always(FORECAST, Answer.status(501, "{\"title\":\"Not Implemented\",\"status\":501}"));

        start(settings("ES=spaincentral, ES-EDGE=spaincentral"));

        await().until(() -> run.delivered("ES").size() >= 3 && run.delivered("ES-EDGE").size() >= 3);
        assertThat(run.outcomes()).containsOnly(PollOutcome.OK);
        assertThat(run.historyOutcomes()).containsExactlyInAnyOrder(PollOutcome.UNAVAILABLE, PollOutcome.REJECTED);
        assertThat(seeds).hasValue(2);
        assertThat(run.delivered()).allSatisfy(signals -> {
            assertThat(signals.current().gramsPerKwh()).isEqualTo(292.22);
            assertThat(signals.forecast()).isEmpty();
            assertThat(signals.dailyProfile()).isEmpty();
        });
    }

    @Test
    void durationsAreReadAsDotNetTimeSpansWithDaysOrFractionsAndAsIso8601() {
        Map<String, String> durations = Map.of("eastus", "00:05:00", "westus", "01:00:00", "northeurope", "1.00:00:00",
                "uksouth", "PT30M", "japaneast", "00:04:59.5000000");
        server.always(EMISSIONS, request -> {
            String location = request.query().get("location");
            return Answer.json(emissions(entry(location, "2022-06-15T12:00:00.0000000+00:00", 250, durations.get(location))));
        }).always(FORECAST, request -> Answer.json(forecast(request.query().get("location"), "2022-06-15T12:00:00+00:00", 60)));
        Map<String, String> properties = settings("eastus,westus,northeurope,uksouth,japaneast");
        properties.put(KEY + "signal-kind", "average");

        start(properties);

        await().until(() -> durations.keySet().stream().noneMatch(zone -> run.delivered(zone).isEmpty()));
        Map<String, Duration> expected = Map.of("eastus", Duration.ofMinutes(5), "westus", Duration.ofHours(1),
                "northeurope", Duration.ofDays(1), "uksouth", Duration.ofMinutes(30), "japaneast", Duration.ofMillis(299_500));
        expected.forEach((zone, duration) -> {
            CarbonSignal current = run.delivered(zone).getFirst().current();
            assertThat(Duration.between(current.start(), current.end())).as(zone).isEqualTo(duration);
            assertThat(current.start()).isEqualTo(at("2022-06-15T12:00:00Z"));
            assertThat(current.kind()).isEqualTo(SignalKind.AVERAGE);
            assertThat(current.source()).isEqualTo("carbon-aware-sdk:average");
        });
        // Without an api-key there is no gateway to show one to.
        assertThat(server.requests()).allSatisfy(request -> assertThat(request.headers()).doesNotContainKey("x-api-key"));
    }

    @Test
    void anEmptyArrayMeansTheSdkHasNoDataForTheLocationAndNothingIsDelivered() {
        server.always(EMISSIONS, Answer.json("[]")).always(FORECAST, Answer.json(WESTEUROPE_FORECAST));

        start(settings("nowhere"));

        await().until(() -> run.count(PollOutcome.UNKNOWN_ZONE) >= 2);
        assertThat(run.delivered()).isEmpty();
        assertThat(run.outcomes()).containsOnly(PollOutcome.UNKNOWN_ZONE);
        // Unknown is not an outage: not retried within the poll, and the forecast is not asked for.
        assertThat(server.requests(EMISSIONS).size()).isLessThanOrEqualTo(run.outcomes().size() + 1);
        assertThat(server.requests(FORECAST)).isEmpty();
    }

    @Test
    void aForecastTheSdkDoesNotGiveLeavesTheCurrentValueDeliveredWithoutOneAndIsLoggedOnce() {
        logged.start();
        readerLog.addAppender(logged);
        server.always(EMISSIONS, request -> Answer.json(emissions(
                        entry(request.query().get("location"), "2022-06-15T12:15:00+00:00", 300, "00:05:00"))))
                .always(FORECAST, request -> switch (request.query().get("location")) {
                    // 501: the SDK's data source does not implement forecasts; 400 and 404: none for this location.
                    case "eastus" -> Answer.status(501, "{\"title\":\"Not Implemented\",\"status\":501}");
                    case "westus" -> Answer.status(400, "{\"title\":\"Bad Request\",\"status\":400}");
                    default -> Answer.status(404, "{\"title\":\"Not Found\",\"status\":404}");
                });

        start(settings("eastus,westus,northeurope"));

        await().until(() -> List.of("eastus", "westus", "northeurope").stream().allMatch(zone -> run.delivered(zone).size() >= 3));
        assertThat(run.delivered()).allSatisfy(signals -> {
            assertThat(signals.forecast()).isEmpty();
            assertThat(signals.current().gramsPerKwh()).isEqualTo(300);
        });
        // A 501 is not an outage: the polls all count as read, and none is retried (a retry reads the value again).
        assertThat(run.outcomes()).containsOnly(PollOutcome.OK);
        long asked = server.requests(EMISSIONS).stream()
                .filter(request -> request.query().get("location").equals("eastus") && !seed(request)).count();
        assertThat(asked).isLessThanOrEqualTo(run.delivered("eastus").size() + 1);
        // Asked again at every poll, so that a forecast comes back by itself, but logged once per zone.
        assertThat(logged.list).filteredOn(event -> event.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .hasSize(3)
                .anySatisfy(message -> assertThat(message).contains("zone eastus").contains("501"))
                .anySatisfy(message -> assertThat(message).contains("zone westus").contains("400"))
                .anySatisfy(message -> assertThat(message).contains("zone northeurope").contains("404"));
    }

    @Test
    void aBurstOfServerErrorsIsRetriedWithBackOffAndTheZoneIsReadAfterIt() {
        server.next(EMISSIONS, Answer.status(500), Answer.status(502))
                .always(EMISSIONS, Answer.json(WESTEUROPE_NOW))
                .next(FORECAST, Answer.status(503))
                .always(FORECAST, Answer.json(WESTEUROPE_FORECAST));

        start(settings("NL=westeurope"));

        await().until(() -> !run.delivered("NL").isEmpty());
        // 500, 502, then a read whose forecast answered 503 (an outage, retried like any), then the whole read.
        assertThat(run.outcomes().getFirst()).isEqualTo(PollOutcome.OK);
        assertThat(server.requests(EMISSIONS).size()).isGreaterThanOrEqualTo(4);
        ZoneSignals first = run.delivered("NL").getFirst();
        assertThat(first.current().gramsPerKwh()).isEqualTo(431.27);
        assertThat(first.forecast()).hasSize(2);
    }

    @Test
    void a429HoldsEveryRequestBackUntilItsRetryAfterHasPassed() {
        server.next(EMISSIONS, Answer.status(429).withHeader("Retry-After", "120"))
                .always(EMISSIONS, Answer.json(WESTEUROPE_NOW))
                .always(FORECAST, Answer.json(WESTEUROPE_FORECAST));

        start(settings("NL=westeurope"));

        await().until(() -> run.count(PollOutcome.RATE_LIMITED) >= 3);
        assertThat(server.requests(EMISSIONS)).hasSize(1);
        assertThat(server.requests(FORECAST)).isEmpty();
        assertThat(run.delivered()).isEmpty();

        clock.advance(Duration.ofSeconds(121));
        await().until(() -> !run.delivered("NL").isEmpty());
        assertThat(server.requests(EMISSIONS)).hasSizeGreaterThan(1);
    }

    @Test
    void truncatedJsonOfTheValueOrOfTheForecastIsRejectedAndNothingOfItIsIngested() {
        server.always(EMISSIONS, request -> request.query().get("location").equals("eastus")
                        ? Answer.json("[{\"location\":\"eastus\",\"time\":\"2022-06-15T12:15:00+00:00\",\"rat")
                        : Answer.json(emissions(entry("westus", "2022-06-15T12:15:00+00:00", 300, "00:05:00"))))
                .always(FORECAST, Answer.json("[{\"requestedAt\":\"2022-06-15T12:20:00+00:00\",\"generatedAt\":\"2022-06-15T12:1"));

        start(settings("eastus,westus"));

        // A truncated forecast is a broken answer, not a source without forecasts: the whole read is rejected.
        await().until(() -> run.count(PollOutcome.REJECTED) >= 4 && !server.requests(FORECAST).isEmpty());
        assertThat(run.delivered()).isEmpty();
        assertThat(run.outcomes()).containsOnly(PollOutcome.REJECTED);
        // A body that is not as documented would be the same again: it is not retried within the poll.
        assertThat(server.requests(EMISSIONS).size()).isLessThanOrEqualTo(run.outcomes().size() + 2);
    }

    @Test
    void aMissingFieldOrADurationThatIsNoIntervalIsRejected() {
        server.next(EMISSIONS,
                        Answer.json("[{\"location\":\"westeurope\",\"time\":\"2022-06-15T12:15:00+00:00\",\"duration\":\"00:05:00\"}]"),
                        Answer.json("[{\"location\":\"westeurope\",\"time\":\"2022-06-15T12:15:00+00:00\",\"rating\":431}]"),
                        Answer.json(emissions(entry("westeurope", "2022-06-15T12:15:00+00:00", 431, "00:00:00"))),
                        Answer.json(emissions(entry("westeurope", "2022-06-15T12:15:00+00:00", 431, "five minutes"))),
                        Answer.json(emissions(entry("westeurope", "2022-06-15T12:15:00+00:00", 431, "-00:05:00"))),
                        Answer.json(emissions(entry("westeurope", "2022-06-15 12:15", 431, "00:05:00"))))
                .always(EMISSIONS, Answer.json(WESTEUROPE_NOW))
                .next(FORECAST,
                        Answer.json(WESTEUROPE_FORECAST.replace("\"generatedAt\":\"2022-06-15T12:15:03.1234567+00:00\",", "")),
                        Answer.json(WESTEUROPE_FORECAST.replace("\"duration\":5", "\"duration\":0")))
                .always(FORECAST, Answer.json(WESTEUROPE_FORECAST));

        start(settings("NL=westeurope"));

        await().until(() -> !run.delivered("NL").isEmpty());
        assertThat(run.outcomes().subList(0, 8)).containsOnly(PollOutcome.REJECTED);
        assertThat(run.delivered("NL")).allSatisfy(signals -> {
            assertThat(signals.current().gramsPerKwh()).isEqualTo(431.27);
            assertThat(signals.forecast()).hasSize(2);
        });
    }

    @Test
    void aZoneThatDisappearsServesItsLastValueUntilItIsStaleAfterHalfAnHourByDefault() {
        server.next(EMISSIONS, Answer.json(WESTEUROPE_NOW))
                .always(EMISSIONS, Answer.json("[]"))
                .always(FORECAST, Answer.json(WESTEUROPE_FORECAST));

        start(settings("NL=westeurope"));

        await().until(() -> run.count(PollOutcome.UNKNOWN_ZONE) >= 2);
        assertThat(run.delivered("NL")).hasSize(1).allSatisfy(signals -> assertThat(signals.current().stale()).isFalse());

        clock.advance(Duration.ofMinutes(29));
        int before = run.delivered("NL").size();
        long unknown = run.count(PollOutcome.UNKNOWN_ZONE);
        await().until(() -> run.count(PollOutcome.UNKNOWN_ZONE) >= unknown + 2);
        assertThat(run.delivered("NL")).hasSize(before);

        clock.advance(Duration.ofMinutes(2));
        await().until(() -> run.delivered("NL").size() > 1);
        ZoneSignals stale = run.delivered("NL").getLast();
        assertThat(stale.current().stale()).isTrue();
        assertThat(stale.current().gramsPerKwh()).isEqualTo(431.27);
        assertThat(stale.current().fetchedAt()).isEqualTo(NOW);
        assertThat(stale.forecast()).hasSize(2);
    }

    @Test
    void settingsThatCannotWorkStopTheStartNamingTheKey() {
        Map<String, String> noKind = settings("NL=westeurope");
        noKind.remove(KEY + "signal-kind");
        assertThatThrownBy(() -> start(noKind)).hasMessageContaining(KEY + "signal-kind must be set to average or marginal");

        Map<String, String> otherKind = settings("NL=westeurope");
        otherKind.put(KEY + "signal-kind", "lifecycle");
        assertThatThrownBy(() -> start(otherKind)).hasMessageContaining(KEY + "signal-kind must be average or marginal")
                .hasMessageContaining("was 'lifecycle'");

        Map<String, String> typo = settings("NL=westeurope");
        typo.put(KEY + "apikey", "gateway-key");
        assertThatThrownBy(() -> start(typo)).hasMessageContaining("unknown key " + KEY + "apikey");

        assertThatThrownBy(() -> start(settings("aws/eu-west-1"))).hasMessageContaining(KEY + "zones: zone IE at aws/eu-west-1")
                .hasMessageContaining("azure/<name>");
        assertThatThrownBy(() -> start(settings("UK-SOUTH=postcode:RG10"))).hasMessageContaining("zone UK-SOUTH")
                .hasMessageContaining("not a postcode");
        assertThatThrownBy(() -> start(settings("berlin-edge=@52.52,13.40"))).hasMessageContaining("zone berlin-edge")
                .hasMessageContaining("not a point");
        assertThat(server.requests()).isEmpty();
    }
}
