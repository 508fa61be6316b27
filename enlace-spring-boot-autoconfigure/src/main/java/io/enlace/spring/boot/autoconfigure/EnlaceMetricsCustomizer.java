package io.enlace.spring.boot.autoconfigure;

import io.enlace.micrometer.SocketIoMetrics;

/**
 * Changes the auto-configured {@link SocketIoMetrics} before it is built: the {@code namespace} tag of dynamic
 * namespaces, extra tags.
 *
 * <pre>{@code
 * @Bean
 * EnlaceMetricsCustomizer roomNamespacesShareOneTag() {
 *     // io.of(Pattern.compile("^/room-\\d+$")) makes /room-1, /room-2...: one time series for all of them
 *     return metrics -> metrics.namespaceTag(nsp -> nsp.name().startsWith("/room-") ? "/room-*" : nsp.name());
 * }
 * }</pre>
 *
 * Customizers run in {@code @Order}; the last word wins. Tags for every meter of the application are better set with
 * Spring Boot's {@code management.metrics.tags.*}.
 */
@FunctionalInterface
public interface EnlaceMetricsCustomizer {

    /** Changes the binder about to be built. */
    void customize(SocketIoMetrics.Builder metrics);
}
