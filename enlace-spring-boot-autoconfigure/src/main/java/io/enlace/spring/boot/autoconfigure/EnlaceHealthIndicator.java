package io.enlace.spring.boot.autoconfigure;

import io.enlace.SocketIoServer;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The {@code enlace} component of {@code /actuator/health}: UP while the Socket.IO server listens, with its port,
 * path and the number of Engine.IO connections; DOWN before it starts and once it stopped.
 */
public class EnlaceHealthIndicator extends AbstractHealthIndicator {

    private final EnlaceServerLifecycle lifecycle;

    public EnlaceHealthIndicator(EnlaceServerLifecycle lifecycle) {
        super("Enlace health check failed");
        this.lifecycle = lifecycle;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        SocketIoServer io = lifecycle.server();
        if (lifecycle.isListening()) {
            builder.up()
                    .withDetail("port", lifecycle.port())
                    .withDetail("path", io.options().path())
                    .withDetail("connections", io.engine().clientsCount());
        } else {
            builder.down().withDetail("reason", "not listening");
        }
    }
}
