package io.enlace.internal.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import io.enlace.testing.Requirements;

/**
 * The build step that fetches the client bundle ({@code build-tools/fetch-npm-files.sh}) never fails the build: without
 * node/npm, or when npm fails, it exits 0, records why, and leaves no partial bundle. No network is used: npm is
 * absent or a stand-in that fails.
 */
class FetchClientScriptTest {

    private static final Path SCRIPT = Path.of("build-tools", "fetch-npm-files.sh").toAbsolutePath();

    @TempDir
    Path tmp;

    private static Path tool(String name) {
        for (String dir : new String[] {"/usr/bin", "/bin", "/usr/local/bin"}) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    /** A PATH holding only these tools (wrappers), plus optional scripts. */
    private Path pathWith(String[] tools, String... scripts) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        for (String t : tools) {
            Path real = tool(t);
            Requirements.require(real != null, t + " not found in /usr/bin, /bin or /usr/local/bin");
            Path w = bin.resolve(t);
            Files.writeString(w, "#!/bin/sh\nexec " + real + " \"$@\"\n");
            Files.setPosixFilePermissions(w, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (int i = 0; i < scripts.length; i += 2) {
            Path s = bin.resolve(scripts[i]);
            Files.writeString(s, "#!/bin/sh\n" + scripts[i + 1] + "\n");
            Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    private int run(Path bin, Path target) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", SCRIPT.toString(), target.toString(), "socket.io-client", "4.8.4",
                "dist", "io/enlace/client-dist", "client-bundle-status.txt", "socket.io.js")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("out.log").toFile());
        pb.environment().put("PATH", bin.toString());
        pb.environment().put("HOME", tmp.toString());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    @Test
    void withoutNodeTheBuildGoesOnWithoutTheBundle() throws Exception {
        assertThat(SCRIPT).isRegularFile();
        Path target = tmp.resolve("target");
        int code = run(pathWith(new String[] {"mkdir", "dirname"}), target);
        assertThat(code).isZero();
        assertThat(Files.readString(tmp.resolve("out.log"))).contains("WARNING").contains("node/npm not found");
        assertThat(Files.readString(target.resolve("client-bundle-status.txt"), StandardCharsets.UTF_8))
                .startsWith("missing: node/npm not found");
        assertThat(target.resolve("classes")).doesNotExist();
    }

    @Test
    void whenNpmFailsTheBuildGoesOnWithoutAPartialBundle() throws Exception {
        assertThat(SCRIPT).isRegularFile();
        Path node = tool("node");
        Requirements.require(node != null, "node is not installed");
        Path target = tmp.resolve("target");
        // a stale partial bundle from an earlier build must not survive
        Path out = Files.createDirectories(target.resolve("classes/io/enlace/client-dist"));
        Files.writeString(out.resolve("socket.io.js"), "partial");
        Path bin = pathWith(new String[] {"mkdir", "dirname", "node"}, "npm", "echo 'npm: offline' >&2; exit 1");
        int code = run(bin, target);
        assertThat(code).isZero();
        assertThat(Files.readString(tmp.resolve("out.log"))).contains("WARNING").contains("could not fetch");
        assertThat(Files.readString(target.resolve("client-bundle-status.txt"), StandardCharsets.UTF_8))
                .startsWith("missing: ");
        assertThat(out).doesNotExist();
    }
}
