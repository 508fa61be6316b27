package io.enlace.spring.boot.autoconfigure;

import io.enlace.SocketIoServer;
import io.enlace.netty.NettyServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationContextException;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts the auto-configured {@link SocketIoServer} on its own port when the application context starts, and closes it
 * gracefully when the context closes: every socket is disconnected with reason {@code server shutting down} (clients
 * see {@code io server disconnect}), then the port is released.
 *
 * <p>Runs in the same phase as Spring Boot's web server ({@link #PHASE}): it starts after the ordinary lifecycle beans
 * and stops before them. With {@code enlace.port=0} the port it got is published as the {@code local.enlace.port}
 * property ({@code @Value("${local.enlace.port}")}, as {@code local.server.port} for the web server).
 */
public final class EnlaceServerLifecycle implements SmartLifecycle, DisposableBean {

    /** The phase of Spring Boot's web server start/stop. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

    private static final Logger LOG = LoggerFactory.getLogger(EnlaceServerLifecycle.class);

    private final SocketIoServer io;
    private final EnlaceProperties properties;
    private final List<EnlaceNettyServerCustomizer> customizers;
    private final ConfigurableEnvironment environment;

    private volatile NettyServer http;
    private volatile boolean running;
    private volatile boolean closed;

    /**
     * @param io          the server
     * @param properties  where it listens ({@code enlace.host}, {@code enlace.port}, TLS, threads)
     * @param customizers applied to the Netty server, in order
     * @param environment gets {@code local.enlace.port}; may be null
     */
    public EnlaceServerLifecycle(SocketIoServer io, EnlaceProperties properties,
                                 List<EnlaceNettyServerCustomizer> customizers, ConfigurableEnvironment environment) {
        this.io = io;
        this.properties = properties;
        this.customizers = List.copyOf(customizers);
        this.environment = environment;
    }

    @Override
    public synchronized void start() {
        if (running) return;
        if (closed) {
            throw new IllegalStateException("Enlace: the Socket.IO server was closed (its sockets were told 'server "
                    + "shutting down') and cannot start again: restart the application context instead");
        }
        NettyServer.Builder builder = NettyServer.builder()
                .host(properties.getHost())
                .port(properties.getPort())
                .ioThreads(properties.getIoThreads())
                .idleTimeout(properties.getIdleTimeout());
        EnlaceProperties.Ssl ssl = properties.getSsl();
        if (ssl.getCertificate() != null || ssl.getPrivateKey() != null) {
            if (ssl.getCertificate() == null || ssl.getPrivateKey() == null) {
                throw new IllegalStateException("Enlace: TLS needs both enlace.ssl.certificate and "
                        + "enlace.ssl.private-key (PEM files); only one is set");
            }
            builder.tls(ssl.getCertificate(), ssl.getPrivateKey());
        }
        io.attach(builder);
        for (EnlaceNettyServerCustomizer c : customizers) c.customize(builder);
        NettyServer server = builder.build();
        try {
            server.start().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            server.stop();
            throw new ApplicationContextException("Enlace (Socket.IO) could not listen on " + properties.getHost()
                    + ":" + properties.getPort() + ": " + cause.getMessage() + " (set enlace.port to a free port, "
                    + "0 for any; server.port is the web server's)", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.stop();
            throw new ApplicationContextException("Enlace: interrupted while starting", e);
        }
        http = server;
        running = true;
        publishPort(server.port());
        LOG.info("Enlace (Socket.IO) listening on {}:{}{}", properties.getHost(), server.port(), io.options().path());
    }

    @Override
    public void stop() {
        CountDownLatch done = new CountDownLatch(1);
        stop(done::countDown);
        try {
            if (!done.await(properties.getShutdownTimeout().toMillis() * 2 + 1000, TimeUnit.MILLISECONDS)) {
                LOG.warn("Enlace: the Socket.IO server did not close in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void stop(Runnable callback) {
        if (!running) {
            callback.run();
            return;
        }
        running = false;
        closed = true;
        NettyServer server = http;
        Duration timeout = properties.getShutdownTimeout();
        LOG.info("Enlace: closing the Socket.IO server (sockets get 'server shutting down')");
        io.close()
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((v, e) -> {
                    if (e != null) LOG.warn("Enlace: closing the Socket.IO server: {}", e.toString());
                    return null;
                })
                .thenCompose(v -> server.stop().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS))
                .whenComplete((v, e) -> {
                    if (e != null) LOG.warn("Enlace: stopping the Netty server: {}", e.toString());
                    else LOG.info("Enlace (Socket.IO) stopped");
                    callback.run();
                });
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Closes the server if the context never started it (e.g. a failed start-up). */
    @Override
    public void destroy() {
        if (closed) return;
        closed = true;
        try {
            io.close().get(properties.getShutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("Enlace: closing the Socket.IO server: {}", e.toString());
        }
    }

    /** The server. */
    public SocketIoServer server() {
        return io;
    }

    /** True while the server listens (between start and stop, with a bound port). */
    public boolean isListening() {
        NettyServer server = http;
        return running && server != null && server.port() > 0;
    }

    /** The port listened on, or -1 when not listening. */
    public int port() {
        NettyServer server = http;
        return running && server != null ? server.port() : -1;
    }

    /** The Netty server while listening, else null. */
    public NettyServer nettyServer() {
        return running ? http : null;
    }

    private void publishPort(int port) {
        if (environment == null) return;
        PropertySource<?> source = environment.getPropertySources().get("enlace.ports");
        if (source == null) {
            source = new MapPropertySource("enlace.ports", new HashMap<>());
            environment.getPropertySources().addFirst(source);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) source.getSource();
        map.put("local.enlace.port", port);
    }
}
