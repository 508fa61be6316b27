package io.enlace.spring.sample;

import io.enlace.Ack;
import io.enlace.Socket;
import io.enlace.spring.InvalidPayloadException;
import io.enlace.spring.annotation.OnConnect;
import io.enlace.spring.annotation.OnDisconnect;
import io.enlace.spring.annotation.OnError;
import io.enlace.spring.annotation.OnEvent;
import io.enlace.spring.annotation.SocketIoController;
import jakarta.annotation.PreDestroy;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The seed's main namespace ({@code /}):
 * <ul>
 *   <li>on connection: {@code bienvenida {"digo": "Hola cliente WS!"}};</li>
 *   <li>{@code quiero un random <ms>} (an integer from 50 to 600000; {@code 1000.0} counts as an integer, as in
 *       JavaScript): every {@code ms} milliseconds {@code toma un random {"numero": 1..1000}}; a new valid request
 *       replaces the schedule; the ack is {@code {"cada": ms}};</li>
 *   <li>invalid input: the ack is {@code {"error": reason}} (Enlace answers it, Bean Validation gives the reason);
 *       without an ack {@code random rechazado {"motivo": reason}}; the schedule is unchanged;</li>
 *   <li>the schedule stops when the socket disconnects.</li>
 * </ul>
 */
@SocketIoController("/")
public class RandomNumbersController {

    static final String MISSING = "missing interval: send an integer number of milliseconds from 50 to 600000";
    static final String NOT_INTEGER = "the interval must be an integer number of milliseconds, got ${validatedValue}";
    static final String RANGE = "the interval must be from 50 to 600000 ms";

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sample-random");
        t.setDaemon(true);
        return t;
    });
    /** The running schedule of each socket that asked, by socket id. */
    private final Map<String, ScheduledFuture<?>> schedules = new ConcurrentHashMap<>();

    @OnConnect
    void welcome(Socket socket) {
        socket.emit("bienvenida", Map.of("digo", "Hola cliente WS!"));
    }

    /** The return value answers the client's ack (when it asked for one). */
    @OnEvent("quiero un random")
    Map<String, Object> start(Socket socket,
                              @NotNull(message = MISSING)
                              @Digits(integer = 6, fraction = 0, message = NOT_INTEGER)
                              @Min(value = 50, message = RANGE) @Max(value = 600_000, message = RANGE) Double ms) {
        long every = ms.longValue();
        ScheduledFuture<?> next = timer.scheduleAtFixedRate(
                () -> socket.emit("toma un random", Map.of("numero", ThreadLocalRandom.current().nextInt(1, 1001))),
                every, every, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> previous = schedules.put(socket.id(), next);
        if (previous != null) previous.cancel(false);
        if (!socket.connected()) stop(socket); // disconnected meanwhile: the disconnect may have run before put()
        return Map.of("cada", every);
    }

    /** A refused interval without an ack; with one, Enlace answers {@code {"error": reason}} itself. */
    @OnError
    void rejected(InvalidPayloadException e, Socket socket, Ack ack) {
        if (!ack.requested()) socket.emit("random rechazado", Map.of("motivo", e.getMessage()));
    }

    @OnDisconnect
    void stop(Socket socket) {
        ScheduledFuture<?> f = schedules.remove(socket.id());
        if (f != null) f.cancel(false);
    }

    /** How many schedules run (one per socket that asked, at most). */
    public int activeSchedules() {
        return schedules.size();
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }
}
