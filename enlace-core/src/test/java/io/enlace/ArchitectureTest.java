package io.enlace;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package dependency rules of enlace-core, checked on the compiled production classes. A rule is added in the
 * commit that makes it true, so this test is always green; a change that breaks one fails here with the offending
 * dependencies listed.
 *
 * <p>API packages are the exported ones ({@link #API}). {@code io.enlace.internal.util} is a leaf of collections and
 * futures with no Enlace dependency: any package may use it (API value types build their immutable sets with it).
 */
class ArchitectureTest {
    static final String[] API = {"io.enlace", "io.enlace.engine", "io.enlace.adapter", "io.enlace.parser", "io.enlace.netty"};

    /** Seam and its nested types: the only internal classes API code may name. */
    static final DescribedPredicate<JavaClass> SEAM = new DescribedPredicate<>("io.enlace.internal.Seam (and nested)") {
        @Override
        public boolean test(JavaClass c) {
            JavaClass top = c;
            while (top.getEnclosingClass().isPresent()) top = top.getEnclosingClass().get();
            return top.getName().equals("io.enlace.internal.Seam");
        }
    };

    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.enlace");
    }

    @Test
    void importedTheProductionClasses() {
        assertThat(production.contain("io.enlace.internal.engine.Session")).isTrue();
        assertThat(production.contain("io.enlace.ArchitectureTest")).as("test classes are not imported").isFalse();
    }

    /** A3: the parser is a leaf: Jackson and the JDK only. */
    @Test
    void parserIsALeaf() {
        classes().that().resideInAPackage("io.enlace.parser")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.enlace.parser", "java..", "com.fasterxml.jackson..")
                .check(production);
    }

    /** A6: the Engine.IO codecs are pure functions over buffers and strings: no engine, no channel, no pipeline. */
    @Test
    void engineCodecIsPure() {
        classes().that().resideInAPackage("io.enlace.internal.engine.codec")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.enlace.internal.engine.codec", "java..",
                        "io.netty.buffer..", "io.netty.util..")
                .check(production);
    }

    /**
     * A5: the Engine.IO core knows no pipeline: no Netty bridge, no Socket.IO layer, no API above it, no WebSocket
     * frames, TLS or bootstrap, no channel types. The ports ({@code FrameChannel}, {@code PollExchange}) are how it
     * reaches the network; {@code internal.netty} implements them.
     */
    @Test
    void engineCoreHasNoNettyPipeline() {
        noClasses().that().resideInAPackage("io.enlace.internal.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("io.enlace.internal.netty..",
                        "io.enlace.internal.socket..", "io.enlace", "io.enlace.adapter",
                        "io.netty.handler.codec.http.websocketx..", "io.netty.handler.ssl..", "io.netty.bootstrap..")
                .orShould().dependOnClassesThat().belongToAnyOf(Channel.class, ChannelPipeline.class,
                        ChannelHandlerContext.class, ChannelHandler.class)
                .check(production);
    }

    /** The utility package depends on nothing of Enlace, so that any package may use it without a cycle. */
    @Test
    void utilIsALeaf() {
        noClasses().that().resideInAPackage("io.enlace.internal.util")
                .should().dependOnClassesThat(resideInAPackage("io.enlace..")
                        .and(DescribedPredicate.not(resideInAPackage("io.enlace.internal.util"))))
                .check(production);
    }

    /** A2: API packages reach the internals only through {@code io.enlace.internal.Seam} (and the leaf {@code internal.util}). */
    @Test
    void apiReachesInternalsOnlyThroughTheSeam() {
        noClasses().that().resideInAnyPackage(API)
                .should().dependOnClassesThat(resideInAPackage("io.enlace.internal..")
                        .and(DescribedPredicate.not(SEAM))
                        .and(DescribedPredicate.not(resideInAnyPackage("io.enlace.internal.util"))))
                .check(production);
    }

    /**
     * A1: no package cycle among the packages of enlace-core; the edges from API code into the seam are the documented
     * exception (every factory from an API interface to its implementation is such an edge, 3.5 of the redesign).
     */
    @Test
    void packagesAreFreeOfCycles() {
        SliceAssignment byPackage = new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                return c.getPackageName().startsWith("io.enlace") ? SliceIdentifier.of(c.getPackageName())
                        : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() { return "one slice per package of enlace-core"; }
        };
        slices().assignedFrom(byPackage).should().beFreeOfCycles()
                .ignoreDependency(resideInAnyPackage(API), SEAM)
                .check(production);
    }

    /**
     * A4: the adapter SPI knows the Socket.IO layer only through the interfaces it defines ({@code LocalSocket},
     * {@code AdapterContext}): of Enlace it sees the parser and the {@code internal.util} leaf, nothing else, so the
     * application API can expose it without a cycle.
     */
    @Test
    void adapterSeesOnlyTheParser() {
        noClasses().that().resideInAPackage("io.enlace.adapter")
                .should().dependOnClassesThat(resideInAPackage("io.enlace..")
                        .and(DescribedPredicate.not(resideInAnyPackage("io.enlace.adapter", "io.enlace.parser",
                                "io.enlace.internal.util"))))
                .check(production);
    }

    /** A7: the Socket.IO layer holds no buffer and knows no frame: packets are Jackson trees and byte arrays. */
    @Test
    void socketLayerSeesNoBuffersNorFrames() {
        noClasses().that().resideInAPackage("io.enlace.internal.socket")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty.buffer..",
                        "io.netty.handler.codec.http.websocketx..", "io.enlace.internal.netty..")
                .check(production);
    }

    /** A8: only the Netty bridge's internals touch WebSocket frames, the bootstrap and pipelines. */
    @Test
    void onlyTheBridgeTouchesPipelines() {
        noClasses().that().resideOutsideOfPackage("io.enlace.internal.netty..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty.handler.codec.http.websocketx..",
                        "io.netty.bootstrap..")
                .orShould().dependOnClassesThat().belongToAnyOf(ChannelPipeline.class)
                .check(production);
    }

    /**
     * The public top-level classes of internal packages, each with why it is public (another package uses it); every
     * other internal class is package-private. A new public internal class fails here until it is listed, with its
     * reason, or made package-private. The codec packages are listed whole: each of their classes is a pure codec that
     * the engine, the Netty bridge and the fuzz targets use across packages.
     */
    static final Map<String, String> PUBLIC_INTERNALS = Map.ofEntries(
            Map.entry("io.enlace.internal.Seam", "the factories the API packages call (A2)"),
            Map.entry("io.enlace.internal.client.ClientFilesHandler", "made by Seam.mountClientFiles; the HTTP fuzz target mounts it"),
            Map.entry("io.enlace.internal.engine.EngineCore", "hosted by internal.netty (RealEngineServer, the HTTP endpoint, the upgrader)"),
            Map.entry("io.enlace.internal.engine.EngineProtocol", "chosen per request by internal.netty's HTTP endpoint"),
            Map.entry("io.enlace.internal.engine.FrameChannel", "a port, implemented by internal.netty.WebSocketConnection"),
            Map.entry("io.enlace.internal.engine.HandshakeRequest", "built by internal.netty for every handshake"),
            Map.entry("io.enlace.internal.engine.HttpReply", "a port, implemented in internal.netty"),
            Map.entry("io.enlace.internal.engine.PollExchange", "a port, implemented by internal.netty.HttpPollExchange"),
            Map.entry("io.enlace.internal.engine.RequestHead", "built by internal.netty for every engine request"),
            Map.entry("io.enlace.internal.engine.Session", "driven by internal.netty, owned by internal.socket.Client"),
            Map.entry("io.enlace.internal.engine.SessionOwner", "implemented by internal.socket.Client"),
            Map.entry("io.enlace.internal.engine.Verdict", "the request checks' answer, acted on by internal.netty"),
            Map.entry("io.enlace.internal.engine.WebSocketTransport", "made by internal.netty's WebSocket upgrader"),
            Map.entry("io.enlace.internal.netty.CloseAfterWrite", "its GRACE_MS bounds WebSocketHostilePeerTest (internal.engine)"),
            Map.entry("io.enlace.internal.netty.EngineChannelHandler", "the HTTP fuzz target builds its pipeline with it"),
            Map.entry("io.enlace.internal.netty.RealEngineServer", "made by Seam (EngineServer.create, NettyServer)"),
            Map.entry("io.enlace.internal.netty.Route", "built by Seam from NettyServer.Builder.route"),
            Map.entry("io.enlace.internal.netty.ServerConfig", "built by Seam from NettyServer.Builder"),
            Map.entry("io.enlace.internal.netty.ServerRuntime", "made by Seam for NettyServer"),
            Map.entry("io.enlace.internal.netty.WebSocketConnection", "engine tests reach a session's Channel through it"),
            Map.entry("io.enlace.internal.socket.RealServer", "made by Seam (SocketIoServer.create)"),
            Map.entry("io.enlace.internal.util.LinkedConcurrentMap", "used by the adapter SPI and internal.socket"),
            Map.entry("io.enlace.internal.util.LinkedConcurrentSet", "used by the adapter SPI (InMemoryAdapter)"),
            Map.entry("io.enlace.internal.util.LoopSafeFuture", "the future every internal.socket operation returns"),
            Map.entry("io.enlace.internal.util.OrderedSets", "used by the adapter SPI's value types and internal.socket"));
    static final Set<String> PUBLIC_INTERNAL_PACKAGES = Set.of("io.enlace.internal.engine.codec",
            "io.enlace.internal.engine.v3");

    @Test
    void publicInternalClassesAreExactlyTheAllowList() {
        Set<String> publicInternals = production.stream()
                .filter(c -> c.getPackageName().startsWith("io.enlace.internal"))
                .filter(c -> c.isTopLevelClass() && c.getModifiers().contains(JavaModifier.PUBLIC))
                .filter(c -> !PUBLIC_INTERNAL_PACKAGES.contains(c.getPackageName()))
                .map(JavaClass::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(publicInternals)
                .as("public top-level classes of internal packages: list a new one in PUBLIC_INTERNALS with the reason"
                        + " another package needs it, or make it package-private")
                .containsExactlyInAnyOrderElementsOf(new TreeSet<>(PUBLIC_INTERNALS.keySet()));
    }
}
