package io.enlace.internal.admin;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import com.fasterxml.jackson.databind.JsonNode;
import io.enlace.ConnectError;
import io.enlace.Namespace;
import io.enlace.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The admin namespace's middleware (the reference {@code initAuthenticationMiddleware}): a known session id in
 * {@code auth.sessionId} is accepted; otherwise {@code auth.username} and {@code auth.password} are checked against the
 * bcrypt hash, and a success makes a new session id, sent to the UI as the {@code session} event once the socket is
 * connected ({@link #takeSession}; Node sends it just before the CONNECT, which the client buffers); anything else is
 * refused with {@code invalid credentials}.
 *
 * <p>bcrypt takes ~0.1 s of CPU: it runs on a small pool of its own (two threads, 32 waiting checks at most), never on
 * an event loop; a login that finds the pool full is refused with {@code too many login attempts}.
 */
public final class AdminAuth implements Namespace.Middleware {
    private static final Logger log = LoggerFactory.getLogger(AdminAuth.class);
    static final String INVALID = "invalid credentials";
    /** Sessions kept at most; the oldest are dropped first (only a successful login adds one). */
    static final int MAX_SESSIONS = 10_000;

    private final AdminSettings options;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Long> sessions = new ConcurrentHashMap<>(); // session id -> expiry (ms since the epoch)
    private final ThreadPoolExecutor checks;
    private final BCrypt.Verifyer verifyer =
            BCrypt.verifyer(BCrypt.Version.VERSION_2A, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2A));
    // sockets that logged in with a password, until they connect: their new session id (weak: a socket refused by a
    // later middleware, or whose client left, is forgotten with it)
    private final Map<Socket, String> pending = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
    private volatile boolean closed;

    public AdminAuth(AdminSettings options) {
        this.options = options;
        this.checks = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(32), r -> {
            Thread t = new Thread(r, "enlace-admin-auth");
            t.setDaemon(true);
            return t;
        });
        this.checks.allowCoreThreadTimeOut(true);
    }

    @Override
    public void handle(Socket socket, Socket.Next next) {
        if (closed) {
            next.fail(new ConnectError("admin UI closed"));
            return;
        }
        if (!options.authEnabled()) {
            next.ok();
            return;
        }
        JsonNode auth = socket.handshake().auth();
        JsonNode sessionId = auth.get("sessionId");
        if (sessionId != null && sessionId.isTextual() && sessionValid(sessionId.textValue())) {
            next.ok();
            return;
        }
        JsonNode user = auth.get("username");
        JsonNode password = auth.get("password");
        if (user == null || !user.isTextual() || !user.textValue().equals(options.username())
                || password == null || !password.isTextual()) {
            log.debug("admin UI login refused for {}", socket.handshake().address());
            next.fail(new ConnectError(INVALID));
            return;
        }
        char[] pwd = password.textValue().toCharArray();
        try {
            checks.execute(() -> {
                boolean ok = checkPassword(pwd);
                if (!ok) {
                    log.info("admin UI login refused for {}: wrong password", socket.handshake().address());
                    next.fail(new ConnectError(INVALID));
                    return;
                }
                pending.put(socket, newSession());
                next.ok();
            });
        } catch (RejectedExecutionException e) {
            log.warn("admin UI login refused for {}: too many login attempts at once", socket.handshake().address());
            next.fail(new ConnectError("too many login attempts, try again"));
        }
    }

    /** Whether {@code password} matches the bcrypt hash (about 0.1 s of CPU); clears {@code password}. */
    boolean checkPassword(char[] password) {
        try {
            return verifyer.verify(password, options.passwordHash().toCharArray()).verified;
        } catch (RuntimeException e) {
            log.warn("admin UI password check failed", e);
            return false;
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    /** The session id made for {@code socket} at its login (once), or null when it came with a session id. */
    public String takeSession(Socket socket) { return pending.remove(socket); }

    private boolean sessionValid(String id) {
        Long expiry = sessions.get(id);
        if (expiry == null) return false;
        if (expiry < System.currentTimeMillis()) {
            sessions.remove(id, expiry);
            return false;
        }
        return true;
    }

    /** A new session id (16 hex digits, as the reference), valid for {@link AdminSettings#sessionTtl()}. */
    String newSession() {
        byte[] b = new byte[8];
        random.nextBytes(b);
        String id = HexFormat.of().formatHex(b);
        long now = System.currentTimeMillis();
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().removeIf(expiry -> expiry < now);
            Iterator<String> it = sessions.keySet().iterator();
            while (sessions.size() >= MAX_SESSIONS && it.hasNext()) {
                it.next();
                it.remove();
            }
        }
        sessions.put(id, now + options.sessionTtl().toMillis());
        return id;
    }

    /** Number of sessions kept (for tests). */
    int sessionCount() { return sessions.size(); }

    /** Refuses every later connection and stops the checking threads. */
    public void close() {
        closed = true;
        checks.shutdownNow();
    }
}
