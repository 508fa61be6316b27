/**
 * Spring Boot auto-configuration of Enlace: {@link io.enlace.spring.boot.autoconfigure.EnlaceAutoConfiguration} (the
 * server from {@link io.enlace.spring.boot.autoconfigure.EnlaceProperties}, its lifecycle, the controllers, the Redis
 * adapter), the customizer interfaces, and the {@code enlace} health indicator.
 */
package io.enlace.spring.boot.autoconfigure;
