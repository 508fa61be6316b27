/**
 * Spring Boot auto-configuration of Enlace: {@link io.enlace.spring.boot.autoconfigure.EnlaceAutoConfiguration} (the
 * server from {@link io.enlace.spring.boot.autoconfigure.EnlaceProperties}, its lifecycle, the controllers, the Redis
 * adapter), the customizer interfaces, the {@code enlace} health indicator and the Micrometer meters
 * ({@link io.enlace.spring.boot.autoconfigure.EnlaceMetricsAutoConfiguration}).
 *
 * <p>Threading: the beans are made on the thread that refreshes the context; the server is started and stopped by
 * {@link io.enlace.spring.boot.autoconfigure.EnlaceServerLifecycle} (a {@code SmartLifecycle}, on Spring's thread,
 * waiting for the bind or the close with a bound); the health indicator reads the server's counters from the actuator's
 * thread. Nothing here runs on an event loop. Buffers: none.
 */
package io.enlace.spring.boot.autoconfigure;
