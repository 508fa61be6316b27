package io.enlace;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
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

import java.util.Set;

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

    /** The engine's side of the package graph: the packages A1 keeps free of cycles (the rest follows with the sockets). */
    static final Set<String> ENGINE_SIDE = Set.of("io.enlace.engine", "io.enlace.netty", "io.enlace.internal",
            "io.enlace.internal.engine", "io.enlace.internal.engine.codec", "io.enlace.internal.netty");

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
     * A1 (engine side): no package cycle among the engine API, the Netty bridge, the seam and the engine internals; the
     * edges from API code into the seam are the documented exception (every factory is such an edge).
     */
    @Test
    void engineSideIsFreeOfCycles() {
        SliceAssignment byPackage = new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                return ENGINE_SIDE.contains(c.getPackageName()) ? SliceIdentifier.of(c.getPackageName())
                        : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() { return "one slice per package of the engine side"; }
        };
        slices().assignedFrom(byPackage).should().beFreeOfCycles()
                .ignoreDependency(resideInAnyPackage(API), SEAM)
                .check(production);
    }
}
