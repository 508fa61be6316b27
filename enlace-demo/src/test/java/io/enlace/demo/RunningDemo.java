package io.enlace.demo;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The seed demo on 127.0.0.1 and a free port for the tests of one class:
 * {@code @RegisterExtension static final RunningDemo DEMO = new RunningDemo();}, then {@code DEMO.get()}.
 */
final class RunningDemo implements BeforeAllCallback, AfterAllCallback {
    private SeedDemo demo;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        demo = SeedDemo.start("127.0.0.1", 0);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (demo != null) demo.close();
    }

    /** The running demo. */
    SeedDemo get() {
        return demo;
    }
}
