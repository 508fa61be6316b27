package io.enlace.interop;

import io.enlace.testing.InteropScript;
import io.enlace.testing.Requirements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The official Java client 1.0.2 ({@code io.socket:socket.io-client}, Socket.IO v2 over Engine.IO v3; the client of
 * older Android apps) against {@link V2ContractApp}'s {@code /socket.io/}: {@code interop/v2/java/V2JavaClient.java}
 * runs as a single-file source program in a JVM of its own, because the 1.x client cannot share the test class path
 * with the 2.x client of {@link JavaClientInteropTest}. Its jars are copied by this module's build
 * ({@code maven-dependency-plugin}, execution {@code v2-java-client}) to {@code target/v2-java-client/}. The same
 * program passes against Node's socket.io 4.8 with {@code allowEIO3}
 * ({@code node interop/v2/with-node-server.mjs java/V2JavaClient.java}).
 */
class V2JavaClientInteropTest {
    /** The jars of the 1.0.2 client and what it depends on, as enlace-core's pom copies them. */
    private static final List<String> JARS = List.of("socket.io-client-1.0.2.jar", "engine.io-client-1.0.2.jar",
            "okhttp-3.12.12.jar", "okio-1.15.0.jar", "json-20090211.jar");

    private static Path java;
    private static String classpath;

    @BeforeAll
    static void requirements() {
        java = Requirements.requireJdkLauncher();
        Path dir = Path.of("target", "v2-java-client").toAbsolutePath();
        for (String jar : JARS) {
            Requirements.require(Files.isRegularFile(dir.resolve(jar)),
                    dir.resolve(jar) + " is missing (enlace-core's build copies it in generate-test-resources: run the tests with mvn)");
        }
        classpath = JARS.stream().map(j -> dir.resolve(j).toString()).collect(Collectors.joining(File.pathSeparator));
    }

    @Test
    void javaClient1() throws Exception {
        try (V2ContractApp app = new V2ContractApp(true)) {
            InteropScript.run("v2-java-client", 180, java.toString(), "-Xmx256m", "-cp", classpath,
                    "v2/java/V2JavaClient.java", app.url()).assertPassed(10,
                    "websocket: connects to \"/\" at once, the socket id is the engine id",
                    "polling: the same",
                    "default transports: polling, then the upgrade to websocket",
                    "binary: byte[] in, byte[] out",
                    "namespace /chat with query name=x");
        }
    }
}
