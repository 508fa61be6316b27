package io.enlace;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Decides whether a namespace that does not exist yet may be created on demand (dynamic namespaces), like Node's
 * {@code io.of((name, auth, next) => ...)}.
 *
 * <pre>{@code
 * io.of((name, auth) -> name.startsWith("/tenant-") && auth.has("token"))
 *   .onConnection(socket -> socket.emit("hello", socket.nsp().name()));
 * }</pre>
 */
@FunctionalInterface
public interface NamespaceMatcher {

    /** True to create (or reuse) the namespace {@code name}; {@code auth} is the CONNECT payload ({@code {}} if none). */
    boolean matches(String name, JsonNode auth);
}
