package io.heliostat.agent.collect;

import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * The hottest thermal zone ({@code /sys/class/thermal/thermal_zone*}/temp, millidegrees Celsius). Zones that cannot
 * be read or say something no sensor means (below -80 °C or above 200 °C, as a disconnected probe does) are skipped.
 */
public final class ThermalCollector {

    private final Path thermal;

    public ThermalCollector(Path sysRoot) {
        this.thermal = sysRoot.resolve("class/thermal");
    }

    public double hottestCelsius() throws Unavailable {
        OptionalDouble hottest = SysFiles.list(thermal, "thermal_zone*").stream()
                .flatMap(zone -> SysFiles.readIfPresent(zone.resolve("temp")).stream())
                .filter(text -> text.matches("-?\\d+"))
                .mapToDouble(text -> Long.parseLong(text) / 1000.0)
                .filter(celsius -> celsius >= -80 && celsius <= 200)
                .max();
        return hottest.orElseThrow(() -> new Unavailable("no readable thermal zone under " + thermal));
    }
}
