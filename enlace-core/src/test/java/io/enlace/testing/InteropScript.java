package io.enlace.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs an interop script of {@code interop/} (Node, Python, Chromium) that prints {@code ok - <case>} /
 * {@code not ok - <case>: <why>} lines and a closing {@code N passed, N failed} line, with a time limit; its output is
 * kept in {@code target/test-results/<name>.log} and printed.
 */
public final class InteropScript {
    private InteropScript() {}

    /** What a script printed and its exit code. */
    public record Run(int exitCode, String output) {

        /** Asserts that the script passed {@code expectedCases} cases, none failed, these among them. */
        public Run assertPassed(int expectedCases, String... caseNames) {
            List<String> lines = output.lines().toList();
            String closing = lines.stream().filter(l -> l.matches("\\d+ passed, \\d+ failed")).reduce((a, b) -> b).orElse(null);
            assertThat(closing).as("closing line of:\n%s", output).isEqualTo(expectedCases + " passed, 0 failed");
            assertThat(exitCode).as("exit code of:\n%s", output).isZero();
            for (String name : caseNames) {
                assertThat(lines).as(output).anyMatch(l -> l.startsWith("ok - " + name));
            }
            return this;
        }
    }

    /** Runs {@code command} in {@code interop/}; kills it (and its children) after {@code timeoutSeconds}. */
    public static Run run(String logName, long timeoutSeconds, String... command) throws Exception {
        Path log = Path.of("target", "test-results", logName + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command).directory(Requirements.interopDir().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
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
}
