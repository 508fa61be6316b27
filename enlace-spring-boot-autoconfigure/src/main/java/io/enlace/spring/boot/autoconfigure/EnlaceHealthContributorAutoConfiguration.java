package io.enlace.spring.boot.autoconfigure;

import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code enlace} health indicator, with Spring Boot Actuator on the class path
 * ({@code management.health.enlace.enabled=false} turns it off).
 */
@AutoConfiguration(after = EnlaceAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnBean(EnlaceServerLifecycle.class)
public class EnlaceHealthContributorAutoConfiguration {

    /** Bean name {@code enlaceHealthIndicator}: the component is {@code enlace}. */
    @Bean
    @ConditionalOnEnabledHealthIndicator("enlace") // on the method: read only once Actuator is known to be there
    @ConditionalOnMissingBean(name = "enlaceHealthIndicator")
    public EnlaceHealthIndicator enlaceHealthIndicator(EnlaceServerLifecycle lifecycle) {
        return new EnlaceHealthIndicator(lifecycle);
    }
}
