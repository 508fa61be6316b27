package io.enlace.admin;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of {@link AdminUi#instrument}, with the names and defaults of {@code @socket.io/admin-ui}'s
 * {@code instrument(io, options)}. Immutable; build with {@link #builder()}.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th><th>what</th></tr>
 *   <tr><td>namespaceName</td><td>{@code /admin}</td><td>the namespace the UI connects to</td></tr>
 *   <tr><td>auth</td><td>required: {@link Builder#basicAuth} or {@link Builder#noAuth}</td><td>basic auth against a bcrypt hash, or none</td></tr>
 *   <tr><td>readonly</td><td>false</td><td>true: the UI's emit, join, leave and disconnect commands are refused</td></tr>
 *   <tr><td>serverId</td><td>the host name</td><td>how this server is named in the UI (unique per node of a cluster)</td></tr>
 *   <tr><td>mode</td><td>{@link Mode#DEVELOPMENT}</td><td>production: aggregated counts only, no per-socket events</td></tr>
 *   <tr><td>sessionTtl</td><td>24 hours</td><td>how long a session id lets the UI log in again</td></tr>
 * </table>
 *
 * <pre>{@code
 * AdminOptions options = AdminOptions.builder()
 *         .basicAuth("admin", "$2a$10$...")          // a bcrypt hash, e.g. from AdminOptions.hashPassword("s3cret")
 *         .mode(AdminOptions.Mode.PRODUCTION)
 *         .build();
 * }</pre>
 */
public final class AdminOptions {

    /** What the server sends the UI (Node's {@code mode}). */
    public enum Mode {
        /** Every socket event (connections, rooms, events in and out), plus the aggregated counts. Costs a broadcast per event. */
        DEVELOPMENT,
        /** Only the aggregated counts, every 2 s; cheap enough for production. */
        PRODUCTION
    }

    private final String namespaceName;
    private final String username;
    private final String passwordHash;
    private final boolean readonly;
    private final String serverId;
    private final Mode mode;
    private final Duration sessionTtl;

    private AdminOptions(Builder b) {
        this.namespaceName = b.namespaceName;
        this.username = b.username;
        this.passwordHash = b.passwordHash;
        this.readonly = b.readonly;
        this.serverId = b.serverId != null ? b.serverId : defaultServerId();
        this.mode = b.mode;
        this.sessionTtl = b.sessionTtl;
    }

    /** A builder with the defaults; the auth must be chosen. */
    public static Builder builder() { return new Builder(); }

    /** The admin namespace, starting with {@code /}. */
    public String namespaceName() { return namespaceName; }

    /** True when basic auth is on. */
    public boolean authEnabled() { return passwordHash != null; }

    /** The user name of basic auth, or null. */
    public String username() { return username; }

    /** The bcrypt hash of the password, or null. */
    public String passwordHash() { return passwordHash; }

    /** Whether the UI's commands are refused. */
    public boolean readonly() { return readonly; }

    /** This server's id in the UI. */
    public String serverId() { return serverId; }

    /** The mode. */
    public Mode mode() { return mode; }

    /** How long a session id is valid after the login that made it. */
    public Duration sessionTtl() { return sessionTtl; }

    /**
     * A bcrypt hash ({@code $2a$}, cost 10) of {@code password}, for {@link Builder#basicAuth}: compute it once, keep
     * the hash in the configuration, not the password. Takes about 0.1 s.
     *
     * @throws IllegalArgumentException for an empty password
     */
    public static String hashPassword(String password) {
        if (password == null || password.isEmpty()) throw new IllegalArgumentException("the admin password must not be empty");
        return BCrypt.with(BCrypt.Version.VERSION_2A, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2A))
                .hashToString(10, password.toCharArray());
    }

    /** The default {@code serverId}: this machine's host name (Node: {@code os.hostname()}). */
    public static String defaultServerId() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) return env.trim();
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).trim();
            if (!h.isEmpty()) return h;
        } catch (Exception ignored) {
            // not Linux
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    /** Builder. */
    public static final class Builder {
        private String namespaceName = "/admin";
        private String username;
        private String passwordHash;
        private boolean authChosen;
        private boolean readonly;
        private String serverId;
        private Mode mode = Mode.DEVELOPMENT;
        private Duration sessionTtl = Duration.ofHours(24);

        private Builder() {}

        /** The admin namespace (default {@code /admin}). */
        public Builder namespaceName(String name) {
            Objects.requireNonNull(name, "namespaceName");
            this.namespaceName = name.startsWith("/") ? name : "/" + name;
            return this;
        }

        /**
         * Basic auth: the UI must send {@code username} and a password matching {@code bcryptHash} (a {@code $2a$},
         * {@code $2b$} or {@code $2y$} hash, e.g. from {@link #hashPassword}, {@code htpasswd -bnBC 10 "" pwd} or
         * bcryptjs); or a session id given at an earlier login.
         *
         * @throws IllegalArgumentException when {@code bcryptHash} is not a bcrypt hash
         */
        public Builder basicAuth(String username, String bcryptHash) {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(bcryptHash, "bcryptHash");
            BCrypt.Result check = BCrypt.verifyer(BCrypt.Version.VERSION_2A, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2A))
                    .verify(new char[] {'x'}, bcryptHash.toCharArray());
            if (!check.validFormat) {
                throw new IllegalArgumentException("the admin password must be a valid bcrypt hash (got a value that is not: "
                        + check.formatErrorMessage + "); make one with AdminOptions.hashPassword(password)");
            }
            this.username = username;
            this.passwordHash = bcryptHash;
            this.authChosen = true;
            return this;
        }

        /** No authentication: anyone reaching the server can use the admin namespace. Use with caution. */
        public Builder noAuth() {
            this.username = null;
            this.passwordHash = null;
            this.authChosen = true;
            return this;
        }

        /** Whether the UI's commands (emit, join, leave, disconnect) are refused (default false). */
        public Builder readonly(boolean readonly) { this.readonly = readonly; return this; }

        /** This server's id in the UI (default: the host name). Give each node of a cluster its own. */
        public Builder serverId(String serverId) { this.serverId = Objects.requireNonNull(serverId, "serverId"); return this; }

        /** The mode (default {@link Mode#DEVELOPMENT}, as Node without {@code NODE_ENV}). */
        public Builder mode(Mode mode) { this.mode = Objects.requireNonNull(mode, "mode"); return this; }

        /** How long a session id is valid (default 24 hours, as the reference Redis store). */
        public Builder sessionTtl(Duration ttl) {
            if (ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("sessionTtl must be > 0");
            this.sessionTtl = ttl;
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalStateException when neither {@link #basicAuth} nor {@link #noAuth} was called (as Node's
         *                               "the `auth` option must be specified or explicitly set to `false`")
         */
        public AdminOptions build() {
            if (!authChosen) {
                throw new IllegalStateException("the admin UI auth must be chosen: basicAuth(username, bcryptHash) or, "
                        + "explicitly, noAuth()");
            }
            return new AdminOptions(this);
        }
    }
}
