package io.heliostat.controller.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.heliostat.controller.Controller;

class UtcInstantDeserializerTest {

    record Stamp(Instant at) {
    }

    private final JsonBodies bodies = new JsonBodies(Controller.objectMapper());

    @Test
    void readsWhatInstantParseReadsInUtcWithAnyFraction() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            int digits = random.nextInt(10);
            Instant instant = Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L), digits == 0 ? 0 : random.nextInt(1_000_000_000));
            String text = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss" + (digits == 0 ? "" : "." + "S".repeat(digits)) + "'Z'")
                    .withZone(ZoneOffset.UTC).format(instant);

            assertThat(UtcInstantDeserializer.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
        assertThat(UtcInstantDeserializer.parse("2024-02-29T23:59:59.999999999Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59.999999999Z"));
    }

    @Test
    void leavesOtherFormsAndOutOfRangeFieldsToJackson() {
        for (String text : new String[] {"2023-02-29T10:00:00Z", "2026-13-01T10:00:00Z", "2026-11-22T24:00:00Z",
                "2026-11-22T10:60:00Z", "2026-11-22T10:00:60Z", "2026-11-22T10:00:00.Z", "2026-11-22T10:00:00.1234567890Z",
                "2026-11-22T10:00:00+01:00", "2026-11-22 10:00:00Z", "2026-11-2xT10:00:00Z", "+12026-11-22T10:00:00Z"}) {
            assertThat(UtcInstantDeserializer.parse(text)).as(text).isNull();
        }

        assertThat(read("{\"at\": \"2026-11-22T11:00:00+01:00\"}").at()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
        assertThat(read("{\"at\": 1700000000}").at()).isEqualTo(Instant.ofEpochSecond(1_700_000_000));
        assertThatThrownBy(() -> read("{\"at\": \"2023-02-29T10:00:00Z\"}")).isInstanceOfSatisfying(ApiProblem.class,
                problem -> assertThat(problem.errors()).singleElement().satisfies(error -> {
                    assertThat(error.field()).isEqualTo("at");
                    assertThat(error.message()).startsWith("must be an ISO-8601 instant");
                }));
    }

    private Stamp read(String json) {
        return bodies.readUnchecked(json.getBytes(StandardCharsets.UTF_8), Stamp.class, "stamp");
    }
}
