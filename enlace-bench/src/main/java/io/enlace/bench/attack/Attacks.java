package io.enlace.bench.attack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The attacks, each by one attacker (this process), bounded in time (its window) and in count, against a target on
 * 127.0.0.1. Each returns one line saying what the attacker did and saw.
 */
final class Attacks {
    private Attacks() {}

    /** An attack: its name, its window, what it does. */
    record Spec(String name, String what, long windowSeconds, Body body) {
    }

    /** Runs an attack against {@code port} until {@code deadline} (System.nanoTime); returns what happened. */
    interface Body {
        String run(int port, long deadline) throws Exception;
    }

    static final Map<String, Spec> ALL = new java.util.LinkedHashMap<>();

    static {
        add("ping-flood", "WebSocket pings (125 B) as fast as possible, never reading, on a new connection each time one is closed", 30, Attacks::pingFlood);
        add("pipelining", "20,000 pipelined GET /socket.io/socket.io.js per connection, never reading (a new connection when one is closed)", 20,
                Attacks::pipelining);
        add("slow-reader", "a /chat member that says 2,000-char texts to its own room as fast as it can and never reads (again when closed)",
                40, Attacks::slowReader);
        add("slow-body", "5,000 connections, each a full POST head then one body byte every 15 s", 75, Attacks::slowBody);
        add("event-flood", "Socket.IO events (quiero un random, no ack) as fast as possible, never reading (again when closed)", 30,
                Attacks::eventFlood);
        add("rooms", "30,000 join events (30,000 rooms) from one /chat client, acks read", 60, Attacks::rooms);
    }

    private static void add(String name, String what, long seconds, Body body) {
        ALL.put(name, new Spec(name, what, seconds, body));
    }

    private static boolean before(long deadline) { return System.nanoTime() - deadline < 0; }

    private static String seconds(long fromNanos) {
        return String.format("%.1f s", (System.nanoTime() - fromNanos) / 1e9);
    }

    /** Closes {@code s} at {@code deadline} (socket writes cannot time out; a server that stops reading blocks them). */
    private static AtomicBoolean closeAt(Socket s, long deadline) {
        AtomicBoolean fired = new AtomicBoolean();
        Thread t = new Thread(() -> {
            while (!s.isClosed() && before(deadline)) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (!s.isClosed()) {
                fired.set(true);
                try {
                    s.close();
                } catch (IOException ignored) {
                    // gone
                }
            }
        }, "attack-deadline");
        t.setDaemon(true);
        t.start();
        return fired;
    }

