package io.enlace.spring.boot.autoconfigure;

import io.enlace.engine.EngineOptions;

/**
 * Changes the Engine.IO options of the auto-configured server after the {@code enlace.*} properties were applied, for
 * what properties cannot hold: an {@code allowRequest} check, a CORS origin function...
 *
 * <pre>{@code
 * @Bean
 * EnlaceEngineOptionsCustomizer onlyFromTheOffice() {
 *     return engine -> engine.allowRequest(request -> CompletableFuture.completedFuture(
 *             isOffice(request) ? AllowRequest.Decision.allow() : AllowRequest.Decision.deny("office only")));
 * }
 * }</pre>
 *
 * Runs before the {@link EnlaceServerOptionsCustomizer}s; the path is always {@code enlace.path} (or what a
 * {@code EnlaceServerOptionsCustomizer} sets).
 */
@FunctionalInterface
public interface EnlaceEngineOptionsCustomizer {

    /** Changes the engine options about to be built. */
    void customize(EngineOptions.Builder engine);
}
