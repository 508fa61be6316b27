package io.enlace.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.enlace.Ack;
import io.enlace.Args;
import io.enlace.DisconnectReason;
import io.enlace.Namespace;
import io.enlace.ServerOptions;
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
 *   <li>the schedule stops when the socket disconnects; with connection state recovery on and a disconnection it may
 *       recover from (a dropped connection), it goes on for the recovery window, so the numbers the client misses are
 *       kept for it and replayed when it comes back. The interval is in the socket's data ({@code {"cada": ms}}), so
 *       the server where the client comes back, Enlace or Node, resumes the schedule; it tells the others
 *       ({@code serverSideEmit("random resumed", id)}), and the server that kept the schedule stops it.</li>
 * </ul>
 */
final class RandomNumbers {

    static final long MIN_INTERVAL_MS = 50;
    static final long MAX_INTERVAL_MS = 600_000;
    /** Told to the other servers when a recovered socket resumes its numbers here. */
    static final String RESUMED = "random resumed";

    private final ScheduledExecutorService timer;
    /** How long the schedule of a socket that may recover goes on (null: recovery is off, it stops at once). */
    private final java.time.Duration keepFor;
    /** The running schedule of each socket, by socket id. */
    private final Map<String, Schedule> schedules = new ConcurrentHashMap<>();

    /** A running schedule, and the end of the recovery window while its socket is away. */
    private static final class Schedule {
        final ScheduledFuture<?> numbers;
        volatile ScheduledFuture<?> expiry;

        Schedule(ScheduledFuture<?> numbers) { this.numbers = numbers; }

        void cancel() {
            numbers.cancel(false);
            ScheduledFuture<?> e = expiry;
            if (e != null) e.cancel(false);
        }
    }

    RandomNumbers(ScheduledExecutorService timer, Namespace nsp, ServerOptions.Recovery recovery) {
        this.timer = timer;
        this.keepFor = recovery == null ? null : recovery.maxDisconnectionDuration();
        nsp.onServerSideEmit(RESUMED, (args, ack) -> stop(args.string(0)));
    }

    void onConnection(Socket socket) {
        socket.emit("bienvenida", Map.of("digo", "Hola cliente WS!"));
        socket.on("quiero un random", (args, ack) -> onRequest(socket, args, ack));
        socket.onDisconnect((reason, description) -> onDisconnect(socket.id(), reason));
        if (socket.recovered()) resume(socket);
    }

    private void onDisconnect(String id, DisconnectReason reason) {
        Schedule s = schedules.get(id);
        if (s == null) return;
        if (keepFor == null || !reason.recoverable()) {
            stop(id);
            return;
        }
        // the client may come back with this session: its numbers go on, kept for it, until the window ends
        s.expiry = timer.schedule(() -> {
            if (schedules.remove(id, s)) s.numbers.cancel(false);
        }, keepFor.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A recovered socket: its schedule starts again here, from the interval in its data; the others stop theirs. */
    private void resume(Socket socket) {
        long ms = interval(socket.data());
        if (ms <= 0) return;
        start(socket, ms);
        socket.nsp().serverSideEmit(RESUMED, socket.id());
    }

    /** The interval in a socket's data ({@code {"cada": ms}}, as a Map here or a JSON tree from another server), or 0. */
    static long interval(Object data) {
        if (data instanceof JsonNode j) return j.path("cada").asLong(0);
        if (data instanceof Map<?, ?> m && m.get("cada") instanceof Number n) return n.longValue();
        return 0;
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
        socket.data(Map.of("cada", ms)); // where a server that recovers this socket finds the interval
        start(socket, ms);
        if (!socket.connected()) {
            // disconnected meanwhile: the disconnect listener may have run before the schedule was stored
            stop(socket.id());
        }
        ack.send(Map.of("cada", ms));
    }

    /** Starts (or replaces) the schedule of {@code socket}: a number every {@code ms}. */
    private void start(Socket socket, long ms) {
        // socket.emit goes through the adapter when recovery is on: while the socket is away, the numbers are kept for it
        ScheduledFuture<?> numbers = timer.scheduleAtFixedRate(
                () -> socket.emit("toma un random", Map.of("numero", ThreadLocalRandom.current().nextInt(1, 1001))),
                ms, ms, TimeUnit.MILLISECONDS);
        Schedule previous = schedules.put(socket.id(), new Schedule(numbers));
        if (previous != null) previous.cancel();
    }

    private void stop(String socketId) {
        Schedule s = schedules.remove(socketId);
        if (s != null) s.cancel();
    }

    /** The number of running schedules (one per socket at most), those of sockets that may still recover included. */
    int activeSchedules() {
        return schedules.size();
    }

    /** The number of running schedules of sockets that are away and may recover (within the recovery window). */
    int awaitingRecovery() {
        int n = 0;
        for (Schedule s : schedules.values()) if (s.expiry != null) n++;
        return n;
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
