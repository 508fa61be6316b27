package io.enlace.internal.admin;

import io.enlace.admin.AdminOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Password checks against bcrypt hashes made elsewhere, the options' checks, and the session ids. */
class AdminAuthTest {
    // made by bcryptjs 2.4 (the library @socket.io/admin-ui uses) for "s3cret"; $2b$ and $2y$ are the same hash
    // under the other prefixes, which bcryptjs accepts too
    private static final String BCRYPTJS_2A = "$2a$04$qcb02rezopzDkxbEsr.IwumNWAdcpWNdRwRpXKH4SkyO2YM8GYIOm";
    // bcryptjs, for 80 times "x": it hashes the first 72 bytes only
    private static final String BCRYPTJS_LONG = "$2a$04$glloFB93TN0C5dChEO4y1O3pQNeWL69.MI.cNZ4aJJlxN9WrySSv2";

    private static AdminAuth auth(String hash) {
        AdminOptions o = AdminOptions.builder().basicAuth("admin", hash).build();
        return new AdminAuth(new AdminSettings(o.namespaceName(), o.username(), o.passwordHash(), false, "test", true,
                o.sessionTtl()));
    }

    @Test
    void hashesFromBcryptjsVerifyUnderEveryPrefix() {
        for (String prefix : new String[] {"$2a$", "$2b$", "$2y$"}) {
            AdminAuth a = auth(prefix + BCRYPTJS_2A.substring(4));
            assertThat(a.checkPassword("s3cret".toCharArray())).as(prefix).isTrue();
            assertThat(a.checkPassword("s3cret ".toCharArray())).as(prefix).isFalse();
            assertThat(a.checkPassword("".toCharArray())).as(prefix).isFalse();
            a.close();
        }
    }

    @Test
    void longPasswordsAreCutAt72BytesAsBcryptjsDoes() {
        AdminAuth a = auth(BCRYPTJS_LONG);
        assertThat(a.checkPassword(("x".repeat(72) + "anything").toCharArray())).isTrue();
        assertThat(a.checkPassword("x".repeat(71).toCharArray())).isFalse();
        a.close();
    }

    @Test
    void hashPasswordMakesA2aHashThatVerifies() {
        String hash = AdminOptions.hashPassword("pässwörd");
        assertThat(hash).startsWith("$2a$10$").hasSize(60);
        AdminAuth a = auth(hash);
        assertThat(a.checkPassword("pässwörd".toCharArray())).isTrue();
        assertThat(a.checkPassword("passwort".toCharArray())).isFalse();
        a.close();
        assertThatThrownBy(() -> AdminOptions.hashPassword("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theOptionsRefuseWhatNodeRefuses() {
        assertThatThrownBy(() -> AdminOptions.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("basicAuth").hasMessageContaining("noAuth");
        assertThatThrownBy(() -> AdminOptions.builder().basicAuth("admin", "s3cret"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bcrypt hash");
        assertThatThrownBy(() -> AdminOptions.builder().basicAuth("admin", "$2a$04$tooshort"))
                .isInstanceOf(IllegalArgumentException.class);
        AdminOptions o = AdminOptions.builder().noAuth().namespaceName("ops").build();
        assertThat(o.authEnabled()).isFalse();
        assertThat(o.namespaceName()).isEqualTo("/ops");
        assertThat(o.serverId()).isNotBlank();
        assertThat(o.mode()).isEqualTo(AdminOptions.Mode.DEVELOPMENT);
        assertThat(o.sessionTtl()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void sessionIdsAre16HexDigitsAndBounded() {
        AdminAuth a = auth(BCRYPTJS_2A);
        String first = a.newSession();
        assertThat(first).matches("[0-9a-f]{16}");
        for (int i = 0; i < AdminAuth.MAX_SESSIONS + 10; i++) a.newSession();
        assertThat(a.sessionCount()).isLessThanOrEqualTo(AdminAuth.MAX_SESSIONS);
        a.close();
    }
}
