package io.enlace.spring.sample;

import io.enlace.testing.Requirements;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the interop scripts of the repository's {@code interop/} folder against the sample, as child processes. */
final class Scripts {

    private Scripts() {}

    static Path interop() {
        Path p = Path.of("").toAbsolutePath();
        for (int i = 0; i < 4 && p != null; i++, p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("interop/package.json"))) return p.resolve("interop");
        }
        throw new IllegalStateException("interop/package.json not found above " + Path.of("").toAbsolutePath());
    }

    /** Node and the interop folder's socket.io-client (npm ci in interop/). */
    static void requireNodeClient() {
        Requirements.requireNode();
        Requirements.require(Files.isDirectory(interop().resolve("node_modules/socket.io-client")),
                "interop/node_modules/socket.io-client is missing (npm ci in interop/)");
    }

    /** Runs {@code command} in interop/ and returns its output once it exited (killed after the time limit). */
    static String run(long timeoutSeconds, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(interop().toFile()).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n"
                        + new String(p.getInputStream().readNBytes(200_000), StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            System.out.println(out);
            assertThat(p.exitValue()).as(out).isZero();
            return out;
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /** Asserts the closing "N passed, 0 failed" line of a harness script, and these cases among its "ok" lines. */
    static void assertPassed(String output, int cases, String... names) {
        List<String> lines = output.lines().toList();
        assertThat(lines).as(output).contains(cases + " passed, 0 failed");
        for (String name : names) assertThat(lines).as(output).anyMatch(l -> l.startsWith("ok - " + name));
    }

    /** A running script whose output lines can be awaited. */
    static final class Running implements AutoCloseable {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Running(String... command) throws Exception {
            process = new ProcessBuilder(command).directory(interop().toFile()).redirectErrorStream(true).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) lines.add(line);
                } catch (Exception ignored) {
                    // the process ended
                }
            }, "script-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** The next output line, within {@code seconds}. */
        String next(long seconds) throws InterruptedException {
            String line = lines.poll(seconds, TimeUnit.SECONDS);
            assertThat(line).as("a line from the script within " + seconds + " s").isNotNull();
            return line;
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
