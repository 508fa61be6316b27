package io.enlace.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo pages in headless Chromium (Debian's {@code chromium}, driven by playwright-core): the welcome, the
 * numbers in the console and on the page, long-polling without WebSocket, two chat pages talking. Screenshots are
 * saved to {@code enlace-demo/target/test-results/}.
 */
class BrowserTest {

    private static final String CHROMIUM = "/usr/bin/chromium";
    @RegisterExtension
    static final RunningDemo DEMO = new RunningDemo();


    @Test
    void demoPagesInHeadlessChromium() throws Exception {
        Interop.requireNode("playwright-core");
        Interop.require(Files.isExecutable(Path.of(CHROMIUM)), CHROMIUM + " is not installed (apt-get install chromium)");
        Path out = Path.of("target", "test-results").toAbsolutePath();
        for (String png : new String[] {"seed.png", "seed-polling.png", "chat.png"}) Files.deleteIfExists(out.resolve(png));

        Interop.run("browser", 240, "node", "browser/demo-browser.mjs", DEMO.get().url("127.0.0.1"), out.toString())
                .assertPassed(6, "seed page: the client bundle loads", "seed page: numbers arrive in the console",
                        "seed page: works over long-polling", "chat: two pages exchange messages");
        for (String png : new String[] {"seed.png", "seed-polling.png", "chat.png"}) {
            assertThat(out.resolve(png)).exists();
            assertThat(Files.size(out.resolve(png))).isGreaterThan(5_000);
        }
    }
}
