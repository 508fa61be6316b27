/**
 * Spring Boot auto-configuration of Enlace: {@link io.enlace.spring.boot.autoconfigure.EnlaceAutoConfiguration} (the
 * server from {@link io.enlace.spring.boot.autoconfigure.EnlaceProperties}, its lifecycle, the controllers, the Redis
 * adapter), the customizer interfaces, the {@code enlace} health indicator and the Micrometer meters
 * ({@link io.enlace.spring.boot.autoconfigure.EnlaceMetricsAutoConfiguration}).
 */
package io.enlace.spring.boot.autoconfigure;
