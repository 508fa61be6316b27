package io.enlace.internal.client;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import io.enlace.testing.Requirements;

/**
 * The bundle that the build of enlace-core fetched with npm. Skipped (with the build's reason) only when the build
 * could not fetch it; the browser tests of enlace-demo check the brotli copies against the npm package.
 */
class PackagedClientBundleTest {

    private static ClientBundle bundle;

    @BeforeAll
    static void load() throws IOException {
        bundle = ClientBundle.defaultBundle();
        if (!bundle.present()) {
            Path status = Path.of("target", "client-bundle-status.txt");
            String why = Files.exists(status) ? Files.readString(status).trim() : bundle.missingReason();
            Requirements.require(false, "socket.io-client bundle not packaged by this build (needs node and npm): " + why);
        }
    }

    @Test
    void isTheOfficial48Client() {
        assertThat(bundle.version()).startsWith("4.8.");
        String js = new String(bundle.file("socket.io.js").body(null), StandardCharsets.UTF_8);
        assertThat(js).startsWith("/*!\n * Socket.IO v" + bundle.version() + "\n");
        assertThat(ClientBundle.FILE_NAMES).hasSize(8); // each checked below
        for (String name : ClientBundle.FILE_NAMES) {
            String text = new String(bundle.file(name).body(null), StandardCharsets.UTF_8);
            if (name.endsWith(".map")) {
                assertThat(text).as(name).startsWith("{").contains("\"version\":3").contains("\"mappings\"");
            } else {
                assertThat(text).as(name).contains("Socket.IO v" + bundle.version());
            }
        }
        assertThat(new String(bundle.file("socket.io.esm.min.js").body(null), StandardCharsets.UTF_8)).contains("export{");
        assertThat(new String(bundle.file("socket.io.msgpack.min.js").body(null), StandardCharsets.UTF_8))
                .containsIgnoringCase("msgpack");
    }

    @Test
    void compressedCopiesMatch() throws IOException {
        for (String name : ClientBundle.FILE_NAMES) {
            ClientBundle.ClientFile f = bundle.file(name);
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(f.body("gzip")))) {
                assertThat(in.readAllBytes()).as(name).isEqualTo(f.body(null));
            }
            // brotli stream: smaller than gzip for these text files, and not the raw bytes
            assertThat(f.body("br").length).as(name).isLessThan(f.body("gzip").length);
        }
    }

    @Test
    void shipsTheClientLicense() throws IOException {
        try (InputStream in = ClientBundle.class.getClassLoader().getResourceAsStream(ClientBundle.DEFAULT_BASE + "LICENSE")) {
            assertThat(in).isNotNull();
            String license = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(license).contains("socket.io-client " + bundle.version()).contains("MIT")
                    .contains("Permission is hereby granted");
        }
    }
}
