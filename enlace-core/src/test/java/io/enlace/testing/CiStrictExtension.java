package io.enlace.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Under CI ({@code CI=true}) a test never skips: an aborted test or lifecycle method (a failed JUnit assumption,
 * {@code Assumptions.abort}) is turned into a failure carrying the reason. On a developer machine aborts pass through
 * and the test is reported as skipped. Auto-registered with {@link LeakGuardExtension} (enlace-core test-jar).
 * See {@link Requirements} for the checks tests should use.
 */
public final class CiStrictExtension implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw strict(t);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw strict(t);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw strict(t);
    }

    private static Throwable strict(Throwable t) {
        if (t instanceof TestAbortedException && Requirements.strict()) {
            AssertionError e = new AssertionError("CI=true: a test may not skip; it was aborted with: " + t.getMessage());
            e.initCause(t);
            return e;
        }
        return t;
    }
}
