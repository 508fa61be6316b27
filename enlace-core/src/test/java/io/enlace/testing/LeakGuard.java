package io.enlace.testing;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every leak that Netty's {@link ResourceLeakDetector} reports in this JVM. Installed once, before any Netty
 * buffer class creates its detector, by {@link LeakGuardExtension} (auto-registered for every test class).
 *
 * <p>How: a {@link ResourceLeakDetectorFactory} whose detectors record reports instead of (as well as) logging them.
 * Netty only notices a leak when a detector tracks a new resource after the leaked one was garbage collected, so
 * {@link #collect()} runs GC and allocates a few tracked buffers to drain the detectors' queues.
 */
public final class LeakGuard {
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
    private static volatile boolean installed;
    private static volatile boolean quiet;

    private LeakGuard() {}

    /** Installs the recording factory (idempotent). Must run before Netty's buffer classes initialise. */
    public static synchronized void install() {
        if (installed) return;
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
        installed = true;
    }

    /** True when the recording factory is the one Netty uses. */
    public static boolean installed() { return installed; }

    /** While true, recorded leaks are not also logged by Netty (for tests that leak on purpose). */
    public static void quiet(boolean on) { quiet = on; }

    /** Forgets the leaks recorded so far. */
    public static void clear() { LEAKS.clear(); }

    /** Runs GC passes and drains the detectors; returns every leak recorded so far (not cleared). */
    public static List<String> collect() {
        for (int i = 0; i < 4; i++) {
            System.gc();
            System.runFinalization();
            try {
                Thread.sleep(20); // lets the reference handler enqueue what the GC found (no event to wait on)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            // each tracked allocation makes the buffer detector poll its reference queue
            for (ByteBufAllocator a : new ByteBufAllocator[] {
                    ByteBufAllocator.DEFAULT, PooledByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT}) {
                a.buffer(1).release();
                a.directBuffer(1).release();
                a.heapBuffer(1).release();
            }
        }
        return new ArrayList<>(LEAKS);
    }

    static void record(String report) { LEAKS.add(report); }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
            return new RecordingDetector<>(resource, samplingInterval);
        }

        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
            return new RecordingDetector<>(resource, samplingInterval);
        }
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        RecordingDetector(Class<?> resourceType, int samplingInterval) {
            super(resourceType, samplingInterval);
        }

        @Override
        protected boolean needReport() { return true; }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            record("LEAK: " + resourceType + " was not released." + records);
            if (!quiet) super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            record("LEAK: " + resourceType + " was not released (untraced).");
            if (!quiet) super.reportUntracedLeak(resourceType);
        }
    }
}
