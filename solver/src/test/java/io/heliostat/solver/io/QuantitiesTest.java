package io.heliostat.solver.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantitiesTest {

    @ParameterizedTest(name = "CPU {0} is {1} millicores")
    @CsvSource({"500m, 500", "4, 4000", "1.5, 1500", "0.25, 250", "2k, 2000000", "1e-3, 1", "100000000n, 100", "+3, 3000", "'.5', 500"})
    void cpuQuantitiesAreMillicores(String text, long millis) {
        assertThat(Quantities.cpuMillis(Quantities.parse(text))).isEqualTo(millis);
    }

    @ParameterizedTest(name = "{0} bytes are {1} MiB as a request and {2} MiB as a capacity")
    @CsvSource({"512Mi, 512, 512", "8Gi, 8192, 8192", "1G, 954, 953", "1024Ki, 1, 1", "1, 1, 0", "1Ti, 1048576, 1048576", "1E, 953674316407, 953674316406"})
    void byteQuantitiesAreMebibytesRoundedToTheSafeSide(String text, long asRequest, long asCapacity) {
        BigDecimal bytes = Quantities.parse(text);
        assertThat(Quantities.mebibytes(bytes, true)).isEqualTo(asRequest);
        assertThat(Quantities.mebibytes(bytes, false)).isEqualTo(asCapacity);
    }

    @ParameterizedTest(name = "{0} is not a quantity")
    @CsvSource({"two", "-1", "5 Gi", "5gi", "1.2.3", "Gi", "''"})
    void rejectsWhatKubernetesRejects(String text) {
        assertThatThrownBy(() -> Quantities.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} millicores are written {1}")
    @CsvSource({"4000, 4", "500, 500m", "1500, 1500m", "0, 0"})
    void writesCpuAsKubernetesDoes(long millis, String text) {
        assertThat(Quantities.formatCpu(millis)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} MiB are written {1}")
    @CsvSource({"8192, 8Gi", "512, 512Mi", "1536, 1536Mi", "0, 0Mi"})
    void writesMemoryAsKubernetesDoes(long mebibytes, String text) {
        assertThat(Quantities.formatMebibytes(mebibytes)).isEqualTo(text);
    }
}
