package io.heliostat.carbon.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.heliostat.carbon.CarbonSignal;
import io.heliostat.carbon.SettableClock;
import io.heliostat.carbon.SignalBasis;
import io.heliostat.carbon.ZoneSignals;
import io.heliostat.carbon.feed.ProviderServer.Answer;
import io.heliostat.carbon.feed.ProviderServer.Request;
import io.heliostat.solver.domain.SignalKind;

class WattTimeRoutesTest {

    /** Within the historical sample's last point (00:05, 5-minute points): that point is the current interval. */
    private static final Instant NOW = Instant.parse("2022-07-15T00:07:30Z");
    private static final double LBS = 0.45359237;
    private static final String LOGIN = "/login";
    private static final String HISTORICAL = "/v3/historical";
    private static final String FORECAST = "/v3/forecast";
    private static final String REGION_FROM_LOC = "/v3/region-from-loc";
    /** How long the server below honours a token, as WattTime does. */
    private static final Duration SERVER_TOKEN_LIFETIME = Duration.ofMinutes(30);

    private static final String HISTORICAL_SAMPLE = ProviderServer.recorded("watttime/watttime_v3_historical_example.json");
    private static final String FORECAST_SAMPLE = ProviderServer.recorded("watttime/watttime_v3_forecast_example.json");
    /** Two days of CAISO_NORTH's 5-minute points to the historical sample's last, 2022-07-15T00:05. */
    private static final String HISTORICAL_TWO_DAYS = ProviderServer.recorded("watttime/watttime_v3_historical_2days.json");

    private final ProviderServer server = ProviderServer.start();
    private final SettableClock clock = new SettableClock(NOW);
    /** Tokens the server issued, with when; a data request with another token, or an expired one, is answered 401. */
    private final Map<String, Instant> issued = new ConcurrentHashMap<>();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private FeedRun run;

    @AfterEach
    void stop() {
        if (run != null) {
            closeBetweenPolls(run);
        }
        server.close();
    }

    /** Camel's shutdown waits a whole second for a poll in flight: closing between two polls keeps the class fast. */
    private static void closeBetweenPolls(FeedRun feed) {
        try {
            await().pollInterval(Duration.ofMillis(2)).atMost(Duration.ofSeconds(1))
                    .until(() -> feed.camel().getInflightRepository().size() == 0);
        } catch (ConditionTimeoutException alwaysBusy) {
            // then the shutdown waits
        }
        feed.close();
    }

    private Answer login(Request request) {
        String token = "token-" + logins.incrementAndGet();
        issued.put(token, clock.instant());
        return Answer.json("{\"token\":\"" + token + "\"}");
    }

    /** {@code answer} to a request with a live token; 401 to any other, as WattTime answers an expired token. */
    private Function<Request, Answer> authorized(Answer answer) {
        return request -> {
            String authorization = request.headers().getOrDefault("authorization", "");
            Instant at = authorization.startsWith("Bearer ") ? issued.get(authorization.substring("Bearer ".length())) : null;
            if (at == null || !clock.instant().isBefore(at.plus(SERVER_TOKEN_LIFETIME))) {
                refused.incrementAndGet();
                return Answer.status(401, "{\"error\":\"invalid or expired token\"}");
            }
            return answer;
        };
    }

    /** WattTime answering the recorded samples. */
    private ProviderServer samples() {
        return server.always(LOGIN, this::login)
                .always(HISTORICAL, authorized(Answer.json(HISTORICAL_SAMPLE)))
                .always(FORECAST, authorized(Answer.json(FORECAST_SAMPLE)));
    }

    private Map<String, String> settings(String zones) {
        Map<String, String> properties = FeedRun.fastPolling("watttime", server.url(""), zones);
        properties.put("heliostat.carbon.watttime.username", "heliostat");
        properties.put("heliostat.carbon.watttime.password", "s3cret");
        return properties;
    }

