package io.enlace.examples;

import io.enlace.testing.Commands;
import io.enlace.testing.Requirements;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the example drivers of {@code examples/drivers/} (Node, the official socket.io-client) as child processes,
 * bounded in time, and checks their {@code ok - ...} lines and closing {@code N passed, N failed} line. A missing Node
 * or {@code npm ci} skips on a developer machine and fails under {@code CI=true} ({@link Requirements}).
 */
final class Drivers {
    private Drivers() {}

    /** The {@code examples/drivers} folder. */
    static Path dir() {
        Path p = Path.of("").toAbsolutePath();
        for (int i = 0; i < 3 && p != null; i++, p = p.getParent()) {
            Path d = p.resolve("examples/drivers");
            if (Files.isRegularFile(d.resolve("package.json"))) return d;
            if (Files.isRegularFile(p.resolve("drivers/package.json"))) return p.resolve("drivers");
        }
        throw new IllegalStateException("examples/drivers/package.json not found above " + Path.of("").toAbsolutePath());
    }

    /** Runs {@code node <script> <url> <mode>} and asserts that its {@code cases} cases passed. */
    static void run(String script, String url, String mode, int cases) throws Exception {
        Requirements.require(Commands.exitCode(null, 30, "node", "--version") == 0, "node is not installed");
        Requirements.require(Files.isDirectory(dir().resolve("node_modules/socket.io-client")),
                "examples/drivers/node_modules/socket.io-client is missing (npm ci --prefix examples/drivers)");
        Requirements.require(Files.isRegularFile(dir().resolve("../../interop/lib/harness.mjs")),
                "interop/lib/harness.mjs is missing");
        String name = script.replace(".mjs", "") + "-" + mode;
        Path log = Path.of("target", "test-results", name + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder("node", script, url, mode).directory(dir().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail(script + " " + mode + " did not finish within 120 s:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
        } finally {
            if (p.isAlive()) p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(out);
        List<String> lines = out.lines().toList();
        assertThat(lines).as(out).contains(cases + " passed, 0 failed");
        assertThat(p.exitValue()).as(out).isZero();
    }
}
