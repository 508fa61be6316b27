package io.enlace.internal.redis;

import io.enlace.redis.RedisAdapterOptions;
import io.enlace.redis.RedisUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * The stream side of a node running the streams protocol, beside the commands and Pub/Sub connections of its
 * {@link RedisLink}: one connection that writes ({@code XADD}) and one per stream that reads ({@code XREAD BLOCK}), so
 * that neither a blocked read nor writes waiting for Redis ever hold up a command that must answer at once.
 *
 * <p>Writes go through an outbox of at most {@link RedisAdapterOptions#maxPendingWrites()} entries, sent in order
 * (pipelined) and kept until Redis has answered. When the writing connection is lost, the entries not answered yet are
 * sent again, in the same order, on the next connection (at least once: an entry whose answer was lost with the
 * connection may be written twice); meanwhile new entries wait in the outbox. A full outbox refuses new entries at
 * once, logged and counted ({@link #refusedWrites()}). Readers start from the stream's last entry and resume from the
 * last entry they handed over, so nothing written while a reader was cut off is skipped. Entries are handed over on the
 * link's dispatch thread, one batch at a time, in stream order.
 */
public final class StreamLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamLink.class);

    /** Receives the entries of a stream: (entry id, fields). */
    public interface EntryHandler extends BiConsumer<String, Map<String, byte[]>> {}

    private final RedisLink link;
    private final RedisAdapterOptions options;
    /** The writer: no reconnection of its own (the outbox reconnects and resends), no command timeout. */
    private final RedisClient writerClient;
    /** The readers: reconnected by Lettuce, which sends the pending XREAD again (it is idempotent). */
    private final RedisClient readerClient;
    private final Map<String, Reader> readers = new ConcurrentHashMap<>();
    private final List<Runnable> writerDownListeners = new CopyOnWriteArrayList<>();
    private final XAddArgs xaddArgs;
    private final AtomicBoolean refusalLogged = new AtomicBoolean();
    private final AtomicBoolean errorLogged = new AtomicBoolean();
    private final CompletableFuture<Void> firstConnect = new CompletableFuture<>();

    // the outbox, guarded by itself
    private final ArrayDeque<Pending> outbox = new ArrayDeque<>();
    private volatile StatefulRedisConnection<String, byte[]> writer; // null while down; changed under the outbox lock
    private long generation; // one per writer connection: answers of an older one are ignored
    private long refused;
    private boolean connecting;
    private long attempt;
    private volatile boolean everConnected;
    private volatile boolean closed;

    private record Pending(String stream, Map<String, byte[]> fields, CompletableFuture<String> future) {}

    public StreamLink(RedisLink link) {
        this.link = link;
        this.options = link.options();
        this.writerClient = RedisClient.create(link.resources(), link.uri());
        writerClient.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build()) // a slow Redis: the outbox waits
                .build());
        writerClient.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) { }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) { writerLost(connection); }
        });
        this.readerClient = RedisClient.create(link.resources(), link.uri());
        readerClient.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build()) // XREAD BLOCK waits blockTime
                .build());
        this.xaddArgs = new XAddArgs().maxlen(options.maxLen()).approximateTrimming();
        scheduleConnect(0);
    }

    // ---------------------------------------------------------------------------------------------- writer

    private void scheduleConnect(long delayMs) {
        synchronized (outbox) {
            if (connecting || closed) return;
            connecting = true;
        }
        try {
            link.timer().schedule(this::connect, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            synchronized (outbox) { connecting = false; }
        }
    }

    /** Opens the writing connection (on the link's timer thread), then sends the outbox again, in order. */
    private void connect() {
        StatefulRedisConnection<String, byte[]> c;
        try {
            c = writerClient.connect(RedisLink.CODEC, link.uri());
        } catch (RuntimeException e) {
            long delay;
            synchronized (outbox) {
                connecting = false;
                attempt++;
                delay = Math.min(options.reconnectDelayMax().toMillis(), 100L << Math.min(attempt - 1, 10));
            }
            if (attempt == 1 || attempt % 20 == 0) {
                log.warn("Cannot open the stream writer to Redis at {} (attempt {}): {}. Retrying in {} ms; {} writes wait.",
                        link.redacted(), attempt, e.getMessage(), delay, pendingWrites());
            }
            scheduleConnect(delay);
            return;
        }
        int resent;
        synchronized (outbox) {
            connecting = false;
            if (closed) {
                c.closeAsync();
                return;
            }
            writer = c;
            generation++;
            resent = outbox.size();
            for (Pending p : new ArrayList<>(outbox)) {
                if (writer == null) break; // lost again at once
                send(p);
            }
            if (attempt > 0) {
                log.info("Stream writer connected to Redis at {} after {} failed attempts; {} waiting writes sent",
                        link.redacted(), attempt, resent);
            }
            attempt = 0;
        }
        everConnected = true;
        for (Reader r : readers.values()) link.timer().execute(r::start);
        firstConnect.complete(null);
    }

    /** Sends one entry on the current connection (caller holds the outbox lock and checked {@code writer}). */
    private void send(Pending p) {
        long gen = generation;
        writer.async().xadd(p.stream, xaddArgs, p.fields).whenComplete((id, e) -> answered(p, gen, id, e));
    }

    private void answered(Pending p, long gen, String id, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        boolean done;
        StatefulRedisConnection<String, byte[]> lost = null;
        synchronized (outbox) {
            if (gen != generation) return; // sent on a connection since replaced: the entry was sent again
            if (cause == null || cause instanceof RedisCommandExecutionException) {
                // answered (an error reply will not change by sending it again: the entry is dropped)
                done = outbox.remove(p);
            } else {
                done = false;
                lost = writer; // the connection failed: everything not answered is sent again on the next one
            }
        }
        if (lost != null) {
            writerLost(lost);
            return;
        }
        if (!done) return;
        if (cause == null) {
            refusalLogged.set(false);
            errorLogged.set(false);
            p.future.complete(id);
        } else {
            if (errorLogged.compareAndSet(false, true)) {
                log.warn("Redis at {} refused a stream entry (XADD {}): {}; it reaches this server's clients only (further "
                        + "refusals are not logged until an entry is written)", link.redacted(), p.stream, cause.getMessage());
            }
            p.future.completeExceptionally(new RedisUnavailableException("XADD failed: " + cause.getMessage(), cause));
        }
    }

    /** The writing connection is gone: the outbox waits for the next one. */
    private void writerLost(Object connection) {
        StatefulRedisConnection<String, byte[]> old;
        synchronized (outbox) {
            if (connection != writer || writer == null) return;
            old = writer;
            writer = null;
            generation++;
        }
        old.closeAsync();
        if (closed) return;
        log.warn("Stream writer lost its connection to Redis at {}; {} writes wait for it, in order", link.redacted(), pendingWrites());
        writerDownListeners.forEach(Runnable::run);
        scheduleConnect(0);
    }

    /**
     * Completes once the writer is connected and the readers of the streams registered by then know where they start
     * (so that they read everything written from now on).
     */
    public CompletableFuture<Void> ready() {
        return firstConnect.thenCompose(v -> CompletableFuture.allOf(readers.values().stream().map(r -> r.positioned)
                .toArray(CompletableFuture[]::new)));
    }

    /** True while the writing connection is open. */
    public boolean writerConnected() {
        StatefulRedisConnection<String, byte[]> w = writer;
        return w != null && w.isOpen();
    }

    /** Runs {@code listener} each time the writing connection is lost. */
    public void onWriterDown(Runnable listener) { writerDownListeners.add(listener); }

    /** Forgets a listener of {@link #onWriterDown}. */
    public void removeWriterDown(Runnable listener) { writerDownListeners.remove(listener); }

    /** How many writes were refused because {@link RedisAdapterOptions#maxPendingWrites()} were already waiting. */
    public long refusedWrites() {
        synchronized (outbox) {
            return refused;
        }
    }

    /** How many writes wait for an answer from Redis. */
    public int pendingWrites() {
        synchronized (outbox) {
            return outbox.size();
        }
    }

    /**
     * {@code XADD <stream> MAXLEN ~ <maxLen> * <fields>}, in order with the other writes; completes with the entry id.
     * Fails at once before the first connection and when the outbox is full.
     */
    public CompletableFuture<String> xadd(String stream, Map<String, byte[]> fields) {
        Pending p = new Pending(stream, fields, new CompletableFuture<>());
        long refusedNow;
        synchronized (outbox) {
            if (closed || !everConnected) {
                return CompletableFuture.failedFuture(new RedisUnavailableException("Redis at " + link.redacted()
                        + " is unavailable (XADD failed: " + (closed ? "closed" : "not connected yet") + ")", null));
            }
            if (outbox.size() < options.maxPendingWrites()) {
                outbox.addLast(p);
                if (writer != null) send(p);
                return p.future;
            }
            refusedNow = ++refused;
        }
        if (refusalLogged.compareAndSet(false, true)) {
            log.warn("Stream write refused: {} writes already wait for Redis at {} (maxPendingWrites); this message reaches "
                    + "this server's clients only. Refused so far: {} (further refusals are not logged until a write goes "
                    + "through)", options.maxPendingWrites(), link.redacted(), refusedNow);
        }
        return CompletableFuture.failedFuture(new RedisUnavailableException("Redis at " + link.redacted()
                + " is unavailable (XADD refused: " + options.maxPendingWrites() + " writes already wait)", null));
    }

    // ---------------------------------------------------------------------------------------------- readers

    /**
     * Hands the entries of {@code stream} whose {@code nsp} field is {@code nsp} to {@code handler} (one reader per
     * stream, shared by its namespaces; entries of no registered namespace are skipped, as Node does).
     *
     * @param stream  the stream name
     * @param nsp     the namespace
     * @param handler receives each entry, on the dispatch thread
     */
    public void read(String stream, String nsp, EntryHandler handler) {
        Reader r = readers.computeIfAbsent(stream, Reader::new);
        r.handlers.put(nsp, handler);
        if (everConnected) link.timer().execute(r::start);
    }

    /** Stops handing entries of {@code stream} to {@code nsp}; the reader stops with its last namespace. */
    public void unread(String stream, String nsp) {
        Reader r = readers.get(stream);
        if (r == null) return;
        r.handlers.remove(nsp);
        if (r.handlers.isEmpty() && readers.remove(stream, r)) r.stop();
    }

    /** One connection reading one stream with {@code XREAD BLOCK}, from the entry after the last one handed over. */
    private final class Reader {
        final String stream;
        final Map<String, EntryHandler> handlers = new ConcurrentHashMap<>();
        private final AtomicBoolean started = new AtomicBoolean();
        private final AtomicBoolean failureLogged = new AtomicBoolean();
        private volatile StatefulRedisConnection<String, byte[]> conn;
        private volatile boolean stopped;
        private volatile String lastId;
        final CompletableFuture<Void> positioned = new CompletableFuture<>();

        Reader(String stream) { this.stream = stream; }

        /** Connects (on the link's timer thread) and starts reading from the stream's current end. */
        void start() {
            if (stopped || closed || !started.compareAndSet(false, true)) return;
            try {
                conn = readerClient.connect(RedisLink.CODEC, link.uri());
            } catch (RuntimeException e) {
                started.set(false);
                failed(e);
                retry(this::start);
                return;
            }
            if (stopped || closed) {
                conn.closeAsync();
                return;
            }
            begin();
        }

        /** The id of the stream's last entry ("0-0" when empty): reading starts after it, as Node's {@code $}. */
        private void begin() {
            conn.async().xrevrange(stream, Range.unbounded(), Limit.create(0, 1)).whenComplete((last, e) -> {
                if (e != null) {
                    failed(e);
                    retry(this::begin);
                    return;
                }
                lastId = last == null || last.isEmpty() ? "0-0" : last.get(0).getId();
                positioned.complete(null);
                readNext();
            });
        }

        private void readNext() {
            StatefulRedisConnection<String, byte[]> c = conn;
            if (stopped || closed || c == null) return;
            XReadArgs args = XReadArgs.Builder.block(options.blockTime().toMillis()).count(options.readCount());
            c.async().xread(args, XReadArgs.StreamOffset.from(stream, lastId)).whenComplete((entries, e) -> {
                try {
                    link.dispatch().execute(() -> handle(entries, e));
                } catch (RejectedExecutionException closing) {
                    // the link is closing
                }
            });
        }

        private void handle(List<StreamMessage<String, byte[]>> entries, Throwable e) {
            if (stopped || closed) return;
            if (e != null) {
                failed(e);
                retry(this::readNext);
                return;
            }
            failureLogged.set(false);
            if (entries != null) {
                for (StreamMessage<String, byte[]> m : entries) {
                    lastId = m.getId();
                    byte[] nsp = m.getBody().get("nsp");
                    EntryHandler h = nsp == null ? null : handlers.get(new String(nsp, StandardCharsets.UTF_8));
                    if (h == null) continue;
                    try {
                        h.accept(m.getId(), m.getBody());
                    } catch (RuntimeException ex) {
                        log.warn("Failed to handle the entry {} of stream {}", m.getId(), stream, ex);
                    }
                }
            }
            readNext();
        }

        private void failed(Throwable e) {
            if (failureLogged.compareAndSet(false, true) && !stopped && !closed) {
                log.warn("Reading stream {} at {} failed: {}; retrying (further failures are not logged until a read "
                        + "succeeds)", stream, link.redacted(), e.getMessage());
            }
        }

        private void retry(Runnable task) {
            if (stopped || closed) return;
            try {
                link.timer().schedule(task, Math.min(1000, options.reconnectDelayMax().toMillis()), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                // closed meanwhile
            }
        }

        void stop() {
            stopped = true;
            StatefulRedisConnection<String, byte[]> c = conn;
            if (c != null) c.closeAsync();
        }
    }

    @Override
    public void close() {
        List<Pending> left;
        StatefulRedisConnection<String, byte[]> w;
        synchronized (outbox) {
            if (closed) return;
            closed = true;
            left = new ArrayList<>(outbox);
            outbox.clear();
            w = writer;
            writer = null;
            generation++;
        }
        if (!left.isEmpty()) log.warn("Closing with {} stream writes not answered by Redis at {}", left.size(), link.redacted());
        RedisUnavailableException e = new RedisUnavailableException("closed", null);
        for (Pending p : left) p.future.completeExceptionally(e);
        firstConnect.completeExceptionally(e);
        readers.values().forEach(Reader::stop);
        readers.clear();
        if (w != null) {
            try {
                w.closeAsync().get(2, TimeUnit.SECONDS);
            } catch (Exception ex) {
                log.debug("stream writer did not close cleanly: {}", ex.toString());
            }
        }
        writerClient.shutdown(0, 2, TimeUnit.SECONDS);
        readerClient.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