    private FeedRun start(Map<String, String> properties) {
        run = FeedRun.start(properties, (sink, observer) -> new WattTimeRoutes(sink, observer, clock, new io.heliostat.carbon.ZoneClaims()));
        return run;
    }

    private static CarbonSignal moer(String zone, String start, double poundsPerMwh, SignalBasis basis) {
        Instant from = Instant.parse(start);
        return new CarbonSignal(zone, from, from.plusSeconds(300), poundsPerMwh * LBS, SignalKind.MARGINAL, basis,
                "watttime:co2_moer", NOW, false);
    }

    private static String body(String region, String signalType, String units, String points, String extraMeta) {
        return """
                {"data":[%s],
                 "meta":{"data_point_period_seconds":300,"region":"%s","signal_type":"%s","units":"%s"%s,
                         "warnings":[],"model":{"date":"2023-03-01"}}}""".formatted(points, region, signalType, units, extraMeta);
    }

    private static String point(String time, double value) {
        return "{\"point_time\":\"" + time + "\",\"value\":" + value + "}";
    }

    @Test
    void readsTheLatestHistoricalPointAsTheCurrentMarginalValueAndTheForecastPointsAfterIt() {
        samples();

        start(settings("US-CAL-CISO=CAISO_NORTH"));

        await().until(() -> !run.delivered("US-CAL-CISO").isEmpty());
        ZoneSignals california = run.delivered("US-CAL-CISO").getFirst();
        // The sample's latest point, 00:05 at 860 lbs/MWh, holds for its 300 s: 390.09 g/kWh.
        assertThat(california.current()).isEqualTo(moer("US-CAL-CISO", "2022-07-15T00:05:00Z", 860, SignalBasis.ACTUAL));
        assertThat(california.current().gramsPerKwh()).isCloseTo(390.089, org.assertj.core.data.Offset.offset(0.001));
        // The forecast's 00:00 and 00:05 points overlap the current interval; from 00:10 to the end of the day lie ahead.
        SignalBasis issued = new SignalBasis.Forecast(Instant.parse("2022-07-15T00:00:00Z"));
        assertThat(california.forecast()).hasSize(286);
        assertThat(california.forecast().getFirst()).isEqualTo(moer("US-CAL-CISO", "2022-07-15T00:10:00Z", 870, issued));
        assertThat(california.forecast().getLast()).isEqualTo(moer("US-CAL-CISO", "2022-07-15T23:55:00Z", 870, issued));
        assertThat(california.kind()).isEqualTo(SignalKind.MARGINAL);

        Request historical = server.requests(HISTORICAL).getFirst();
        assertThat(historical.query()).containsExactlyInAnyOrderEntriesOf(Map.of("region", "CAISO_NORTH", "signal_type", "co2_moer",
                "start", "2022-07-14T23:52:30Z", "end", "2022-07-15T00:07:30Z"));
        assertThat(historical.headers()).containsEntry("authorization", "Bearer token-1");
        assertThat(server.requests(FORECAST).getFirst().query()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "region", "CAISO_NORTH", "signal_type", "co2_moer", "horizon_hours", "24"));
        // One login serves every poll while its token is young.
        await().until(() -> run.delivered("US-CAL-CISO").size() >= 3);
        assertThat(server.requests(LOGIN)).hasSize(1);
    }

    /** Whether a {@code v3/historical} request is for a zone's history rather than for the current value's 15 minutes. */
    private static boolean seed(Request request) {
        return Duration.between(Instant.parse(request.query().get("start")), Instant.parse(request.query().get("end")))
                .compareTo(Duration.ofMinutes(15)) > 0;
    }

    @Test
    void theFirstPollSeedsTwoDaysSoThatTheForecastFromHistoryIsHoltWintersAtOnce() {
        // A forecast without points, so that the forecast comes from the history.
        String noPoints = body("CAISO_NORTH", "co2_moer", "lbs_co2_per_mwh", "", ",\"generated_at\":\"2022-07-15T00:05:00+00:00\"");
        server.always(LOGIN, this::login)
                .always(HISTORICAL, request -> authorized(Answer.json(seed(request) ? HISTORICAL_TWO_DAYS : HISTORICAL_SAMPLE)).apply(request))
                .always(FORECAST, authorized(Answer.json(noPoints)));

        start(settings("CAISO_NORTH"));

        await().until(() -> run.delivered("CAISO_NORTH").size() >= 3);
        ZoneSignals first = run.delivered("CAISO_NORTH").getFirst();
        // 575 points before the current one make two days with it, what Holt-Winters takes; a day ahead is 288 points.
        assertThat(first.forecast()).hasSize(288).allSatisfy(point -> assertThat(point.source())
                .isEqualTo("watttime:co2_moer+history:holt-winters"));
        assertThat(first.forecast().getFirst().start()).isEqualTo(Instant.parse("2022-07-15T00:10:00Z"));
        assertThat(first.dailyProfile()).hasSize(24);
        List<Request> seeds = server.requests(HISTORICAL).stream().filter(WattTimeRoutesTest::seed).toList();
        assertThat(seeds).hasSize(1);
        assertThat(seeds.getFirst().query()).containsExactlyInAnyOrderEntriesOf(Map.of("region", "CAISO_NORTH", "signal_type", "co2_moer",
                "start", "2022-07-13T00:07:30Z", "end", "2022-07-15T00:07:30Z"));
        assertThat(seeds.getFirst().headers()).containsEntry("authorization", "Bearer token-1");
    }

    @Test
    void aHistoryAnswering500OrTruncatedJsonLeavesThePollAsReadAndIsNotAskedForAtEveryPoll() {
        AtomicInteger seeds = new AtomicInteger();
        String truncated = HISTORICAL_TWO_DAYS.substring(0, HISTORICAL_TWO_DAYS.length() / 2);
        Function<Request, Answer> current = authorized(Answer.json(HISTORICAL_SAMPLE));
        samples().always(HISTORICAL, request -> !seed(request) ? current.apply(request)
                : seeds.getAndIncrement() == 0 ? Answer.status(500) : Answer.json(truncated));

        start(settings("CAISO_NORTH, CAISO-EDGE=CAISO_NORTH"));

        await().until(() -> run.delivered("CAISO_NORTH").size() >= 3 && run.delivered("CAISO-EDGE").size() >= 3);
        assertThat(run.outcomes()).containsOnly(PollOutcome.OK);
        assertThat(run.historyOutcomes()).containsExactlyInAnyOrder(PollOutcome.UNAVAILABLE, PollOutcome.REJECTED);
        assertThat(seeds).hasValue(2);
        assertThat(run.delivered()).allSatisfy(signals -> {
            assertThat(signals.current().gramsPerKwh()).isEqualTo(860 * LBS);
            assertThat(signals.forecast()).hasSize(286);
            assertThat(signals.dailyProfile()).isEmpty();
        });
    }

    @Test
    void theHistorySpanIsTheConfiguredOne() {
        samples();
        Map<String, String> properties = settings("CAISO_NORTH");
        properties.put("heliostat.carbon.watttime.history-span", "PT6H");

        start(properties);

        await().until(() -> !run.historyOutcomes().isEmpty());
        assertThat(server.requests(HISTORICAL)).filteredOn(WattTimeRoutesTest::seed).singleElement()
                .satisfies(request -> assertThat(request.query()).containsEntry("start", "2022-07-14T18:07:30Z"));
    }

    @Test
    void thePasswordMayComeFromAFileAndGoesAsBasicAuthToTheLoginOnly(@TempDir Path secrets) throws IOException {
        samples();
        Path password = Files.writeString(secrets.resolve("watttime-password"), "from-a-file\n");
        Map<String, String> properties = settings("CAISO_NORTH");
        properties.remove("heliostat.carbon.watttime.password");
        properties.put("heliostat.carbon.watttime.password-file", password.toString());

        start(properties);

        await().until(() -> !run.delivered("CAISO_NORTH").isEmpty());
        String basic = "Basic " + Base64.getEncoder().encodeToString("heliostat:from-a-file".getBytes(StandardCharsets.UTF_8));
        assertThat(server.requests(LOGIN).getFirst().headers()).containsEntry("authorization", basic);
        assertThat(server.requests()).filteredOn(request -> !request.path().equals(LOGIN))
                .allSatisfy(request -> assertThat(request.headers()).containsEntry("authorization", "Bearer token-1"));
    }

    @Test
    void theAverageSignalTypeIsAskedForAndDeliveredAsAverageIntensity() {
        server.always(LOGIN, this::login)
                .always(HISTORICAL, authorized(Answer.json(HISTORICAL_SAMPLE.replace("co2_moer", "co2_aoer"))))
                .always(FORECAST, authorized(Answer.json(FORECAST_SAMPLE.replace("co2_moer", "co2_aoer"))));
        Map<String, String> properties = settings("CAISO_NORTH");
        properties.put("heliostat.carbon.watttime.signal-type", "co2_aoer");
        properties.put("heliostat.carbon.watttime.horizon-hours", "72");

        start(properties);

        await().until(() -> !run.delivered("CAISO_NORTH").isEmpty());
        ZoneSignals signals = run.delivered("CAISO_NORTH").getFirst();
        assertThat(signals.current()).isEqualTo(new CarbonSignal("CAISO_NORTH", Instant.parse("2022-07-15T00:05:00Z"),
                Instant.parse("2022-07-15T00:10:00Z"), 860 * LBS, SignalKind.AVERAGE, SignalBasis.ACTUAL, "watttime:co2_aoer", NOW, false));
        assertThat(signals.forecast()).isNotEmpty().allSatisfy(signal -> {
            assertThat(signal.kind()).isEqualTo(SignalKind.AVERAGE);
            assertThat(signal.source()).isEqualTo("watttime:co2_aoer");
        });
        assertThat(server.requests(HISTORICAL).getFirst().query()).containsEntry("signal_type", "co2_aoer");
        assertThat(server.requests(FORECAST).getFirst().query()).containsEntry("horizon_hours", "72");
    }

    @Test
    void a401OnADataRequestLogsInOnceMoreAndTriesTheRequestAgainWithTheNewToken() {
        samples().next(HISTORICAL, Answer.status(401, "{\"error\":\"token expired\"}"));

        start(settings("CAISO_NORTH"));

        await().until(() -> run.delivered("CAISO_NORTH").size() >= 3);
        // The poll that met the 401 read the zone all the same.
        assertThat(run.outcomes()).containsOnly(PollOutcome.OK);
        assertThat(server.requests(LOGIN)).hasSize(2);
        List<String> tokens = server.requests(HISTORICAL).stream().map(request -> request.headers().get("authorization")).toList();
        assertThat(tokens).containsOnly("Bearer token-1", "Bearer token-2").startsWith("Bearer token-1").endsWith("Bearer token-2");
    }

    @Test
    void theTokenIsRenewedBeforeItExpiresSoThatNoDataRequestMeetsA401() {
        samples();

        start(settings("CAISO_NORTH"));
        await().until(() -> !run.delivered("CAISO_NORTH").isEmpty());
        assertThat(server.requests(LOGIN)).hasSize(1);

        // 26 minutes on, less than 5 of the token's 30 are left: it is renewed before the next data request.
        clock.advance(Duration.ofMinutes(26));
        await().until(() -> server.requests(LOGIN).size() == 2 && dataRequestsAfterLogin(2, "Bearer token-2") >= 2);

        // And again 26 minutes later, 52 minutes after the first login, long past its lifetime.
        clock.advance(Duration.ofMinutes(26));
        await().until(() -> server.requests(LOGIN).size() == 3 && dataRequestsAfterLogin(3, "Bearer token-3") >= 2);
        assertThat(refused).hasValue(0);
        assertThat(server.requests(LOGIN)).hasSize(3);
        assertThat(run.outcomes()).containsOnly(PollOutcome.OK);
    }

    /** The requests after the {@code n}th login. */
    private List<Request> requestsAfterLogin(int n) {
        List<Request> requests = server.requests();
        int seen = 0;
        for (int i = 0; i < requests.size(); i++) {
            if (requests.get(i).path().equals(LOGIN) && ++seen == n) {
                return requests.subList(i + 1, requests.size());
            }
        }
        return List.of();
    }

    private long dataRequestsAfterLogin(int n, String authorization) {
        return requestsAfterLogin(n).stream().filter(request -> authorization.equals(request.headers().get("authorization"))).count();
    }

    @Test
    void aDataRequestRefusedEvenWithAFreshTokenIsUnauthorized() {
        samples().always(HISTORICAL, Answer.status(401, "{\"error\":\"no\"}"));

        start(settings("CAISO_NORTH"));

        await().until(() -> run.count(PollOutcome.UNAUTHORIZED) >= 3);
        FeedRun stopped = run;
        run = null;
        closeBetweenPolls(stopped);
        assertThat(stopped.delivered()).isEmpty();
        assertThat(stopped.outcomes()).containsOnly(PollOutcome.UNAUTHORIZED);
        // A refused request is tried once more with a new token, never more: two tries and at most one login per poll.
        assertThat(server.requests(HISTORICAL)).hasSize(2 * stopped.outcomes().size());
        assertThat(server.requests(LOGIN).size()).isBetween(2, stopped.outcomes().size() + 1);
        assertThat(server.requests(FORECAST)).isEmpty();
    }

    @Test
    void aRefusedLoginIsUnauthorizedAndNoDataIsAskedFor() {
        samples().always(LOGIN, Answer.status(403, "{\"error\":\"wrong password\"}"));

        start(settings("CAISO_NORTH"));

        await().until(() -> run.count(PollOutcome.UNAUTHORIZED) >= 2);
        assertThat(run.delivered()).isEmpty();
        assertThat(server.requests()).extracting(Request::path).containsOnly(LOGIN);
    }

    @Test
    void a403OnADataRequestIsNotCuredByLoggingInAgain() {
        samples().always(HISTORICAL, Answer.status(403, "{\"error\":\"region not in your plan\"}"));

        start(settings("PJM_DC"));

        await().until(() -> run.count(PollOutcome.UNAUTHORIZED) >= 3);
        assertThat(server.requests(LOGIN)).hasSize(1);
        assertThat(run.delivered()).isEmpty();
    }

    @Test
    void anEdgeSitesPointAndACloudRegionAreLookedUpOnceAsTheirWattTimeRegions() {
        samples().always(REGION_FROM_LOC, authorized(Answer.json(
                "{\"region\":\"CAISO_NORTH\",\"region_full_name\":\"California ISO Northern\",\"signal_type\":\"co2_moer\"}")));

        start(settings("sacramento-edge=@38.58,-121.49, aws/us-west-1"));

        await().until(() -> run.delivered("sacramento-edge").size() >= 3 && run.delivered("US-CAL-CISO").size() >= 3);
        assertThat(run.delivered("sacramento-edge").getFirst().current())
                .isEqualTo(moer("sacramento-edge", "2022-07-15T00:05:00Z", 860, SignalBasis.ACTUAL));
        assertThat(server.requests(REGION_FROM_LOC)).hasSize(2).extracting(Request::query)
                .anySatisfy(query -> assertThat(query).containsExactlyInAnyOrderEntriesOf(
                        Map.of("latitude", "38.58", "longitude", "-121.49", "signal_type", "co2_moer")))
                .anySatisfy(query -> assertThat(query).containsEntry("latitude", "37.35").containsEntry("longitude", "-121.96"));
        assertThat(server.requests(REGION_FROM_LOC)).allSatisfy(request ->
                assertThat(request.headers().get("authorization")).startsWith("Bearer "));
        assertThat(server.requests(HISTORICAL)).extracting(request -> request.query().get("region")).containsOnly("CAISO_NORTH");
    }

    @Test
    void aRegionLookUpThatFailsIsTriedAgainAtTheNextPoll() {
        samples().next(REGION_FROM_LOC, Answer.json("{\"region_full_name\":\"California ISO Northern\",\"signal_type\":\"co2_moer\"}"))
                .always(REGION_FROM_LOC, authorized(Answer.json("{\"region\":\"CAISO_NORTH\",\"signal_type\":\"co2_moer\"}")));

        start(settings("sacramento-edge=@38.58,-121.49"));

        await().until(() -> run.delivered("sacramento-edge").size() >= 3);
        assertThat(run.count(PollOutcome.REJECTED)).isEqualTo(1);
        assertThat(server.requests(REGION_FROM_LOC)).hasSize(2);
    }

    @Test
    void aBodyInAnotherUnitOrOfAnotherSignalOrRegionIsRejectedAndNotIngested() {
        samples().next(HISTORICAL,
                        Answer.json(HISTORICAL_SAMPLE.replace("lbs_co2_per_mwh", "kg_co2_per_mwh")),
                        Answer.json(HISTORICAL_SAMPLE.replace("co2_moer", "co2_aoer")),
                        Answer.json(HISTORICAL_SAMPLE.replace("CAISO_NORTH", "PJM_DC")))
                .next(FORECAST, Answer.json(FORECAST_SAMPLE.replace("lbs_co2_per_mwh", "kg_co2_per_mwh")));

        start(settings("CAISO_NORTH"));

        await().until(() -> run.count(PollOutcome.REJECTED) == 4 && !run.delivered("CAISO_NORTH").isEmpty());
        assertThat(run.delivered("CAISO_NORTH")).allSatisfy(signals -> {
            assertThat(signals.current().gramsPerKwh()).isEqualTo(860 * LBS);
            assertThat(signals.forecast()).hasSize(286);
        });
    }

    @Test
    void aMissingFieldIsRejectedAndNothingOfTheBodyIsIngested() {
        String noValue = body("CAISO_NORTH", "co2_moer", "lbs_co2_per_mwh",
                point("2022-07-15T00:00:00+00:00", 870) + "," + "{\"point_time\":\"2022-07-15T00:05:00+00:00\"}", "");
        String noUnits = HISTORICAL_SAMPLE.replace("\"units\": \"lbs_co2_per_mwh\"", "\"unit\": \"lbs_co2_per_mwh\"");
        String noPeriod = HISTORICAL_SAMPLE.replace("\"data_point_period_seconds\": 300,", "");
        String noGeneratedAt = FORECAST_SAMPLE.replace("\"generated_at\": \"2022-07-15T00:00:00+00:00\"", "\"generated\": null");
        assertThat(List.of(noUnits, noPeriod, noGeneratedAt)).doesNotContain(HISTORICAL_SAMPLE, FORECAST_SAMPLE);
        samples().next(HISTORICAL, Answer.json(noValue), Answer.json(noUnits), Answer.json(noPeriod))
                .next(FORECAST, Answer.json(noGeneratedAt));

        start(settings("CAISO_NORTH"));

        await().until(() -> run.count(PollOutcome.REJECTED) == 4 && !run.delivered("CAISO_NORTH").isEmpty());
        assertThat(run.delivered("CAISO_NORTH")).allSatisfy(signals -> {
            assertThat(signals.current().gramsPerKwh()).isEqualTo(860 * LBS);
            assertThat(signals.forecast()).hasSize(286);
        });
    }

    @Test
    void truncatedJsonIsRejectedAndNothingOfItIsIngested() {
        samples().always(HISTORICAL, authorized(Answer.json(HISTORICAL_SAMPLE.substring(0, HISTORICAL_SAMPLE.length() / 2))));

        start(settings("CAISO_NORTH"));

        await().until(() -> run.count(PollOutcome.REJECTED) >= 2);
        assertThat(run.delivered()).isEmpty();
        // A body that is not as documented would be the same again: it is not retried within the poll.
        assertThat(server.requests(HISTORICAL).size()).isLessThanOrEqualTo(run.outcomes().size() + 1);
        assertThat(server.requests(FORECAST)).isEmpty();
    }

    @Test
    void forecastPointsOverlappingWhatLiesBeforeThemAreSkippedAndPointsOutOfOrderRejectTheBody() {
        String generated = ",\"generated_at\":\"2022-07-15T00:05:00+00:00\",\"generated_at_period_seconds\":300";
        String overlapping = body("CAISO_NORTH", "co2_moer", "lbs_co2_per_mwh", String.join(",",
                point("2022-07-15T00:05:00+00:00", 900), // the current interval: overlaps it
                point("2022-07-15T00:10:00+00:00", 800),
                point("2022-07-15T00:12:00+00:00", 700), // off the 5-minute grid: overlaps 00:10-00:15
                point("2022-07-15T00:15:00+00:00", 600),
                point("2022-07-15T00:25:00+00:00", 500)), generated); // after a gap: taken as it is
        String outOfOrder = body("CAISO_NORTH", "co2_moer", "lbs_co2_per_mwh", String.join(",",
                point("2022-07-15T00:15:00+00:00", 600),
                point("2022-07-15T00:10:00+00:00", 800)), generated);
        samples().next(FORECAST, Answer.json(overlapping), Answer.json(outOfOrder))
                .always(FORECAST, authorized(Answer.json(overlapping)));

        start(settings("CAISO_NORTH"));

        await().until(() -> run.count(PollOutcome.REJECTED) == 1 && run.delivered("CAISO_NORTH").size() >= 2);
        SignalBasis issued = new SignalBasis.Forecast(Instant.parse("2022-07-15T00:05:00Z"));
        // The body out of order was rejected whole; every delivered forecast is the one in order, its overlaps skipped.
        assertThat(run.delivered("CAISO_NORTH")).allSatisfy(signals -> assertThat(signals.forecast())
                .extracting(CarbonSignal::start, CarbonSignal::end, CarbonSignal::gramsPerKwh, CarbonSignal::basis)
                .containsExactly(
                        tuple(Instant.parse("2022-07-15T00:10:00Z"), Instant.parse("2022-07-15T00:15:00Z"), 800 * LBS, issued),
                        tuple(Instant.parse("2022-07-15T00:15:00Z"), Instant.parse("2022-07-15T00:20:00Z"), 600 * LBS, issued),
                        tuple(Instant.parse("2022-07-15T00:25:00Z"), Instant.parse("2022-07-15T00:30:00Z"), 500 * LBS, issued)));
    }

    @Test
    void a429OnADataRequestHoldsEveryRequestBackUntilItsRetryAfterHasPassed() {
        samples().next(HISTORICAL, Answer.status(429, "{\"error\":\"too many requests\"}").withHeader("Retry-After", "120"));

        start(settings("CAISO_NORTH"));

        await().until(() -> run.count(PollOutcome.RATE_LIMITED) >= 3);
        // Once the 429 is in, no request goes out (one sent alongside it, by a poll overlapping the first, may have).
        int asked = server.requests().size();
        await().until(() -> run.count(PollOutcome.RATE_LIMITED) >= 6);
        assertThat(server.requests()).hasSize(asked);
        assertThat(server.requests(HISTORICAL)).hasSizeLessThanOrEqualTo(2);
        assertThat(server.requests(LOGIN)).hasSize(1);
        assertThat(run.delivered()).isEmpty();

        clock.advance(Duration.ofSeconds(121));
        await().until(() -> !run.delivered("CAISO_NORTH").isEmpty());
        assertThat(server.requests(HISTORICAL)).hasSizeGreaterThan(1);
    }

    @Test
    void aRegionThatDisappearsServesItsLastValueUntilItIsStale() {
        samples().next(HISTORICAL, Answer.json(HISTORICAL_SAMPLE))
                .always(HISTORICAL, Answer.status(404, "{\"error\":\"unknown region\"}"));

        start(settings("CAISO_NORTH"));

        await().until(() -> run.count(PollOutcome.UNKNOWN_ZONE) >= 2);
        assertThat(run.delivered("CAISO_NORTH")).hasSize(1).allSatisfy(signals -> assertThat(signals.current().stale()).isFalse());

        // Past the default max-age of 30 minutes.
        clock.advance(Duration.ofMinutes(31));
        await().until(() -> run.delivered("CAISO_NORTH").size() > 1);
        ZoneSignals stale = run.delivered("CAISO_NORTH").getLast();
        assertThat(stale.current().stale()).isTrue();
        assertThat(stale.current().gramsPerKwh()).isEqualTo(860 * LBS);
        assertThat(stale.current().fetchedAt()).isEqualTo(NOW);
        assertThat(stale.forecast()).hasSize(286);
    }

    @Test
    void settingsThatCannotWorkStopTheStartNamingTheKey() {
        Map<String, String> noUser = settings("CAISO_NORTH");
        noUser.remove("heliostat.carbon.watttime.username");
        assertThatThrownBy(() -> start(noUser)).hasMessageContaining("heliostat.carbon.watttime.username");

        Map<String, String> noPassword = settings("CAISO_NORTH");
        noPassword.remove("heliostat.carbon.watttime.password");
        assertThatThrownBy(() -> start(noPassword))
                .hasMessageContaining("heliostat.carbon.watttime.password (or heliostat.carbon.watttime.password-file)");

        Map<String, String> health = settings("CAISO_NORTH");
        health.put("heliostat.carbon.watttime.signal-type", "health_damage");
        assertThatThrownBy(() -> start(health)).hasMessageContaining("heliostat.carbon.watttime.signal-type is health_damage")
                .hasMessageContaining("not a carbon intensity in g/kWh");

        Map<String, String> signal = settings("CAISO_NORTH");
        signal.put("heliostat.carbon.watttime.signal-type", "moer");
        assertThatThrownBy(() -> start(signal))
                .hasMessageContaining("heliostat.carbon.watttime.signal-type must be co2_moer (marginal) or co2_aoer (average), was 'moer'");

        Map<String, String> horizon = settings("CAISO_NORTH");
        horizon.put("heliostat.carbon.watttime.horizon-hours", "73");
        assertThatThrownBy(() -> start(horizon)).hasMessageContaining("heliostat.carbon.watttime.horizon-hours must be a whole number"
                + " of hours from 1 to 72");

        Map<String, String> lifetime = settings("CAISO_NORTH");
        lifetime.put("heliostat.carbon.watttime.token-lifetime", "30m");
        assertThatThrownBy(() -> start(lifetime)).hasMessageContaining("heliostat.carbon.watttime.token-lifetime must be an ISO-8601"
                + " duration");

        Map<String, String> longSpan = settings("CAISO_NORTH");
        longSpan.put("heliostat.carbon.watttime.history-span", "P15D");
        assertThatThrownBy(() -> start(longSpan)).hasMessageContaining("heliostat.carbon.watttime.history-span must be between PT1H and"
                + " PT336H, was PT360H");

        Map<String, String> span = settings("CAISO_NORTH");
        span.put("heliostat.carbon.watttime.history-span", "2d");
        assertThatThrownBy(() -> start(span)).hasMessageContaining("heliostat.carbon.watttime.history-span must be an ISO-8601"
                + " duration");

        Map<String, String> postcode = settings("UK-SOUTH=postcode:RG10");
        assertThatThrownBy(() -> start(postcode)).hasMessageContaining("heliostat.carbon.watttime.zones")
                .hasMessageContaining("zone UK-SOUTH").hasMessageContaining("not by postcode");

        Map<String, String> typo = settings("CAISO_NORTH");
        typo.put("heliostat.carbon.watttime.signal_type", "co2_aoer");
        assertThatThrownBy(() -> start(typo)).hasMessageContaining("unknown key heliostat.carbon.watttime.signal_type");
        assertThat(server.requests()).isEmpty();
    }
}
