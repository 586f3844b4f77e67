package io.heliostat.carbon.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

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
import io.heliostat.solver.domain.SignalKind;

class ElectricityMapsRoutesTest {

    private static final Instant NOW = Instant.parse("2022-06-15T12:20:00Z");
    private static final String LATEST = "/v3/carbon-intensity/latest";
    private static final String FORECAST = "/v3/carbon-intensity/forecast";
    private static final String HISTORY = "/v3/carbon-intensity/history";
    /** Spain's 24 hours to 2022-06-15T12:00Z, the hour of {@link #NOW}. */
    private static final String SPAIN_HISTORY = ProviderServer.recorded("electricitymaps/carbon-intensity_history_ES.json");

    private final ProviderServer server = ProviderServer.start();
    private final SettableClock clock = new SettableClock(NOW);
    private final Logger routesLog = (Logger) LoggerFactory.getLogger(ProviderRoutes.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private FeedRun run;

    @AfterEach
    void stop() {
        if (run != null) {
            run.close();
        }
        server.close();
        routesLog.detachAppender(logged);
    }

    private static String latest(String zone, int intensity, String datetime) {
        return """
                {"zone":"%s","carbonIntensity":%d,"datetime":"%s","updatedAt":"2022-06-15T12:05:00.000Z",
                 "createdAt":"2022-06-12T12:00:00.000Z","emissionFactorType":"lifecycle","isEstimated":true,
                 "estimationMethod":"TIME_SLICER_AVERAGE"}""".formatted(zone, intensity, datetime);
    }

    private static final String SPAIN_FORECAST = """
            {"zone":"ES","forecast":[
              {"carbonIntensity":150,"datetime":"2022-06-15T12:00:00.000Z"},
              {"carbonIntensity":140,"datetime":"2022-06-15T13:00:00.000Z"},
              {"carbonIntensity":160,"datetime":"2022-06-15T14:00:00.000Z"}],
             "updatedAt":"2022-06-15T11:25:24.685Z"}""";

    private Map<String, String> settings(String zones) {
        Map<String, String> properties = FeedRun.fastPolling("electricitymaps", server.url("/v3"), zones);
        properties.put("heliostat.carbon.electricitymaps.token", "secret-token");
        properties.put("heliostat.carbon.electricitymaps.max-age", "PT1H");
        return properties;
    }

    private FeedRun start(Map<String, String> properties) {
        run = FeedRun.start(properties, (sink, observer) -> new ElectricityMapsRoutes(sink, observer, clock, new io.heliostat.carbon.ZoneClaims()));
        return run;
    }

    @Test
    void readsTheLatestHourAndTheForecastAfterItAsAverageSignalsOfTheFleetsZone() {
        server.always(LATEST, Answer.json(latest("ES", 151, "2022-06-15T12:00:00.000Z")))
                .always(FORECAST, Answer.json(SPAIN_FORECAST));

        start(settings("ES"));

        await().until(() -> !run.delivered("ES").isEmpty());
        ZoneSignals spain = run.delivered("ES").getFirst();
        assertThat(spain.current()).isEqualTo(new CarbonSignal("ES", Instant.parse("2022-06-15T12:00:00Z"),
                Instant.parse("2022-06-15T13:00:00Z"), 151, SignalKind.AVERAGE, SignalBasis.ACTUAL, "electricitymaps:lifecycle", NOW, false));
        // The forecast's first hour is the current one, already read as actual: only 13:00 and 14:00 lie ahead.
        assertThat(spain.forecast()).extracting(CarbonSignal::start, CarbonSignal::gramsPerKwh)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Instant.parse("2022-06-15T13:00:00Z"), 140.0),
                        org.assertj.core.groups.Tuple.tuple(Instant.parse("2022-06-15T14:00:00Z"), 160.0));
        assertThat(spain.forecast().getFirst().basis()).isEqualTo(new SignalBasis.Forecast(Instant.parse("2022-06-15T11:25:24.685Z")));
        ProviderServer.Request request = server.requests(LATEST).getFirst();
        assertThat(request.headers()).containsEntry("auth-token", "secret-token");
        assertThat(request.query()).containsEntry("zone", "ES").containsEntry("emissionFactorType", "lifecycle");
    }

    /** Spain's latest hour as the recorded history has it, without the provider's forecast. */
    private Map<String, String> spainFromHistory() {
        server.always(LATEST, Answer.json(latest("ES", 292, "2022-06-15T12:00:00.000Z")));
        Map<String, String> properties = settings("ES");
        properties.put("heliostat.carbon.electricitymaps.forecast", "false");
        return properties;
    }

    @Test
    void theFirstPollSeedsTheLastDaySoThatTheForecastFromHistoryAndTheDailyProfileComeAtOnce() {
        server.always(HISTORY, Answer.json(SPAIN_HISTORY));

        start(spainFromHistory());

        await().until(() -> run.delivered("ES").size() >= 3);
        ZoneSignals first = run.delivered("ES").getFirst();
        // 23 hours before the current one make a day with it: the seasonal method's (Holt-Winters takes two days), whose
        // 13:00 is the 263 of the day before.
        assertThat(first.forecast()).hasSize(24).allSatisfy(hour -> assertThat(hour.source())
                .isEqualTo("electricitymaps:lifecycle+history:seasonal-naive"));
        assertThat(first.forecast().getFirst()).extracting(CarbonSignal::start, CarbonSignal::gramsPerKwh)
                .containsExactly(Instant.parse("2022-06-15T13:00:00Z"), 263.0);
        assertThat(first.dailyProfile()).hasSize(24);
        assertThat(first.dailyProfile().get(3)).isEqualTo(373.0);
        assertThat(first.dailyProfile().get(12)).isEqualTo(292.0);
        ProviderServer.Request asked = server.requests(HISTORY).getFirst();
        assertThat(asked.query()).containsExactlyInAnyOrderEntriesOf(Map.of("zone", "ES", "emissionFactorType", "lifecycle"));
        assertThat(asked.headers()).containsEntry("auth-token", "secret-token");
        // Asked once: the polls after it keep the history going.
        assertThat(server.requests(HISTORY)).hasSize(1);
        assertThat(run.historyOutcomes()).containsExactly(PollOutcome.OK);
    }

    @Test
    void aHistoryThatFailsLeavesThePollAsReadIsLoggedOnceAndIsAskedForAgainAnHourLater() {
        logged.start();
        routesLog.addAppender(logged);
        server.next(HISTORY, Answer.status(500), Answer.json(SPAIN_HISTORY.substring(0, SPAIN_HISTORY.length() / 2)))
                .always(HISTORY, Answer.json(SPAIN_HISTORY));

        start(spainFromHistory());

        await().until(() -> run.delivered("ES").size() >= 3);
        // Neither retried within the poll nor asked for at the next polls.
        assertThat(server.requests(HISTORY)).hasSize(1);
        assertThat(run.historyOutcomes()).containsExactly(PollOutcome.UNAVAILABLE);

        clock.advance(Duration.ofHours(1));
        await().until(() -> run.historyOutcomes().size() == 2);
        int delivered = run.delivered("ES").size();
        await().until(() -> run.delivered("ES").size() >= delivered + 3);
        assertThat(run.historyOutcomes()).containsExactly(PollOutcome.UNAVAILABLE, PollOutcome.REJECTED);
        assertThat(run.outcomes()).containsOnly(PollOutcome.OK);
        assertThat(run.delivered("ES")).allSatisfy(signals -> {
            assertThat(signals.current().gramsPerKwh()).isEqualTo(292);
            assertThat(signals.forecast()).isEmpty();
        });

        clock.advance(Duration.ofHours(1));
        await().until(() -> run.delivered("ES").getLast().forecast().size() == 24);
        assertThat(run.delivered("ES").getLast().dailyProfile()).hasSize(24);
        assertThat(server.requests(HISTORY)).hasSize(3);
        assertThat(logged.list).filteredOn(event -> event.getLevel() == Level.WARN).singleElement()
                .extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("electricitymaps", "zone ES", "UNAVAILABLE", "answered 500");
    }

    @Test
    void historyFalseLeavesTheHistoryToThePolls() {
        Map<String, String> properties = spainFromHistory();
        properties.put("heliostat.carbon.electricitymaps.history", "false");

        start(properties);

        await().until(() -> run.delivered("ES").size() >= 3);
        assertThat(server.requests(HISTORY)).isEmpty();
        assertThat(run.historyOutcomes()).isEmpty();
        assertThat(run.delivered("ES").getLast().dailyProfile()).isEmpty();
    }

    @Test
    void aCloudRegionIsReadAsItsGridZoneAndAnEdgeSiteByItsPlace() {
        server.always(LATEST, request -> Answer.json(latest(request.query().getOrDefault("zone", "DE"), 300, "2022-06-15T12:00:00Z")))
                .always(FORECAST, Answer.status(403, "{\"error\":\"not in your plan\"}"));

        start(settings("aws/eu-west-1, berlin-edge=@52.52,13.40"));

        await().until(() -> !run.delivered("IE").isEmpty() && !run.delivered("berlin-edge").isEmpty());
        assertThat(server.requests(LATEST)).extracting(ProviderServer.Request::query)
                .anySatisfy(query -> assertThat(query).containsEntry("zone", "IE"))
                .anySatisfy(query -> assertThat(query).containsEntry("lat", "52.52").containsEntry("lon", "13.4"));
        // A 403 on the forecast is the plan, not an outage: the current value still serves, and the forecast is not asked again.
        assertThat(run.delivered("berlin-edge").getFirst().forecast()).isEmpty();
        int forecastsAsked = server.requests(FORECAST).size();
        await().until(() -> run.delivered("IE").size() >= 3);
        assertThat(server.requests(FORECAST)).hasSize(forecastsAsked);
    }

    @Test
    void aBurstOfServerErrorsIsRetriedWithBackOffAndTheZoneIsReadAfterIt() {
        server.next(LATEST, Answer.status(500), Answer.status(502), Answer.status(503))
                .always(LATEST, Answer.json(latest("ES", 151, "2022-06-15T12:00:00Z")))
                .always(FORECAST, Answer.json(SPAIN_FORECAST));

        start(settings("ES"));

        await().until(() -> !run.delivered("ES").isEmpty());
        assertThat(server.requests(LATEST).subList(0, 4)).hasSize(4);
        assertThat(run.outcomes().getFirst()).isEqualTo(PollOutcome.OK);
    }

    @Test
    void a429HoldsEveryRequestBackUntilItsRetryAfterHasPassed() {
        server.next(LATEST, Answer.status(429).withHeader("Retry-After", "120"))
                .always(LATEST, Answer.json(latest("ES", 151, "2022-06-15T12:00:00Z")))
                .always(FORECAST, Answer.json(SPAIN_FORECAST));

        start(settings("ES"));

        await().until(() -> run.count(PollOutcome.RATE_LIMITED) >= 3);
        assertThat(server.requests(LATEST)).hasSize(1);
        assertThat(run.delivered()).isEmpty();

        clock.advance(Duration.ofSeconds(121));
        await().until(() -> !run.delivered("ES").isEmpty());
        assertThat(server.requests(LATEST)).hasSizeGreaterThan(1);
    }

    @Test
    void truncatedJsonIsRejectedAndNothingOfItIsIngested() {
        server.always(LATEST, Answer.json("{\"zone\":\"ES\",\"carbonIntensity\":151,\"datet"));

        start(settings("ES"));

        await().until(() -> run.count(PollOutcome.REJECTED) >= 2);
        assertThat(run.delivered()).isEmpty();
        // A body that is not as documented would be the same again: it is not retried within the poll.
        assertThat(server.requests(LATEST).size()).isLessThanOrEqualTo(run.outcomes().size() + 1);
    }

    @Test
    void aMissingFieldOrAnotherUnitIsRejected() {
        server.next(LATEST, Answer.json("{\"zone\":\"ES\",\"datetime\":\"2022-06-15T12:00:00Z\"}"),
                        Answer.json("{\"zone\":\"ES\",\"carbonIntensity\":0.151,\"unit\":\"kgCO2eq/kWh\",\"datetime\":\"2022-06-15T12:00:00Z\"}"),
                        Answer.json("{\"zone\":\"ES\",\"carbonIntensity\":\"high\",\"datetime\":\"2022-06-15T12:00:00Z\"}"))
                .always(LATEST, Answer.json(latest("ES", 151, "2022-06-15T12:00:00Z")))
                .always(FORECAST, Answer.json(SPAIN_FORECAST));

        start(settings("ES"));

        await().until(() -> !run.delivered("ES").isEmpty());
        assertThat(run.outcomes().subList(0, 3)).containsOnly(PollOutcome.REJECTED);
        assertThat(run.delivered("ES")).allSatisfy(signals -> assertThat(signals.current().gramsPerKwh()).isEqualTo(151));
    }

    @Test
    void aZoneThatDisappearsServesItsLastValueUntilItIsStale() {
        server.next(LATEST, Answer.json(latest("ES", 151, "2022-06-15T12:00:00Z")))
                .always(LATEST, Answer.status(404, "{\"error\":\"zone ES is not available\"}"))
                .always(FORECAST, Answer.json(SPAIN_FORECAST));

        start(settings("ES"));

        await().until(() -> run.count(PollOutcome.UNKNOWN_ZONE) >= 2);
        assertThat(run.delivered("ES")).hasSize(1).allSatisfy(signals -> assertThat(signals.current().stale()).isFalse());

        clock.advance(Duration.ofMinutes(61));
        await().until(() -> run.delivered("ES").size() > 1);
        ZoneSignals stale = run.delivered("ES").getLast();
        assertThat(stale.current().stale()).isTrue();
        assertThat(stale.current().gramsPerKwh()).isEqualTo(151);
        assertThat(stale.current().fetchedAt()).isEqualTo(NOW);
    }

    @Test
    void aProviderThatKeepsFailingOpensItsCircuitAndIsNotAskedWhileItIsOpen() {
        server.always(LATEST, Answer.status(503));
        Map<String, String> properties = settings("ES");
        properties.put("heliostat.carbon.electricitymaps.retries", "0");
        properties.put("heliostat.carbon.electricitymaps.circuit.window", "4");
        properties.put("heliostat.carbon.electricitymaps.circuit.open-for", "PT1H");

        start(properties);

        await().until(() -> run.count(PollOutcome.CIRCUIT_OPEN) >= 3);
        assertThat(server.requests(LATEST)).hasSize(4);
        assertThat(run.count(PollOutcome.UNAVAILABLE)).isEqualTo(4);
    }

    @Test
    void settingsThatCannotWorkStopTheStartNamingTheKey() {
        Map<String, String> noToken = settings("ES");
        noToken.remove("heliostat.carbon.electricitymaps.token");
        assertThatThrownBy(() -> start(noToken)).hasMessageContaining("heliostat.carbon.electricitymaps.token");

        Map<String, String> typo = settings("ES");
        typo.put("heliostat.carbon.electricitymaps.perod", "PT1M");
        assertThatThrownBy(() -> start(typo)).hasMessageContaining("unknown key heliostat.carbon.electricitymaps.perod");

        Map<String, String> postcode = settings("UK-SOUTH=postcode:RG10");
        assertThatThrownBy(() -> start(postcode)).hasMessageContaining("zone UK-SOUTH").hasMessageContaining("not by postcode");

        Map<String, String> factor = settings("ES");
        factor.put("heliostat.carbon.electricitymaps.emission-factor-type", "marginal");
        assertThatThrownBy(() -> start(factor)).hasMessageContaining("emission-factor-type must be lifecycle or direct");

        Map<String, String> history = settings("ES");
        history.put("heliostat.carbon.electricitymaps.history", "yes");
        assertThatThrownBy(() -> start(history)).hasMessageContaining("heliostat.carbon.electricitymaps.history must be true or false,"
                + " was 'yes'");
    }
}
