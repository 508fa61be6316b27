package io.enlace;

import io.enlace.testing.ApiListing;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public API of enlace-core is what {@code api/enlace-core.txt} says: a change to a public type or member fails
 * here until that file is updated in the same commit (the command is in the failure message), so every API change is
 * a visible diff. The exported packages are the constant {@link ArchitectureTest#API}, which {@link ModuleLayerSmokeTest} checks
 * against the exports of module-info.java.
 */
class ApiListingTest {

    @Test
    void publicApiMatchesTheCommittedListing() throws Exception {
        String listing = ApiListing.of(classesDir(), List.of(ArchitectureTest.API), getClass().getClassLoader());
        assertThat(listing).contains("public interface io.enlace.SocketIoServer extends io.enlace.BroadcastOperator");
        ApiListing.check(listing, Path.of("api", "enlace-core.txt"), Path.of("target", "api", "enlace-core.txt"),
                "mvn -pl enlace-core -am test -Dtest=ApiListingTest -Dsurefire.failIfNoSpecifiedTests=false -Denlace.api.update=true");
    }

    /** {@code target/classes} of this module (where {@link SocketIoServer} was loaded from). */
    private static Path classesDir() throws URISyntaxException {
        return Path.of(SocketIoServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
