package io.heliostat.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ValidatorTest {

    @Test
    void anIdIsWhatTheIdPatternAllows() {
        List<String> values = new ArrayList<>(List.of("", "a", "-", "a-", "-a", "a-b", "a.b_c-d", "A9", "é", "a b",
                "a".repeat(128), "a".repeat(129), "a" + "-".repeat(126) + "b", "a" + "-".repeat(127) + "b", "node-1/x"));
        String alphabet = "aZ09._-/ é";
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(6);
            for (int c = 0; c < length; c++) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            values.add(value.toString());
        }

        for (String value : values) {
            assertThat(Validator.isId(value)).as("'%s'", value).isEqualTo(Validator.ID.matcher(value).matches());
        }
    }
}
