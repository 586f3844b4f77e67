package io.heliostat.carbon.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.heliostat.carbon.CarbonSignal;
import io.heliostat.carbon.SettableClock;
import io.heliostat.carbon.SignalBasis;
import io.heliostat.carbon.ZoneSignals;
import io.heliostat.carbon.feed.ProviderServer.Answer;
import io.heliostat.solver.domain.SignalKind;

class NesoRoutesTest {

    private static final Instant NOW = Instant.parse("2022-06-15T12:20:00Z");
    private static final Duration HALF_HOUR = Duration.ofMinutes(30);
    private static final String INTENSITY = "/intensity";
    private static final String NATIONAL_FW48H = "/intensity/2022-06-15T12:00Z/fw48h";
    private static final String REGION_3 = "/regional/intensity/2022-06-15T12:00Z/fw48h/regionid/3";
    private static final String RG10 = "/regional/intensity/2022-06-15T12:00Z/fw48h/postcode/RG10";
    private static final String NATIONAL_PT24H = "/intensity/2022-06-15T12:00Z/pt24h";
    /** The national half hours from 2022-06-14T12:00Z to {@link #NOW}'s, the last two without an actual yet. */
    private static final String DAY_BEFORE = ProviderServer.recorded("neso/intensity_2022-06-15T12-00Z_pt24h.json");

    private final ProviderServer server = ProviderServer.start();
    private SettableClock clock = new SettableClock(NOW);
    private FeedRun run;

    @AfterEach
    void stop() {
        if (run != null) {
            run.close();
        }
        server.close();
    }

    /** A national entry as NESO writes it: minutes without seconds, {@code actual} null until NESO has one. */
    private static String national(String from, String to, int forecast, Integer actual) {
        return """
                {"from":"%s","to":"%s","intensity":{"forecast":%d,"actual":%s,"index":"moderate"}}"""
                .formatted(from, to, forecast, actual == null ? "null" : actual.toString());
    }

    /** A regional entry: a forecast, no actual, and the generation mix the feed does not read. */
    private static String regional(String from, String to, int forecast) {
        return """
                {"from":"%s","to":"%s","intensity":{"forecast":%d,"index":"low"},
                 "generationmix":[{"fuel":"gas","perc":43.6},{"fuel":"wind","perc":30.1},{"fuel":"nuclear","perc":26.3}]}"""
                .formatted(from, to, forecast);
    }

    private static String data(String... entries) {
        return "{\"data\":[" + String.join(",", entries) + "]}";
    }

    /** One region's series as the service answers {@code …/regionid/{id}}: {@code data} is the region itself. */
    private static String regionObject(int regionid, String... entries) {
        return """
                {"data":{"regionid":%d,"dnoregion":"Electricity North West","shortname":"North West England","data":[%s]}}"""
                .formatted(regionid, String.join(",", entries));
    }

    /** One region's series as documented, {@code data[0]}, here for a postcode. */
    private static String regionArray(int regionid, String postcode, String... entries) {
        return """
                {"data":[{"regionid":%d,"dnoregion":"Southern Electric","shortname":"South England","postcode":"%s","data":[%s]}]}"""
                .formatted(regionid, postcode, String.join(",", entries));
    }

