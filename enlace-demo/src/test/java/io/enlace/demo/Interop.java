package io.enlace.demo;

import io.enlace.testing.InteropScript;
import io.enlace.testing.Requirements;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;


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

    /** Runs {@code command} in {@code interop/}; kills it after {@code timeoutSeconds}: {@link InteropScript#run}. */
    static InteropScript.Run run(String logName, long timeoutSeconds, String... command) throws Exception {
        return InteropScript.run(logName, timeoutSeconds, command);
    }

    static List<String> cmd(String... parts) {
        return new ArrayList<>(List.of(parts));
    }
}
