package io.enlace.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * Fails a test class when Netty reported a buffer leak while it ran. Auto-registered for every test class through
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension} and
 * {@code junit.jupiter.extensions.autodetection.enabled=true} (both shipped in the enlace-core test-jar).
 * Tests run with {@code -Dio.netty.leakDetection.level=PARANOID}, so every buffer is tracked.
 */
public final class LeakGuardExtension implements BeforeAllCallback, AfterAllCallback {
    static {
        LeakGuard.install();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        LeakGuard.install();
        List<String> before = LeakGuard.collect();
        if (!before.isEmpty()) {
            // leaks from an earlier class that were only noticed now still fail the run
            LeakGuard.clear();
            throw new AssertionError("Netty leaks detected before " + context.getDisplayName() + ":\n"
                    + String.join("\n", before));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        List<String> leaks = LeakGuard.collect();
        LeakGuard.clear();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty leak(s) detected in " + context.getDisplayName() + ":\n"
                    + String.join("\n", leaks));
        }
    }
}