    /** {@code count} contiguous half hours from {@code first}, written as NESO writes times. */
    private static List<Instant> halfHours(Instant first, int count) {
        List<Instant> starts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            starts.add(first.plus(HALF_HOUR.multipliedBy(i)));
        }
        return starts;
    }

    private static String neso(Instant instant) {
        return instant.toString().replace(":00Z", "Z");
    }

    private static String nationalSeries(Instant first, int count, IntUnaryOperator forecast) {
        List<Instant> starts = halfHours(first, count);
        return data(starts.stream()
                .map(start -> national(neso(start), neso(start.plus(HALF_HOUR)), forecast.applyAsInt(starts.indexOf(start)), null))
                .toArray(String[]::new));
    }

    private static String regionalSeries(int regionid, Instant first, int count, IntUnaryOperator forecast) {
        List<Instant> starts = halfHours(first, count);
        return regionObject(regionid, starts.stream()
                .map(start -> regional(neso(start), neso(start.plus(HALF_HOUR)), forecast.applyAsInt(starts.indexOf(start))))
                .toArray(String[]::new));
    }

    private Map<String, String> settings(String zones) {
        Map<String, String> properties = FeedRun.fastPolling("neso", server.url(""), zones);
        properties.put("heliostat.carbon.neso.max-age", "PT1H");
        return properties;
    }

    private FeedRun start(Map<String, String> properties) {
        run = FeedRun.start(properties, (sink, observer) -> new NesoRoutes(sink, observer, clock, new io.heliostat.carbon.ZoneClaims()));
        return run;
    }

    private static CarbonSignal signal(String zone, String from, String to, double grams, SignalBasis basis, String source) {
        return new CarbonSignal(zone, Instant.parse(from), Instant.parse(to), grams, SignalKind.AVERAGE, basis, source, NOW, false);
    }

    @Test
    void readsTheNationalActualOfTheCurrentHalfHourAndTheForecastAfterItAsAverageSignalsOfTheFleetsZone() {
        server.always(INTENSITY, Answer.json(data(national("2022-06-15T12:00Z", "2022-06-15T12:30Z", 266, 263))))
                // NESO's series begin with the half hour that ends at {from}; the current one is read from /intensity.
                .always(NATIONAL_FW48H, Answer.json(data(
                        national("2022-06-15T11:30Z", "2022-06-15T12:00Z", 270, 268),
                        national("2022-06-15T12:00Z", "2022-06-15T12:30Z", 266, 263),
                        national("2022-06-15T12:30Z", "2022-06-15T13:00Z", 250, null),
                        national("2022-06-15T13:00Z", "2022-06-15T13:30Z", 240, null))));

        start(settings("GB=national"));

        await().until(() -> !run.delivered("GB").isEmpty());
        ZoneSignals gb = run.delivered("GB").getFirst();
        assertThat(gb.asOf()).isEqualTo(NOW);
        assertThat(gb.current()).isEqualTo(signal("GB", "2022-06-15T12:00:00Z", "2022-06-15T12:30:00Z", 263, SignalBasis.ACTUAL,
                "neso:national"));
        // NESO gives no issue time: the forecast is dated when it was fetched.
        SignalBasis fetched = new SignalBasis.Forecast(NOW);
        assertThat(gb.forecast()).containsExactly(
                signal("GB", "2022-06-15T12:30:00Z", "2022-06-15T13:00:00Z", 250, fetched, "neso:national"),
                signal("GB", "2022-06-15T13:00:00Z", "2022-06-15T13:30:00Z", 240, fetched, "neso:national"));
        assertThat(server.requests(INTENSITY).getFirst().query()).isEmpty();
        assertThat(server.requests(NATIONAL_FW48H)).isNotEmpty();
        assertThat(run.outcomes()).containsOnly(PollOutcome.OK);
    }

    @Test
    void theFirstPollSeedsTheNationalZoneWithTheDaysActualsLeavingOutHalfHoursWithoutOne() {
        server.always(INTENSITY, Answer.json(data(national("2022-06-15T12:00Z", "2022-06-15T12:30Z", 198, 201))))
                // A series with nothing ahead, so that the forecast comes from the history.
                .always(NATIONAL_FW48H, Answer.json(data()))
                .always(NATIONAL_PT24H, Answer.json(DAY_BEFORE));

        start(settings("GB=national"));

        await().until(() -> run.delivered("GB").size() >= 3);
        ZoneSignals first = run.delivered("GB").getFirst();
        // 47 actuals and the current half hour make a day: the seasonal method's, the day before's 12:30 first.
        assertThat(first.forecast()).hasSize(48).allSatisfy(half -> assertThat(half.source())
                .isEqualTo("neso:national+history:seasonal-naive"));
        assertThat(first.forecast().getFirst()).extracting(CarbonSignal::start, CarbonSignal::gramsPerKwh)
                .containsExactly(Instant.parse("2022-06-15T12:30:00Z"), 210.0);
        // 11:30 had no actual: not taken from its forecast (187), but filled from 11:00's 175.
        assertThat(first.forecast()).filteredOn(half -> half.start().equals(Instant.parse("2022-06-16T11:30:00Z")))
                .extracting(CarbonSignal::gramsPerKwh).containsExactly(175.0);
        assertThat(first.dailyProfile()).hasSize(24);
        // Noon: the median of the day before's 193 and today's 201.
        assertThat(first.dailyProfile().get(12)).isEqualTo(197.0);
        assertThat(server.requests(NATIONAL_PT24H)).hasSize(1);
        assertThat(run.historyOutcomes()).containsExactly(PollOutcome.OK);
    }

    @Test
    void aHistoryAnswering500OrTruncatedJsonLeavesThePollAsReadAndIsNotAskedForAtEveryPoll() {
        server.always(INTENSITY, Answer.json(data(national("2022-06-15T12:00Z", "2022-06-15T12:30Z", 266, 263))))
                .always(NATIONAL_FW48H, Answer.json(data(national("2022-06-15T12:30Z", "2022-06-15T13:00Z", 250, null))))
                .next(NATIONAL_PT24H, Answer.status(500), Answer.json(DAY_BEFORE.substring(0, DAY_BEFORE.length() / 2)))
                .always(NATIONAL_PT24H, Answer.json(DAY_BEFORE));

        start(settings("GB=national, GB-EDGE=national"));

        await().until(() -> run.delivered("GB").size() >= 3 && run.delivered("GB-EDGE").size() >= 3);
        assertThat(run.outcomes()).containsOnly(PollOutcome.OK);
        assertThat(run.historyOutcomes()).containsExactlyInAnyOrder(PollOutcome.UNAVAILABLE, PollOutcome.REJECTED);
        assertThat(server.requests(NATIONAL_PT24H)).hasSize(2);
        assertThat(run.delivered()).allSatisfy(signals -> {
            assertThat(signals.current().gramsPerKwh()).isEqualTo(263);
            assertThat(signals.forecast()).hasSize(1);
            assertThat(signals.dailyProfile()).isEmpty();
        });
    }

    @Test
    void aRegionByIdAndARegionByPostcodeServeTheForecastOfTheHalfHourHoldingNowAsTheirCurrentValue() {
        server.always(REGION_3, Answer.json(regionObject(3,
                        regional("2022-06-15T11:30Z", "2022-06-15T12:00Z", 300),
                        regional("2022-06-15T12:00Z", "2022-06-15T12:30Z", 280),
                        regional("2022-06-15T12:30Z", "2022-06-15T13:00Z", 270))))
                .always(RG10, Answer.json(regionArray(12, "RG10",
                        regional("2022-06-15T11:30Z", "2022-06-15T12:00Z", 120),
                        regional("2022-06-15T12:00Z", "2022-06-15T12:30Z", 110),
                        regional("2022-06-15T12:30Z", "2022-06-15T13:00Z", 105),
                        regional("2022-06-15T13:00Z", "2022-06-15T13:30Z", 99))));

        start(settings("UK-NW=3, UK-READING=postcode:rg10"));

        await().until(() -> !run.delivered("UK-NW").isEmpty() && !run.delivered("UK-READING").isEmpty());
        SignalBasis fetched = new SignalBasis.Forecast(NOW);
        ZoneSignals northWest = run.delivered("UK-NW").getFirst();
        assertThat(northWest.current()).isEqualTo(signal("UK-NW", "2022-06-15T12:00:00Z", "2022-06-15T12:30:00Z", 280, fetched,
                "neso:region/3"));
        assertThat(northWest.forecast()).containsExactly(
                signal("UK-NW", "2022-06-15T12:30:00Z", "2022-06-15T13:00:00Z", 270, fetched, "neso:region/3"));
        ZoneSignals reading = run.delivered("UK-READING").getFirst();
        assertThat(reading.current()).isEqualTo(signal("UK-READING", "2022-06-15T12:00:00Z", "2022-06-15T12:30:00Z", 110, fetched,
                "neso:postcode/RG10"));
        assertThat(reading.forecast()).extracting(CarbonSignal::start, CarbonSignal::gramsPerKwh).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Instant.parse("2022-06-15T12:30:00Z"), 105.0),
                org.assertj.core.groups.Tuple.tuple(Instant.parse("2022-06-15T13:00:00Z"), 99.0));
        // Regions have no actuals to seed a history with: nothing else is asked.
        assertThat(server.requests()).extracting(ProviderServer.Request::path).containsOnly(REGION_3, RG10);
    }

    @Test
    void aNationalHalfHourWithoutAnActualYetServesItsForecastAsAForecast() {
        server.always(INTENSITY, Answer.json(data(national("2022-06-15T12:00Z", "2022-06-15T12:30Z", 266, null))))
                .always(NATIONAL_FW48H, Answer.json(data(national("2022-06-15T12:30Z", "2022-06-15T13:00Z", 250, null))));

        start(settings("GB=national"));

        await().until(() -> !run.delivered("GB").isEmpty());
        assertThat(run.delivered("GB").getFirst().current()).isEqualTo(signal("GB", "2022-06-15T12:00:00Z", "2022-06-15T12:30:00Z",
                266, new SignalBasis.Forecast(NOW), "neso:national"));
    }

    @Test
    void theLastMillisecondOfAHalfHourAndTheFirstOfTheNextAskFromDifferentHalfHoursAndServeDifferentEntries() {
        String before = "/regional/intensity/2022-06-15T12:00Z/fw48h/regionid/3";
        String after = "/regional/intensity/2022-06-15T12:30Z/fw48h/regionid/3";
        String series = regionObject(3,
                regional("2022-06-15T11:30Z", "2022-06-15T12:00Z", 300),
                regional("2022-06-15T12:00Z", "2022-06-15T12:30Z", 280),
                regional("2022-06-15T12:30Z", "2022-06-15T13:00Z", 270),
                regional("2022-06-15T13:00Z", "2022-06-15T13:30Z", 260));
        server.always(before, Answer.json(series)).always(after, Answer.json(series));
        clock = new SettableClock(Instant.parse("2022-06-15T12:29:59.999Z"));

        start(settings("UK-NW=3"));

        await().until(() -> !run.delivered("UK-NW").isEmpty());
        ZoneSignals last = run.delivered("UK-NW").getFirst();
        assertThat(last.current().start()).isEqualTo(Instant.parse("2022-06-15T12:00:00Z"));
        assertThat(last.current().gramsPerKwh()).isEqualTo(280);
        assertThat(server.requests(after)).isEmpty();

        clock.advance(Duration.ofMillis(1));
        await().until(() -> run.delivered("UK-NW").getLast().asOf().equals(Instant.parse("2022-06-15T12:30:00Z")));
        // The entry whose end is now is over: the one starting now is current.
        ZoneSignals first = run.delivered("UK-NW").getLast();
        assertThat(first.current().start()).isEqualTo(Instant.parse("2022-06-15T12:30:00Z"));
        assertThat(first.current().end()).isEqualTo(Instant.parse("2022-06-15T13:00:00Z"));
        assertThat(first.current().gramsPerKwh()).isEqualTo(270);
        assertThat(first.forecast()).extracting(CarbonSignal::start).containsExactly(Instant.parse("2022-06-15T13:00:00Z"));
        // The poll in flight when the clock moved asked from 12:00; the next asks from 12:30.
        await().untilAsserted(() -> assertThat(server.requests(after)).isNotEmpty());
    }

    @Test
    void aNationalHalfHourThatEndsNowGivesWayToTheForecastOfTheHalfHourHoldingNow() {
        clock = new SettableClock(Instant.parse("2022-06-15T12:30:00Z"));
        // Just past the boundary /intensity may still answer the half hour that has ended.
        server.always(INTENSITY, Answer.json(data(national("2022-06-15T12:00Z", "2022-06-15T12:30Z", 266, 263))))
                .always("/intensity/2022-06-15T12:30Z/fw48h", Answer.json(data(
                        national("2022-06-15T12:00Z", "2022-06-15T12:30Z", 266, 263),
                        national("2022-06-15T12:30Z", "2022-06-15T13:00Z", 250, null),
                        national("2022-06-15T13:00Z", "2022-06-15T13:30Z", 240, null))));

        start(settings("GB=national"));

        await().until(() -> !run.delivered("GB").isEmpty());
        ZoneSignals gb = run.delivered("GB").getFirst();
        Instant now = Instant.parse("2022-06-15T12:30:00Z");
        assertThat(gb.current()).isEqualTo(new CarbonSignal("GB", now, Instant.parse("2022-06-15T13:00:00Z"), 250, SignalKind.AVERAGE,
                new SignalBasis.Forecast(now), "neso:national", now, false));
        assertThat(gb.forecast()).extracting(CarbonSignal::start).containsExactly(Instant.parse("2022-06-15T13:00:00Z"));
    }

    @ParameterizedTest(name = "48 h from {0}")
    @ValueSource(strings = {"2022-03-26T12:10:00Z", "2022-10-29T12:10:00Z"})
    void aForecastAcrossTheClockChangeStaysContiguousUtcHalfHoursWithoutADoubledOrMissingSlot(String at) {
        Instant now = Instant.parse(at);
        Instant from = Instant.parse(at.substring(0, 11) + "12:00:00Z");
        Instant change = Instant.parse(at.substring(0, 8) + (Integer.parseInt(at.substring(8, 10)) + 1) + "T01:00:00Z");
        clock = new SettableClock(now);
        String fromText = at.substring(0, 11) + "12:00Z";
        // As NESO answers: from the half hour ending at {from} to 48 h after it, 97 half hours, in UTC.
        server.always(INTENSITY, Answer.json(data(national(neso(from), neso(from.plus(HALF_HOUR)), 200, 198))))
                .always("/intensity/" + fromText + "/fw48h", Answer.json(nationalSeries(from.minus(HALF_HOUR), 97, i -> 150 + i)))
                .always("/regional/intensity/" + fromText + "/fw48h/regionid/3",
                        Answer.json(regionalSeries(3, from.minus(HALF_HOUR), 97, i -> 100 + i)));

        start(settings("GB=national, UK-NW=3"));

        await().until(() -> !run.delivered("GB").isEmpty() && !run.delivered("UK-NW").isEmpty());
        for (ZoneSignals zone : List.of(run.delivered("GB").getFirst(), run.delivered("UK-NW").getFirst())) {
            assertThat(zone.current().start()).isEqualTo(from);
            assertThat(zone.forecast()).hasSize(95);
            Instant expected = zone.current().end();
            for (CarbonSignal half : zone.forecast()) {
                assertThat(half.start()).isEqualTo(expected);
                assertThat(Duration.between(half.start(), half.end())).isEqualTo(HALF_HOUR);
                expected = half.end();
            }
            assertThat(expected).isEqualTo(from.plus(Duration.ofHours(48)));
            assertThat(zone.forecast()).extracting(CarbonSignal::start).doesNotHaveDuplicates()
                    .contains(change.minus(HALF_HOUR), change, change.plus(HALF_HOUR));
        }
        // The forecast's values keep their slots: the one at 01:00Z is the 28th entry of the body in either case.
        assertThat(run.delivered("GB").getFirst().forecast()).filteredOn(half -> half.start().equals(change))
                .extracting(CarbonSignal::gramsPerKwh).containsExactly(150.0 + 27);
    }

    @Test
    void aMissingFieldAMisorderedSeriesOrAnotherShapeIsRejectedAndNothingOfItIsIngested() {
        server.next(REGION_3,
                        Answer.json(regionObject(3, "{\"from\":\"2022-06-15T12:00Z\",\"intensity\":{\"forecast\":280}}")),
                        Answer.json(regionObject(3, "{\"from\":\"2022-06-15T12:00Z\",\"to\":\"2022-06-15T12:30Z\",\"intensity\":{\"index\":\"low\"}}")),
                        Answer.json(regionObject(3,
                                regional("2022-06-15T12:00Z", "2022-06-15T12:30Z", 280),
                                regional("2022-06-15T12:00Z", "2022-06-15T12:30Z", 281))),
                        Answer.json("{}"),
                        Answer.json("{\"data\":\"region 3\"}"))
                .always(REGION_3, Answer.json(regionObject(3, regional("2022-06-15T12:00Z", "2022-06-15T12:30Z", 280))));

        start(settings("UK-NW=3"));

        await().until(() -> !run.delivered("UK-NW").isEmpty());
        assertThat(run.outcomes().subList(0, 5)).containsOnly(PollOutcome.REJECTED);
        assertThat(run.delivered("UK-NW")).allSatisfy(signals -> assertThat(signals.current().gramsPerKwh()).isEqualTo(280));
    }

    @Test
    void truncatedJsonIsRejectedAndNothingOfItIsIngested() {
        server.always(INTENSITY, Answer.json("{\"data\":[{\"from\":\"2022-06-15T12:00Z\",\"to\":\"2022-06-15T12:30Z\",\"intensity\":{\"fore"))
                .always(NATIONAL_FW48H, Answer.json(data(national("2022-06-15T12:30Z", "2022-06-15T13:00Z", 250, null))));

        start(settings("GB=national"));

        await().until(() -> run.count(PollOutcome.REJECTED) >= 2);
        assertThat(run.delivered()).isEmpty();
        assertThat(run.outcomes()).containsOnly(PollOutcome.REJECTED);
    }

    @Test
    void aRegionThatDisappearsFromTheAnswerServesItsLastValueUntilItIsStale() {
        String empty = regionObject(3);
        server.next(REGION_3, Answer.json(regionObject(3,
                        regional("2022-06-15T12:00Z", "2022-06-15T12:30Z", 280),
                        regional("2022-06-15T12:30Z", "2022-06-15T13:00Z", 270))),
                        Answer.json("{\"data\":[]}"),
                        Answer.json(regionArray(5, "LS1", regional("2022-06-15T12:00Z", "2022-06-15T12:30Z", 400))))
                .always(REGION_3, Answer.json(empty))
                .always("/regional/intensity/2022-06-15T13:00Z/fw48h/regionid/3", Answer.json(empty));

        start(settings("UK-NW=3"));

        await().until(() -> run.count(PollOutcome.UNKNOWN_ZONE) >= 4);
        assertThat(run.outcomes()).startsWith(PollOutcome.OK).containsOnly(PollOutcome.OK, PollOutcome.UNKNOWN_ZONE);
        assertThat(run.delivered("UK-NW")).hasSize(1).allSatisfy(signals -> assertThat(signals.current().stale()).isFalse());

        clock.advance(Duration.ofMinutes(61));
        await().until(() -> run.delivered("UK-NW").size() > 1);
        ZoneSignals stale = run.delivered("UK-NW").getLast();
        assertThat(stale.current().stale()).isTrue();
        assertThat(stale.current().gramsPerKwh()).isEqualTo(280);
        assertThat(stale.current().fetchedAt()).isEqualTo(NOW);
        // The poll in flight when the clock moved may be the one that found the value stale; the next asks from 13:00.
        await().untilAsserted(() -> assertThat(server.requests("/regional/intensity/2022-06-15T13:00Z/fw48h/regionid/3")).isNotEmpty());
    }

    @Test
    void aPostcodeNesoDoesNotKnowIsAnUnknownZoneWhetherItAnswers400OrNoRegion() {
        server.always("/regional/intensity/2022-06-15T12:00Z/fw48h/postcode/W2", Answer.status(400,
                        "{\"error\":{\"code\":\"400 Bad Request\",\"message\":\"No postcode match can be found.\"}}"))
                .always("/regional/intensity/2022-06-15T12:00Z/fw48h/postcode/ZZ9", Answer.json("{\"data\":[]}"));

        start(settings("UK-W2=postcode:W2, UK-ZZ9=postcode:ZZ9"));

        await().until(() -> run.count(PollOutcome.UNKNOWN_ZONE) >= 4
                && !server.requests("/regional/intensity/2022-06-15T12:00Z/fw48h/postcode/W2").isEmpty()
                && !server.requests("/regional/intensity/2022-06-15T12:00Z/fw48h/postcode/ZZ9").isEmpty());
        assertThat(run.outcomes()).containsOnly(PollOutcome.UNKNOWN_ZONE);
        assertThat(run.delivered()).isEmpty();
    }

    @Test
    void aBurstOfServerErrorsIsRetriedWithBackOffAndTheZoneIsReadAfterIt() {
        server.next(INTENSITY, Answer.status(500), Answer.status(502), Answer.status(503))
                .always(INTENSITY, Answer.json(data(national("2022-06-15T12:00Z", "2022-06-15T12:30Z", 266, 263))))
                .always(NATIONAL_FW48H, Answer.json(data(national("2022-06-15T12:30Z", "2022-06-15T13:00Z", 250, null))));

        start(settings("GB=national"));

        await().until(() -> !run.delivered("GB").isEmpty());
        assertThat(server.requests(INTENSITY).size()).isGreaterThanOrEqualTo(4);
        assertThat(run.outcomes().getFirst()).isEqualTo(PollOutcome.OK);
        assertThat(run.delivered("GB").getFirst().current().gramsPerKwh()).isEqualTo(263);
    }

    @Test
    void zonesNesoCannotReadAndBadSettingsStopTheStartNamingTheKey() {
        for (String zones : List.of("GB", "UK-X=0", "UK-X=18", "aws/eu-west-2", "edge=@51.5,-0.12")) {
            assertThatThrownBy(() -> start(settings(zones)))
                    .as(zones)
                    .hasMessageContaining("heliostat.carbon.neso.zones")
                    .hasMessageContaining("national")
                    .hasMessageContaining("1..17")
                    .hasMessageContaining("postcode:");
        }
        assertThatThrownBy(() -> start(settings("aws/eu-west-2"))).hasMessageContaining("zone GB at aws/eu-west-2");

        Map<String, String> token = settings("GB=national");
        token.put("heliostat.carbon.neso.token", "not-needed");
        assertThatThrownBy(() -> start(token)).hasMessageContaining("unknown key heliostat.carbon.neso.token");

        Map<String, String> period = settings("GB=national");
        period.put("heliostat.carbon.neso.period", "5m");
        assertThatThrownBy(() -> start(period)).hasMessageContaining("heliostat.carbon.neso.period must be an ISO-8601 duration");

        Map<String, String> none = settings("GB=national");
        none.remove("heliostat.carbon.neso.zones");
        assertThatThrownBy(() -> start(none)).hasMessageContaining("heliostat.carbon.neso.zones must name at least one zone");
    }
}
