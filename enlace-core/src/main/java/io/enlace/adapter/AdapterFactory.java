package io.enlace.adapter;

/**
 * Creates the adapter of one namespace. Set with {@link io.enlace.ServerOptions.Builder#adapter}.
 *
 * <pre>{@code
 * ServerOptions.builder().adapter(ctx -> new MyClusterAdapter(ctx, redis)).build();
 * }</pre>
 */
@FunctionalInterface
public interface AdapterFactory {
    /** A new adapter for the namespace described by {@code context}. */
    Adapter create(AdapterContext context);
}
