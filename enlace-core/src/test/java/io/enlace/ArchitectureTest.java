package io.enlace;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
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

    /**
     * The API classes that may name an internal class today, and why: the static factories from an API interface to
     * its implementation (a one-edge cycle each, until they go through one seam).
     */
    static final Set<String> API_TO_INTERNAL_ALLOWED = Set.of(
            "io.enlace.SocketIoServer",          // create(): ServerImpl; attach(): ClientFilesHandler
            "io.enlace.engine.EngineServer",     // create(): internal.netty.RealEngineServer
            "io.enlace.netty.NettyServer");      // its ServerRuntime

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

    /** A2 (allow-list form): API packages reach internals only from the few factory classes of {@link #API_TO_INTERNAL_ALLOWED}. */
    @Test
    void apiReachesInternalsOnlyFromItsFactories() {
        DescribedPredicate<JavaClass> allowed = new DescribedPredicate<>("one of the API factory classes") {
            @Override
            public boolean test(JavaClass c) {
                JavaClass top = c;
                while (top.getEnclosingClass().isPresent()) top = top.getEnclosingClass().get();
                return API_TO_INTERNAL_ALLOWED.contains(top.getName());
            }
        };
        noClasses().that().resideInAnyPackage(API).and(DescribedPredicate.not(allowed))
                .should().dependOnClassesThat(resideInAPackage("io.enlace.internal..")
                        .and(DescribedPredicate.not(resideInAnyPackage("io.enlace.internal.util"))))
                .check(production);
    }
}
