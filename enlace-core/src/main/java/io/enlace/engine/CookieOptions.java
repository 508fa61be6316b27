package io.enlace.engine;

import java.util.Objects;

/**
 * The session cookie set on the handshake response when enabled, by default
 * {@code io=<sid>; Path=/; HttpOnly; SameSite=Lax}.
 *
 * @param name     cookie name ({@code io})
 * @param path     cookie path ({@code /})
 * @param httpOnly HttpOnly flag (true)
 * @param sameSite SameSite value ({@code Lax}), or null to omit
 */
public record CookieOptions(String name, String path, boolean httpOnly, String sameSite) {
    public CookieOptions {
        Objects.requireNonNull(name);
    }

    /** The reference defaults. */
    public static CookieOptions defaults() { return new CookieOptions("io", "/", true, "Lax"); }
}
