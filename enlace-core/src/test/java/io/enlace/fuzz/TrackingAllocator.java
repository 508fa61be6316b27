package io.enlace.fuzz;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

import java.util.ArrayList;
import java.util.List;

/**
 * A channel allocator that remembers every buffer it hands out, so a fuzz input can check that all of them were
 * released when its connection is gone (a leak is then found with the input that caused it, not at some later GC).
 * Single-threaded use (an EmbeddedChannel).
 */
final class TrackingAllocator implements ByteBufAllocator {
    private final ByteBufAllocator delegate = PooledByteBufAllocator.DEFAULT;
    private final List<ByteBuf> handedOut = new ArrayList<>();

    private <T extends ByteBuf> T track(T buf) {
        handedOut.add(buf);
        return buf;
    }

    /** Buffers still referenced (refCnt above 0), described for a failure message. */
    List<String> unreleased() {
        List<String> out = new ArrayList<>();
        for (ByteBuf b : handedOut) {
            if (b.refCnt() > 0) out.add(b.getClass().getSimpleName() + " refCnt=" + b.refCnt() + " " + b);
        }
        return out;
    }

    /** Releases what is left (after the check failed), so one finding does not poison the next inputs. */
    void releaseAll() {
        for (ByteBuf b : handedOut) {
            if (b.refCnt() > 0) b.release(b.refCnt());
        }
        handedOut.clear();
    }

    @Override public ByteBuf buffer() { return track(delegate.buffer()); }
    @Override public ByteBuf buffer(int initialCapacity) { return track(delegate.buffer(initialCapacity)); }
    @Override public ByteBuf buffer(int initialCapacity, int maxCapacity) { return track(delegate.buffer(initialCapacity, maxCapacity)); }
    @Override public ByteBuf ioBuffer() { return track(delegate.ioBuffer()); }
    @Override public ByteBuf ioBuffer(int initialCapacity) { return track(delegate.ioBuffer(initialCapacity)); }
    @Override public ByteBuf ioBuffer(int initialCapacity, int maxCapacity) { return track(delegate.ioBuffer(initialCapacity, maxCapacity)); }
    @Override public ByteBuf heapBuffer() { return track(delegate.heapBuffer()); }
    @Override public ByteBuf heapBuffer(int initialCapacity) { return track(delegate.heapBuffer(initialCapacity)); }
    @Override public ByteBuf heapBuffer(int initialCapacity, int maxCapacity) { return track(delegate.heapBuffer(initialCapacity, maxCapacity)); }
    @Override public ByteBuf directBuffer() { return track(delegate.directBuffer()); }
    @Override public ByteBuf directBuffer(int initialCapacity) { return track(delegate.directBuffer(initialCapacity)); }
    @Override public ByteBuf directBuffer(int initialCapacity, int maxCapacity) { return track(delegate.directBuffer(initialCapacity, maxCapacity)); }
    @Override public CompositeByteBuf compositeBuffer() { return track(delegate.compositeBuffer()); }
    @Override public CompositeByteBuf compositeBuffer(int maxNumComponents) { return track(delegate.compositeBuffer(maxNumComponents)); }
    @Override public CompositeByteBuf compositeHeapBuffer() { return track(delegate.compositeHeapBuffer()); }
    @Override public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) { return track(delegate.compositeHeapBuffer(maxNumComponents)); }
    @Override public CompositeByteBuf compositeDirectBuffer() { return track(delegate.compositeDirectBuffer()); }
    @Override public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) { return track(delegate.compositeDirectBuffer(maxNumComponents)); }
    @Override public boolean isDirectBufferPooled() { return delegate.isDirectBufferPooled(); }
    @Override public int calculateNewCapacity(int minNewCapacity, int maxCapacity) { return delegate.calculateNewCapacity(minNewCapacity, maxCapacity); }
}
