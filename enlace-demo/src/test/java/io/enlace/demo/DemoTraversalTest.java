package io.enlace.demo;

import io.enlace.testing.EngineTestKit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No directory traversal: request targets sent raw (no client normalises them) under the pages and under the client
 * bundle's path never reach a file outside the few the demo serves.
 */
class DemoTraversalTest {

    @RegisterExtension
    static final RunningDemo DEMO = new RunningDemo();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "/../pom.xml", "/../../../../../../etc/passwd", "/%2e%2e/pom.xml", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/..%2fpom.xml", "/..%2f..%2f..%2fetc/passwd", "/%252e%252e/pom.xml", "/..%252f..%252fetc/passwd",
        "/..\\..\\pom.xml", "/%5c..%5c..%5cetc%5cpasswd", "//etc/passwd", "/etc/passwd", "/./../pom.xml",
        "/....//....//etc/passwd", "/..;/pom.xml", "/app.js/../../pom.xml", "/app.js%00.html", "/%00/etc/passwd",
        "/%c0%ae%c0%ae/etc/passwd", "/chat/../../pom.xml", "/public/app.js", "/public/../public/index.html",
        "/io/enlace/demo/SeedDemo.class", "/META-INF/MANIFEST.MF", "/index.html/..%2f..%2fpom.xml",
        "/socket.io/../pom.xml", "/socket.io/..%2f..%2fpom.xml", "/socket.io/%2e%2e/%2e%2e/etc/passwd",
        "/socket.io/socket.io.js/../../../etc/passwd", "/socket.io/..\\..\\etc\\passwd",
        "/socket.io/%2e%2e%2fsocket.io.js", "/socket.io//../../etc/passwd",
        "/socket.io/../io/enlace/client-dist/socket.io.js", "/socket.io/client-dist/socket.io.js",
        "/socket.io/socket.io.js%00", "/socket.io/socket.io.js%2f..%2f..%2fpom.xml",
        "file:///etc/passwd", "http://127.0.0.1/../pom.xml"
    })
    void neverServesAFileOutsideThePagesAndTheBundle(String target) throws Exception {
        String res = EngineTestKit.raw(DEMO.get().port(), "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n", 5000);
        assertThat(res).as(target).matches("(?s)HTTP/1\\.1 (400|404) .*");
        assertThat(res).as(target).doesNotContain("root:").doesNotContain("<project").doesNotContain("Manifest-Version")
                .doesNotContain("Socket.IO v4").doesNotContain("<!DOCTYPE html>");
    }
}
