package io.enlace.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EventStatistics;

import java.util.function.Consumer;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** Runs small test classes through the JUnit engine, with and without CI, and checks what a missing tool does. */
class CiStrictExtensionTest {

    @AfterEach
    void clear() {
        System.clearProperty("enlace.test.ci");
    }

    /** Runs the class with CI set to {@code ci} and checks its test events (the checks run inside assertStatistics). */
    private static void run(Class<?> testClass, String ci, Consumer<EventStatistics> expected) {
        System.setProperty("enlace.test.ci", ci);
        EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .selectors(selectClass(testClass)).execute().testEvents().assertStatistics(expected);
    }

    @Test
    void aMissingToolSkipsOnADeveloperMachine() {
        // one test aborted through Requirements, one through a plain JUnit assumption
        run(NeedsAMissingTool.class, "false", s -> s.skipped(0).aborted(2).failed(0).succeeded(1));
    }

    @Test
    void aMissingToolFailsUnderCi() {
        run(NeedsAMissingTool.class, "true", s -> s.aborted(0).failed(2).succeeded(1));
    }

    @Test
    void anAbortInBeforeAllFailsUnderCi() {
        // a @BeforeAll abort marks the container, not its tests: the class's single test never starts
        System.setProperty("enlace.test.ci", "true");
        EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .selectors(selectClass(AbortsInBeforeAll.class)).execute()
                .containerEvents().assertStatistics(c -> c.failed(1).aborted(0));
    }

    /** Not run on its own (nested in a non-test holder): driven by the engine test kit above. */
    static class NeedsAMissingTool {
        @Test
        void viaRequirements() {
            Requirements.require(false, "a tool that is not installed");
        }

        @Test
        void viaAPlainAssumption() {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "plain assumption");
        }

        @Test
        void present() {
            Requirements.require(true, "present");
        }
    }

    static class AbortsInBeforeAll {
        @BeforeAll
        static void needTool() {
            Requirements.require(false, "a tool that is not installed");
        }

        @Test
        void never() {}
    }
}
