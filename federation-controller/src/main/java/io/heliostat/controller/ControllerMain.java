package io.heliostat.controller;

import java.time.Clock;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Runs a controller member on Camel Main: reads {@code application.properties} (overridden by environment
 * variables), starts the member, adds its routes, and stops the member when Camel stops.
 */
public final class ControllerMain {

    private ControllerMain() {
    }

    public static void main(String... args) throws Exception {
        Main main = new Main();
        main.addMainListener(new Lifecycle());
        main.run(args);
    }

    /**
     * Starts a member in this JVM without blocking, {@code overrides} taking precedence over
     * application.properties and the environment: for benchmarks, the demo and tests.
     */
    public static Embedded startEmbedded(java.util.Map<String, String> overrides) {
        Main main = new Main();
        Lifecycle lifecycle = new Lifecycle();
        main.addMainListener(lifecycle);
        overrides.forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("controller did not start: " + e.getMessage(), e);
        }
        return new Embedded(main, lifecycle.controller());
    }

    /** A member started by {@link #startEmbedded}; closing it stops Camel and leaves the cluster. */
    public record Embedded(Main main, Controller controller) implements AutoCloseable {

        @Override
        public void close() {
            try {
                main.stop();
            } catch (Exception e) {
                throw new IllegalStateException("controller did not stop: " + e.getMessage(), e);
            } finally {
                // Main calls afterStop() only at the end of run(), which an embedded member never enters.
                controller.close();
            }
        }
    }

    /** Builds the controller once the properties are known and closes it after Camel has stopped. */
    public static final class Lifecycle extends MainListenerSupport {

        private Controller controller;

        @Override
        public void beforeConfigure(BaseMainSupport main) {
            PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
            ControllerSettings settings = ControllerSettings.from(key -> properties.resolveProperty(key).orElse(null));
            controller = Controller.start(settings, Clock.systemUTC());
            main.configure().addRoutesBuilder(controller.apiRoutes());
            main.configure().addRoutesBuilder(controller.fleetRoutes());
            controller.carbonFeedRoutes().forEach(main.configure()::addRoutesBuilder);
            main.configure().addRoutesBuilder(controller.metricsRoutes());
            main.configure().addRoutesBuilder(controller.edgeActuationRoutes());
            controller.federation().ifPresent(federation -> main.configure().addRoutesBuilder(federation.routes()));
        }

        @Override
        public void afterStop(BaseMainSupport main) {
            if (controller != null) {
                controller.close();
            }
        }

        public Controller controller() {
            return controller;
        }
    }
}
