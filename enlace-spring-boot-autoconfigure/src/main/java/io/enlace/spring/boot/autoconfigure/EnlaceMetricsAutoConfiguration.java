package io.enlace.spring.boot.autoconfigure;

import io.enlace.SocketIoServer;
import io.enlace.micrometer.SocketIoMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Enlace's Micrometer meters in the application's {@link MeterRegistry}: a {@link SocketIoMetrics} bean for the
 * {@link SocketIoServer} bean, which Actuator binds to its registries as it binds every {@code MeterBinder} bean (so
 * {@code /actuator/prometheus} shows {@code socketio_sockets_connected}, {@code socketio_events_received_total}...).
 *
 * <p>Needs {@code io.enlace:enlace-micrometer} and Actuator's metrics on the class path, a {@code MeterRegistry} bean
 * and one {@code SocketIoServer} bean; {@code enlace.metrics.enabled=false} turns it off, a {@code SocketIoMetrics}
 * bean of your own replaces it, {@link EnlaceMetricsCustomizer} beans change it (the {@code namespace} tag of dynamic
 * namespaces). The binder is closed with the context, after the server has stopped.
 */
@AutoConfiguration(after = EnlaceAutoConfiguration.class, afterName = {
        // where Actuator makes the MeterRegistry beans (Spring Boot 3, then 4); named: the class compiles against both
        "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass({SocketIoMetrics.class, MeterRegistry.class})
@Conditional(EnlaceMetricsAutoConfiguration.ActuatorMetricsPresent.class)
@ConditionalOnProperty(prefix = "enlace.metrics", name = "enabled", matchIfMissing = true)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnSingleCandidate(SocketIoServer.class)
public class EnlaceMetricsAutoConfiguration {

    /** The meters of the server, with the {@link EnlaceMetricsCustomizer}s applied; closed with the context. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public SocketIoMetrics socketIoMetrics(SocketIoServer socketIoServer,
                                           ObjectProvider<EnlaceMetricsCustomizer> customizers) {
        SocketIoMetrics.Builder metrics = SocketIoMetrics.builder(socketIoServer);
        customizers.orderedStream().forEach(c -> c.customize(metrics));
        return metrics.build();
    }

    /**
     * Actuator's metrics support, which binds {@code MeterBinder} beans to the registries: without it a binder bean
     * would never be bound.
     */
    static final class ActuatorMetricsPresent extends AnyNestedCondition {

        ActuatorMetricsPresent() {
            super(ConfigurationPhase.PARSE_CONFIGURATION);
        }

        @ConditionalOnClass(name = "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration")
        static final class SpringBoot3 {
        }

        @ConditionalOnClass(name = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration")
        static final class SpringBoot4 {
        }
    }
}
