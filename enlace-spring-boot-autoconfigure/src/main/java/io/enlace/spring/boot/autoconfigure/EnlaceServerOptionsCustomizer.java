package io.enlace.spring.boot.autoconfigure;

import io.enlace.ServerOptions;

/**
 * Changes the {@link ServerOptions} of the auto-configured server after the {@code enlace.*} properties were applied:
 * an adapter of your own, an executor, connection state recovery settings...
 *
 * <pre>{@code
 * @Bean
 * EnlaceServerOptionsCustomizer handlersOnMyExecutor(Executor mine) {
 *     return options -> options.executor(mine);
 * }
 * }</pre>
 *
 * Customizers run in {@code @Order}; the last word wins.
 */
@FunctionalInterface
public interface EnlaceServerOptionsCustomizer {

    /** Changes the options about to be built. */
    void customize(ServerOptions.Builder options);
}
