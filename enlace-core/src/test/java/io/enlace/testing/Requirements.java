package io.enlace.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The one place that decides what a test does when a tool it needs (node, npm packages, python modules, chromium,
 * redis-server, openssl ...) is missing: on a developer machine the test is skipped with a message saying what to
 * install; under CI ({@code CI=true}, as {@code .ci/run} sets it) the test fails, because {@code .ci/run} installs
 * every tool and a skipped test would hide a missing install step.
 *
 * <p>Use these methods instead of JUnit's {@code Assumptions}. {@link CiStrictExtension} turns any other abort into a
 * failure under CI as well.
 */
public final class Requirements {
    private Requirements() {}

    /**
     * True under CI ({@code CI=true}): a missing tool fails the test. The system property {@code enlace.test.ci}, when
     * set, takes the place of the variable (the tests of this class use it).
     */
    public static boolean strict() {
        return "true".equalsIgnoreCase(System.getProperty("enlace.test.ci", System.getenv("CI")));
    }

    /**
     * Returns when {@code ok}; otherwise fails the test under CI, or skips it with {@code what} on a developer machine.
     *
     * @param what what is missing, e.g. "redis-server is not installed"
     */
    public static void require(boolean ok, String what) {
        if (ok) return;
        String msg = what + " (bash .ci/run installs it; see README, Tests)";
        if (strict()) fail("CI=true and a test requirement is missing: " + msg);
        Assumptions.abort(msg);
    }

    /** Requires that {@code command} runs and exits 0 within 30 s (e.g. {@code node --version}). */
    public static void requireCommand(String... command) {
        require(Commands.exitCode(null, 30, command) == 0, "`" + String.join(" ", command) + "` does not run");
    }

    /** Requires Node.js ({@code node --version} runs). */
    public static void requireNode() {
        requireCommand("node", "--version");
    }

    /** Requires Debian's {@code /usr/bin/python3} with these modules importable (e.g. "socketio", "requests"). */
    public static void requirePython(String... modules) {
        String imports = "import " + String.join(", ", modules);
        require(Commands.exitCode(null, 30, "/usr/bin/python3", "-c", imports) == 0,
                "/usr/bin/python3 cannot `" + imports + "` (Debian packages python3-socketio, python3-websocket, "
                        + "python3-requests)");
    }

    /** Requires the npm project {@code dir} to have these packages installed ({@code npm ci} in it). */
    public static void requireNodeModules(Path dir, String... packages) {
        require(Files.isRegularFile(dir.resolve("package.json")), dir + "/package.json not found");
        for (String p : packages) {
            require(Files.isDirectory(dir.resolve("node_modules").resolve(p)),
                    dir.resolve("node_modules").resolve(p) + " is missing (npm ci in " + dir + ")");
        }
    }

    /** Requires headless Chromium: Debian's {@code /usr/bin/chromium} (or {@code $CHROMIUM}), as the browser scripts use it. */
    public static void requireChromium() {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        require(Files.isExecutable(Path.of(chromium)), chromium + " is not installed (Debian package chromium)");
    }

    /**
     * Requires a JDK's {@code java} launcher (the one running the tests) able to run a single-file source program
     * ({@code java Foo.java}: the {@code jdk.compiler} module) and returns its path.
     */
    public static Path requireJdkLauncher() {
        Path launcher = Path.of(System.getProperty("java.home"), "bin", "java");
        require(Files.isExecutable(launcher), launcher + " not found");
        require(java.lang.module.ModuleFinder.ofSystem().find("jdk.compiler").isPresent(),
                System.getProperty("java.home") + " is a JRE without jdk.compiler: a JDK is needed to run .java sources");
        return launcher;
    }

    /** The repository's {@code interop/} folder, looked up from the working directory and its parents. */
    public static Path interopDir() {
        Path p = Path.of("").toAbsolutePath();
        for (int i = 0; i < 4 && p != null; i++, p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("interop/package.json"))) return p.resolve("interop");
        }
        throw new IllegalStateException("interop/package.json not found above " + Path.of("").toAbsolutePath());
    }
}
