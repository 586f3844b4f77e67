package io.heliostat.solver.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.YearMonth;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.heliostat.solver.domain.PowerProfile;

class PowerDataTest {

    @Test
    void readsEveryPublishedSpecPowerResult() {
        List<SpecPowerResult> results = SpecPowerResult.bundled();

        assertThat(results).hasSize(1088);
        // Row 1129: "xFusion ...,FusionServer 5288 V7,16285.0,835.0,147.0,112,2,56,2,Intel Xeon Platinum 8480+,2000,512,...,Jan-2023,224"
        SpecPowerResult last = results.get(results.size() - 1);
        assertThat(last.system()).isEqualTo("FusionServer 5288 V7");
        assertThat(last.idleWatts()).isEqualTo(147.0);
        assertThat(last.maxWatts()).isEqualTo(835.0);
        assertThat(last.cores()).isEqualTo(112);
        assertThat(last.chips()).isEqualTo(2);
        assertThat(last.memoryGiB()).isEqualTo(512);
        assertThat(last.published()).isEqualTo(YearMonth.of(2023, 1));
        // Row 0 quotes a system name holding a comma.
        assertThat(results.get(0).system()).isEqualTo("ASUS RS100-E5 (Intel Xeon X3360 Processor, 2.83 GHz)");
    }

    @Test
    void derivesAPiClassGatewayFromTheStressTests() {
        List<RpiStressTest> runs = RpiStressTest.bundled();

        assertThat(runs).extracting(RpiStressTest::frequencyMhz).containsExactly(600, 700, 800, 900, 1000, 1100, 1200, 1300, 1400);
        PowerProfile gateway = RpiStressTest.gatewayProfile(runs);
        // Pre-stress samples (mW): 1114.15 1283.17 1396.1 1699.27 1060.49 1096.59 1121.95 1533.17 1105.37; median 1121.95.
        assertThat(gateway.idleWatts()).isCloseTo(1.12195, within(1e-9));
        // 1400.csv: mean of its 298 loaded samples is about 2970.6 mW.
        assertThat(gateway.maxWatts()).isCloseTo(2.97, within(0.01));
    }
}
