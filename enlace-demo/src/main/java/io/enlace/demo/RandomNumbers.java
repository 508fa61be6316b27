package io.enlace.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.enlace.Ack;
import io.enlace.Args;
import io.enlace.Socket;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The seed's main namespace ({@code /}): a welcome on connection, then random numbers on request.
 *
 * <ul>
 *   <li>on connection: {@code bienvenida {"digo": "Hola cliente WS!"}};</li>
 *   <li>{@code quiero un random <ms>} (an integer from 50 to 600000): every {@code ms} milliseconds
 *       {@code toma un random {"numero": 1..1000}}; a new valid request replaces the schedule; the ack (if asked) is
 *       {@code {"cada": ms}};</li>
 *   <li>invalid input: ack {@code {"error": reason}}, or without an ack {@code random rechazado {"motivo": reason}};
 *       the schedule is unchanged and the connection stays;</li>
 *   <li>the schedule stops when the socket disconnects.</li>
 * </ul>
 */
final class RandomNumbers {

    static final long MIN_INTERVAL_MS = 50;
    static final long MAX_INTERVAL_MS = 600_000;

    private final ScheduledExecutorService timer;
    /** The running schedule of each connected socket, by socket id. */
    private final Map<String, ScheduledFuture<?>> schedules = new ConcurrentHashMap<>();

    RandomNumbers(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    void onConnection(Socket socket) {
        socket.emit("bienvenida", Map.of("digo", "Hola cliente WS!"));
        socket.on("quiero un random", (args, ack) -> onRequest(socket, args, ack));
        socket.onDisconnect((reason, description) -> stop(socket.id()));
    }

    private void onRequest(Socket socket, Args args, Ack ack) {
        String error = validate(args);
        if (error != null) {
            if (ack.requested()) {
                ack.send(Map.of("error", error));
            } else {
                socket.emit("random rechazado", Map.of("motivo", error));
            }
            return;
        }
        long ms = args.node(0).longValue(); // validated: integral and in range
        ScheduledFuture<?> next = timer.scheduleAtFixedRate(
                () -> socket.emit("toma un random", Map.of("numero", ThreadLocalRandom.current().nextInt(1, 1001))),
                ms, ms, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> previous = schedules.put(socket.id(), next);
        if (previous != null) previous.cancel(false);
        if (!socket.connected()) {
            // disconnected meanwhile: the disconnect listener may have run before put()
            stop(socket.id());
        }
        ack.send(Map.of("cada", ms));
    }

    private void stop(String socketId) {
        ScheduledFuture<?> f = schedules.remove(socketId);
        if (f != null) f.cancel(false);
    }

    /** The number of running schedules (one per socket at most). */
    int activeSchedules() {
        return schedules.size();
    }

    /** Null when the arguments hold a valid interval, else the reason. */
    static String validate(Args args) {
        if (args.isEmpty()) return "missing interval: send an integer number of milliseconds from 50 to 600000";
        return validate(args.node(0));
    }

    static String validate(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return "missing interval: send an integer number of milliseconds from 50 to 600000";
        }
        if (!isInteger(n)) {
            return "the interval must be an integer number of milliseconds, got " + describe(n);
        }
        if (!n.canConvertToLong() || n.longValue() < MIN_INTERVAL_MS || n.longValue() > MAX_INTERVAL_MS) {
            return "the interval must be from 50 to 600000 ms, got " + n.asText();
        }
        return null;
    }

    /** An integer as JavaScript sees it: {@code 1000}, but also {@code 1000.0} or {@code 1e3}. */
    private static boolean isInteger(JsonNode n) {
        if (n.isIntegralNumber()) return true;
        if (!n.isNumber()) return false;
        double d = n.doubleValue();
        return Double.isFinite(d) && d == Math.rint(d);
    }

    private static String describe(JsonNode n) {
        if (n.isTextual()) return "a string";
        if (n.isNumber()) return n.asText();
        if (n.isBoolean()) return "a boolean";
        if (n.isArray()) return "an array";
        if (n.isObject()) return "an object";
        return n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }
}
