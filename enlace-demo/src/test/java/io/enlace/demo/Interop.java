package io.enlace.demo;

import io.enlace.testing.Requirements;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the interop scripts of {@code interop/} (Node, Python, headless Chromium) as child processes, with a time
 * limit, and checks their "ok - ..." lines and closing "N passed, N failed" line.
 *
 * <p>When a tool is missing the test is skipped with the reason, except under CI ({@code CI=true}), where
 * {@code .ci/run} installs every tool: there a missing tool fails the test.
 */
final class Interop {

    private Interop() {}

    /** The repository's {@code interop/} folder. */
    static Path dir() {
        Path p = Path.of("").toAbsolutePath();
        for (int i = 0; i < 4 && p != null; i++, p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("interop/package.json"))) return p.resolve("interop");
        }
        throw new IllegalStateException("interop/package.json not found above " + Path.of("").toAbsolutePath());
    }

    /** Skips the test (or fails it under CI) when {@code ok} is false: {@link Requirements#require}. */
    static void require(boolean ok, String what) {
        Requirements.require(ok, what);
    }

    static boolean commandWorks(String... command) {
        return io.enlace.testing.Commands.exitCode(null, 30, command) == 0;
    }

    static void requireNode(String... modules) {
        require(commandWorks("node", "--version"), "node is not installed");
        for (String m : modules) {
            require(Files.isDirectory(dir().resolve("node_modules").resolve(m)),
                    "interop/node_modules/" + m + " is missing (npm ci in interop/)");
        }
    }

    /** The result of a script run. */
    record Run(int exitCode, String output) {

        /** Asserts that the script passed, with these case names among its "ok" lines. */
        Run assertPassed(int expectedCases, String... caseNames) {
            List<String> lines = output.lines().toList();
            String closing = lines.stream().filter(l -> l.matches("\\d+ passed, \\d+ failed")).reduce((a, b) -> b)
                    .orElse(null);
            assertThat(closing).as("closing line of:\n%s", output).isEqualTo(expectedCases + " passed, 0 failed");
            assertThat(exitCode).as("exit code of:\n%s", output).isZero();
            for (String name : caseNames) {
                assertThat(lines).as(output).anyMatch(l -> l.startsWith("ok - " + name));
            }
            return this;
        }
    }

    /** Runs {@code command} in {@code interop/}; kills it after {@code timeoutSeconds}; keeps its output in a file. */
    static Run run(String logName, long timeoutSeconds, String... command) throws Exception {
        Path log = Path.of("target", "test-results", logName + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } finally {
            if (p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(out);
        return new Run(p.exitValue(), out);
    }

    static List<String> cmd(String... parts) {
        return new ArrayList<>(List.of(parts));
    }
}