    private static byte[] repeat(byte[] one, int times) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(one.length * times);
        for (int i = 0; i < times; i++) b.write(one, 0, one.length);
        return b.toByteArray();
    }

    // --------------------------------------------------------------------------------------------- the attacks

    /**
     * Runs {@code one} again on a new connection each time the server closes the previous one, until the deadline
     * (at most 1,000 connections): the attacker does not give up, so the whole window is under attack.
     */
    private static String persist(int port, long deadline, Round one) {
        long t0 = System.nanoTime();
        int connections = 0;
        long total = 0;
        String first = null;
        String last = "";
        while (before(deadline) && connections < 1000) {
            connections++;
            try {
                Round.Outcome o = one.run(port, deadline);
                total += o.count();
                last = o.how();
                if (first == null) first = String.format("%,d on the first connection, %s", o.count(), o.how());
                if (!o.closedByServer()) break;
            } catch (IOException e) {
                last = "could not connect: " + e.getMessage();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    break;
                }
            }
        }
        return String.format("%s; %,d in all over %,d connection(s) in %s (last: %s)", first, total, connections,
                seconds(t0), last);
    }

    /** One connection's worth of an attack. */
    interface Round {
        /** {@code count}: what was sent; {@code closedByServer}: the server ended the connection before the deadline. */
        record Outcome(long count, boolean closedByServer, String how) {
        }

        Outcome run(int port, long deadline) throws IOException;
    }

    /** Writes {@code batch} ({@code per} items) until the deadline or {@code max} items, never reading. */
    private static Round.Outcome flood(WsPeer w, byte[] batch, int per, long max, long deadline) {
        AtomicBoolean deadlineClosed = closeAt(w.socket, deadline);
        long t0 = System.nanoTime();
        long n = 0;
        try {
            while (before(deadline) && n < max) {
                w.write(batch);
                n += per;
            }
            return new Round.Outcome(n, false, "open at the end");
        } catch (IOException e) {
            return deadlineClosed.get()
                    ? new Round.Outcome(n, false, "a write still blocked at the end (read slower than written, or not at all)")
                    : new Round.Outcome(n, true, "closed by the server after " + seconds(t0));
        }
    }

    static String pingFlood(int port, long deadline) {
        byte[] batch = repeat(WsPeer.frame(WsPeer.PING, new byte[125]), 1000);
        return "pings: " + persist(port, deadline, (p, d) -> {
            try (WsPeer w = WsPeer.open(p, 4096, 5000)) {
                return flood(w, batch, 1000, 20_000_000, d);
            }
        });
    }

    static String pipelining(int port, long deadline) {
        byte[] all = repeat("GET /socket.io/socket.io.js HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 20_000);
        return "pipelined requests: " + persist(port, deadline, (p, d) -> {
            try (Socket s = new Socket()) {
                s.setReceiveBufferSize(4096);
                s.connect(new InetSocketAddress("127.0.0.1", p), 5000);
                AtomicBoolean deadlineClosed = closeAt(s, d);
                long t0 = System.nanoTime();
                int written = 0;
                try {
                    OutputStream out = s.getOutputStream();
                    for (int off = 0; off < all.length && before(d); off += 65536) {
                        int n = Math.min(65536, all.length - off);
                        out.write(all, off, n);
                        written += n;
                    }
                    // hold the connection, reading nothing; a closed one shows when its end can be read
                    s.setSoTimeout(100);
                    while (before(d)) {
                        try {
                            s.getInputStream().skip(0);
                            if (s.getInputStream().available() < 0) break;
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            break;
                        }
                    }
                } catch (IOException e) {
                    int requests = written / (all.length / 20_000);
                    return deadlineClosed.get()
                            ? new Round.Outcome(requests, false, "a write still blocked at the end (read slower than written, or not at all)")
                            : new Round.Outcome(requests, true, "closed by the server after " + seconds(t0));
                }
                return new Round.Outcome(20_000, false, "all written, nothing read, open at the end");
            }
        });
    }

    static String slowReader(int port, long deadline) {
        byte[] say = WsPeer.textFrame("42/chat,[\"say\",{\"room\":\"flood\",\"text\":\"" + "x".repeat(2000) + "\"}]");
        byte[] batch = repeat(say, 50);
        return "2,000-char says: " + persist(port, deadline, (p, d) -> {
            try (WsPeer w = WsPeer.open(p, 4096, 5000)) {
                w.connect("/chat", "{\"name\":\"slow-reader\"}");
                w.sendText("42/chat,[\"join\",\"flood\"]");
                return flood(w, batch, 50, 2_000_000, d);
            }
        });
    }

    static String slowBody(int port, long deadline) throws Exception {
        List<Socket> open = new ArrayList<>();
        int refused = 0;
        int closedByServer = 0;
        byte[] head = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\nx".getBytes(StandardCharsets.US_ASCII);
        long t0 = System.nanoTime();
        try {
            // open them at 1,000 per second at most
            for (int i = 0; i < 5000 && before(deadline); i++) {
                Socket s = new Socket();
                try {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                    s.getOutputStream().write(head);
                    open.add(s);
                } catch (IOException e) {
                    refused++;
                    s.close();
                }
                if (i % 100 == 99) Thread.sleep(100);
            }
            int opened = open.size();
            // one more byte on each every 15 s; count those the server closed
            long nextTrickle = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (before(deadline)) {
                Thread.sleep(200);
                if (System.nanoTime() - nextTrickle < 0) continue;
                nextTrickle += TimeUnit.SECONDS.toNanos(15);
                for (java.util.Iterator<Socket> it = open.iterator(); it.hasNext(); ) {
                    Socket s = it.next();
                    try {
                        s.getOutputStream().write('x');
                    } catch (IOException e) {
                        closedByServer++;
                        s.close();
                        it.remove();
                    }
                }
            }
            // which are still open now: a closed one reads its end (after a 408, or nothing)
            for (java.util.Iterator<Socket> it = open.iterator(); it.hasNext(); ) {
                Socket s = it.next();
                try {
                    s.setSoTimeout(1);
                    s.getInputStream().read(); // a 408 or the end: answered by the server, which closes it
                    closedByServer++;
                    s.close();
                    it.remove();
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // open
                } catch (IOException reset) {
                    closedByServer++;
                    s.close();
                    it.remove();
                }
            }
            return String.format("%,d connections held (%,d not accepted); %,d closed by the server, %,d still open"
                    + " after %s", opened, refused, closedByServer, open.size(), seconds(t0));
        } finally {
            for (Socket s : open) s.close();
        }
    }

    static String eventFlood(int port, long deadline) {
        byte[] batch = repeat(WsPeer.textFrame("42[\"quiero un random\",600000]"), 1000);
        return "events: " + persist(port, deadline, (p, d) -> {
            try (WsPeer w = WsPeer.open(p, 4096, 5000)) {
                w.connect("/", null);
                return flood(w, batch, 1000, 50_000_000, d);
            }
        });
    }

    static String rooms(int port, long deadline) throws Exception {
        try (WsPeer w = WsPeer.open(port, 0, 5000)) {
            w.connect("/chat", "{\"name\":\"roomer\"}");
            AtomicInteger acks = new AtomicInteger();
            AtomicBoolean done = new AtomicBoolean();
            Thread reader = new Thread(() -> {
                while (!done.get()) {
                    try {
                        if (w.readText().startsWith("43/chat,")) acks.incrementAndGet();
                    } catch (java.net.SocketTimeoutException quiet) {
                        // go on
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "attack-rooms-reader");
            reader.setDaemon(true);
            reader.start();
            AtomicBoolean deadlineClosed = closeAt(w.socket, deadline);
            long t0 = System.nanoTime();
            int sent = 0;
            try {
                for (; sent < 30_000 && before(deadline); sent++) w.sendText("42/chat," + sent + "[\"join\",\"r-" + sent + "\"]");
            } catch (IOException e) {
                // counted below
            }
            long sentIn = System.nanoTime() - t0;
            while (acks.get() < sent && before(deadline) && !w.socket.isClosed()) Thread.sleep(50);
            done.set(true);
            return String.format("%,d joins sent in %.1f s, %,d acks in %s%s", sent, sentIn / 1e9, acks.get(), seconds(t0),
                    deadlineClosed.get() ? " (window over)" : "");
        }
    }
}
