package io.enlace.internal.admin;

import java.time.Duration;

/**
 * What the implementation needs of {@code io.enlace.admin.AdminOptions} (copied from it by {@code AdminUi}, so that this
 * package does not depend on the API package).
 *
 * @param namespaceName the admin namespace
 * @param username      the basic auth user, or null
 * @param passwordHash  the bcrypt hash, or null when there is no auth
 * @param readonly      whether commands are refused
 * @param serverId      this server's id in the UI
 * @param development   development mode (every event) or production (aggregated counts only)
 * @param sessionTtl    how long a session id is valid
 */
public record AdminSettings(String namespaceName, String username, String passwordHash, boolean readonly, String serverId,
                            boolean development, Duration sessionTtl) {

    /** True when basic auth is on. */
    public boolean authEnabled() { return passwordHash != null; }
}
