package io.enlace.demo;

import io.enlace.testing.InteropScript;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin UI page the demo serves at /admin/ (with {@code --admin-password}), in headless Chromium driven by
 * playwright-core: the login (a wrong password refused, then the right one), a connected socket shown, the session id
 * reused after a reload. Screenshots in {@code enlace-demo/target/test-results/admin-*.png}.
 */
class AdminUiBrowserTest {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static SeedDemo demo;

    @BeforeAll
    static void start() throws Exception {
        demo = SeedDemo.start("127.0.0.1", 0, ClusterMode.single(), new Observability.Admin("admin", "s3cret"));
    }

    @AfterAll
    static void stop() {
        if (demo != null) demo.close();
    }

    @Test
    void theAdminUiShowsAConnectedSocket() throws Exception {
        Interop.requireNode("playwright-core");
        Interop.require(Files.isExecutable(Path.of(CHROMIUM)), CHROMIUM + " is not installed (apt-get install chromium)");
        Interop.require(io.enlace.admin.AdminUi.uiAvailable(), "the admin UI files are not packaged (built without npm)");
        Path out = Path.of("target", "test-results").toAbsolutePath();
        InteropScript.run("admin-ui-browser", 240, "node", "browser/admin-ui.mjs", demo.url("127.0.0.1"), out.toString())
                .assertPassed(5, "the admin UI page loads from the demo and logs in", "the UI shows the connected socket",
                        "the UI logs in again with its session id after a reload");
        for (String png : new String[] {"admin-login-refused.png", "admin-sockets.png"}) {
            assertThat(out.resolve(png)).exists();
            assertThat(Files.size(out.resolve(png))).isGreaterThan(5_000);
        }
    }
}
