package io.enlace.engine;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Cross-origin settings, after the options of the {@code cors} npm module the reference server uses.
 * Off unless set on {@link EngineOptions.Builder#cors(CorsOptions)}.
 */
public final class CorsOptions {
    private final Predicate<String> origin;
    private final boolean anyOrigin;
    private final boolean credentials;
    private final List<String> methods;
    private final List<String> allowedHeaders;
    private final List<String> exposedHeaders;
    private final Duration maxAge;

    private CorsOptions(Builder b) {
        this.origin = b.origin;
        this.anyOrigin = b.anyOrigin;
        this.credentials = b.credentials;
        this.methods = List.copyOf(b.methods);
        this.allowedHeaders = b.allowedHeaders == null ? null : List.copyOf(b.allowedHeaders);
        this.exposedHeaders = List.copyOf(b.exposedHeaders);
        this.maxAge = b.maxAge;
    }

    public static Builder builder() { return new Builder(); }

    /** True when the origin {@code *} was configured (any origin, echoed as {@code *} unless credentials are on). */
    public boolean anyOrigin() { return anyOrigin; }

    /** Whether this request origin is allowed. */
    public boolean allows(String requestOrigin) { return anyOrigin || (requestOrigin != null && origin.test(requestOrigin)); }

    public boolean credentials() { return credentials; }

    public List<String> methods() { return methods; }

    /** Allowed request headers; null means "reflect Access-Control-Request-Headers". */
    public List<String> allowedHeaders() { return allowedHeaders; }

    public List<String> exposedHeaders() { return exposedHeaders; }

    /** Preflight cache duration, or null. */
    public Duration maxAge() { return maxAge; }

    /** Builder. */
    public static final class Builder {
        private Predicate<String> origin = o -> false;
        private boolean anyOrigin;
        private boolean credentials;
        private List<String> methods = List.of("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE");
        private List<String> allowedHeaders;
        private List<String> exposedHeaders = List.of();
        private Duration maxAge;

        /** One origin, e.g. {@code "https://example.com"}, or {@code "*"} for any. */
        public Builder origin(String origin) {
            Objects.requireNonNull(origin);
            if ("*".equals(origin)) { this.anyOrigin = true; this.origin = o -> true; }
            else { this.anyOrigin = false; this.origin = origin::equals; }
            return this;
        }

        /** A list of allowed origins. */
        public Builder origins(List<String> origins) {
            List<String> copy = List.copyOf(origins);
            this.anyOrigin = false;
            this.origin = copy::contains;
            return this;
        }

        /** Origins matching this pattern (whole match). */
        public Builder origin(Pattern pattern) {
            this.anyOrigin = false;
            this.origin = o -> pattern.matcher(o).matches();
            return this;
        }

        /** Origins accepted by this function. */
        public Builder origin(Predicate<String> predicate) {
            this.anyOrigin = false;
            this.origin = Objects.requireNonNull(predicate);
            return this;
        }

        public Builder credentials(boolean credentials) { this.credentials = credentials; return this; }

        public Builder methods(List<String> methods) { this.methods = methods; return this; }

        public Builder allowedHeaders(List<String> headers) { this.allowedHeaders = headers; return this; }

        public Builder exposedHeaders(List<String> headers) { this.exposedHeaders = headers; return this; }

        public Builder maxAge(Duration maxAge) { this.maxAge = maxAge; return this; }

        public CorsOptions build() { return new CorsOptions(this); }
    }
}
