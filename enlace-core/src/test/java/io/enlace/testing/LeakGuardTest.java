package io.enlace.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Proves that the leak guard sees a leak: a buffer dropped without release must be reported. */
class LeakGuardTest {

    @AfterEach
    void forgetDeliberateLeak() {
        // the leak below is on purpose: do not fail this class for it
        LeakGuard.clear();
        LeakGuard.quiet(false);
    }

    @Test
    void guardIsInstalledAtParanoid() {
        assertThat(LeakGuard.installed()).isTrue();
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    }

    @Test
    void detectsAnUnreleasedBuffer() {
        LeakGuard.clear();
        LeakGuard.quiet(true);
        leakOne();
        List<String> leaks = LeakGuard.collect();
        for (int i = 0; i < 10 && leaks.isEmpty(); i++) leaks = LeakGuard.collect();
        assertThat(leaks).isNotEmpty();
        assertThat(leaks.get(0)).contains("ByteBuf").contains("leakOne");
    }

    @Test
    void releasedBuffersAreNotReported() {
        LeakGuard.clear();
        ByteBuf b = ByteBufAllocator.DEFAULT.buffer(32);
        b.writeInt(1);
        b.release();
        assertThat(LeakGuard.collect()).isEmpty();
    }

    private static void leakOne() {
        ByteBuf b = ByteBufAllocator.DEFAULT.directBuffer(64);
        b.writeLong(42);
        b.touch("leakOne");
        // dropped without release()
    }
}
