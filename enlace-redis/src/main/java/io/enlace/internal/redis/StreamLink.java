package io.enlace.internal.redis;

import io.enlace.redis.RedisAdapterOptions;
import io.enlace.redis.RedisUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The stream side of a node running the streams protocol, beside the commands and Pub/Sub connections of its
 * {@link RedisLink}: one connection that writes ({@code XADD}) and one per stream that reads ({@code XREAD BLOCK}), so
 * that neither a blocked read nor writes waiting for Redis ever hold up a command that must answer at once.
 *
 * <p>Writes keep their order. While Redis is unreachable (after the first connection) they wait, at most
 * {@link RedisAdapterOptions#maxPendingWrites()} of them, and go out in order on reconnection; a write whose answer was
 * lost with the connection is sent again (at least once). Past the bound a write is refused at once, logged and counted
 * ({@link #refusedWrites()}). Readers start from the stream's last entry and resume from the last entry they handed
 * over, so nothing written while a reader was cut off is skipped. Entries are handed over on the link's dispatch thread,
 * one batch at a time, in stream order.
 */
public final class StreamLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamLink.class);

    /** Receives the entries of a stream: (entry id, fields). */
    public interface EntryHandler extends BiConsumer<String, Map<String, byte[]>> {}

    private final RedisLink link;
    private final RedisAdapterOptions options;
    private final RedisClient client;
    private final Map<String, Reader> readers = new ConcurrentHashMap<>();
    private final List<Runnable> writerDownListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicBoolean refusalLogged = new AtomicBoolean();
    private final XAddArgs xaddArgs;
    private volatile StatefulRedisConnection<String, byte[]> writer;
    private volatile boolean closed;
    private long attempt;

    public StreamLink(RedisLink link) {
        this.link = link;
        this.options = link.options();
        this.client = RedisClient.create(link.resources(), link.uri());
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS) // wait for Redis, in order
                .requestQueueSize(options.maxPendingWrites())
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build()) // a blocking read may wait blockTime; writes wait for Redis
                .build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) { }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (connection == writer && !closed) writerDownListeners.forEach(Runnable::run);
            }
        });
        this.xaddArgs = new XAddArgs().maxlen(options.maxLen()).approximateTrimming();
        link.timer().execute(this::connect);
    }

    private void connect() {
        if (closed) return;
        try {
            if (writer == null) writer = client.connect(RedisLink.CODEC, link.uri());
            for (Reader r : readers.values()) r.start();
            if (attempt > 0) log.info("Stream connections to Redis at {} made after {} failed attempts", link.redacted(), attempt);
        } catch (RuntimeException e) {
            attempt++;
            long delay = Math.min(options.reconnectDelayMax().toMillis(), 100L << Math.min(attempt - 1, 10));
            if (attempt == 1 || attempt % 10 == 0) {
                log.error("Cannot open the stream connections to Redis at {} (attempt {}): {}. Retrying in {} ms; until then "
                        + "broadcasts stay on this node.", link.redacted(), attempt, e.getMessage(), delay);
            }
            if (!closed) {
                try {
                    link.timer().schedule(this::connect, delay, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException closing) {
                    // closed meanwhile
                }
            }
        }
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
    public long refusedWrites() { return refused.get(); }

    /**
     * {@code XADD <stream> MAXLEN ~ <maxLen> * <fields>}; completes with the entry id. Fails at once before the first
     * connection, and when too many writes already wait for Redis.
     */
    public CompletableFuture<String> xadd(String stream, Map<String, byte[]> fields) {
        StatefulRedisConnection<String, byte[]> w = writer;
        if (w == null || closed) {
            return CompletableFuture.failedFuture(new RedisUnavailableException(
                    "Redis at " + link.redacted() + " is unavailable (XADD failed: not connected yet)", null));
        }
        CompletableFuture<String> f = w.async().xadd(stream, xaddArgs, fields).toCompletableFuture();
        return f.handle((id, e) -> {
            if (e == null) {
                refusalLogged.set(false);
                return CompletableFuture.completedFuture(id);
            }
            Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            if (String.valueOf(c.getMessage()).contains("queue size")) {
                long n = refused.incrementAndGet();
                if (refusalLogged.compareAndSet(false, true)) {
                    log.warn("Stream write refused: {} writes already wait for Redis at {} (maxPendingWrites); this "
                            + "message reaches this node's clients only. Refused so far: {} (further refusals are not "
                            + "logged until a write goes through)", options.maxPendingWrites(), link.redacted(), n);
                }
            }
            return CompletableFuture.<String>failedFuture(new RedisUnavailableException(
                    "Redis at " + link.redacted() + " is unavailable (XADD failed: " + c.getMessage() + ")", c));
        }).thenCompose(x -> x);
    }

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
        if (writer != null) link.timer().execute(r::start);
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
        private volatile StatefulRedisConnection<String, byte[]> conn;
        private volatile boolean stopped;
        private volatile String lastId;
        private final AtomicBoolean failureLogged = new AtomicBoolean();

        Reader(String stream) { this.stream = stream; }

        /** Connects (on the link's timer thread) and starts reading from the stream's current end. */
        void start() {
            if (stopped || closed || !started.compareAndSet(false, true)) return;
            try {
                conn = client.connect(RedisLink.CODEC, link.uri());
            } catch (RuntimeException e) {
                started.set(false);
                log.warn("Cannot open the reader of stream {} at {}: {}; retrying", stream, link.redacted(), e.getMessage());
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
        if (closed) return;
        closed = true;
        readers.values().forEach(Reader::stop);
        readers.clear();
        StatefulRedisConnection<String, byte[]> w = writer;
        writer = null;
        if (w != null) {
            try {
                w.closeAsync().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.debug("stream writer did not close cleanly: {}", e.toString());
            }
        }
        client.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
