package io.enlace.interop;

import io.enlace.SocketIoServer;
import io.enlace.netty.NettyServer;
import io.enlace.testing.Requirements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * socket.io-client 4.8 (npm, in Node) over TLS: https long-polling, wss, and the upgrade from one to the other,
 * trusting only a self-signed certificate made by openssl for the test (interop/sio/tls.mjs).
 */
class TlsClientInteropTest {
    @TempDir
    static Path dir;
    private static Path interop;
    private static File cert;
    private static SocketIoServer io;
    private static NettyServer https;

    @BeforeAll
    static void start() throws Exception {
        interop = Requirements.interopDir();
        Requirements.requireNode();
        Requirements.requireNodeModules(interop, "socket.io-client");
        Requirements.requireCommand("openssl", "version");
        cert = dir.resolve("cert.pem").toFile();
        File key = dir.resolve("key.pem").toFile();
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", key.getPath(), "-out", cert.getPath()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        io = InteropServers.server(false);
        io.onConnection(s -> s.on("secure", (args, ack) -> ack.send(s.handshake().secure())));
        https = io.attach(NettyServer.builder().host("127.0.0.1").port(0).tls(cert, key)).build().start().join();
    }

    @AfterAll
    static void stop() {
        if (io != null) io.close().join();
        if (https != null) https.stop().join();
    }

    @ParameterizedTest(name = "socket.io-client 4.8 over TLS, {0}")
    @ValueSource(strings = {"polling", "websocket", "upgrade"})
    void officialClientOverTls(String mode) throws Exception {
        InteropServers.Run r = InteropServers.run(interop.toFile(), 60, "node", "sio/tls.mjs",
                String.valueOf(https.port()), mode, cert.getPath());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.passed()).as(r.output()).containsExactly("tls " + mode);
    }
}
