package io.enlace.testing;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs helper commands of the interop tests (node, npm, python3), bounded in time, output discarded. */
public final class Commands {
    private Commands() {}

    /**
     * Runs {@code cmd} in {@code dir} (null: the current folder) and returns its exit code, or -1 when it could not
     * start or did not finish within {@code timeoutSeconds} (it is then killed).
     */
    public static int exitCode(Path dir, int timeoutSeconds, String... cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            if (dir != null) pb.directory(dir.toFile());
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            return -1;
        }
    }
}
