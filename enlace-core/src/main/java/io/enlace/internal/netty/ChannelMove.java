package io.enlace.internal.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a connection of Enlace's own pipeline to another event loop of the same group: the WebSocket of an upgrade,
 * to the loop of the session it upgrades, so that its frames are read, handled and written on one thread instead of
 * crossing loops three times per round trip (docs/threading.md). Netty supports it (deregister, then register on the
 * other loop; the pipeline and its handlers stay, reading resumes there).
 *
 * <p>Before the move nothing may be scheduled on the old loop for this channel: the idle timeout goes (a WebSocket
 * does not keep it anyway) and the read gate stops its request clock. Reading is off during the move (the client
 * waits for the 101 and sends nothing before it; whatever it sends anyway stays in the kernel). A channel closed
 * meanwhile fails to register on the new loop, which closes it; the continuation then never runs.
 */
final class ChannelMove {
    private static final Logger log = LoggerFactory.getLogger(ChannelMove.class);

    private ChannelMove() { }

    /**
     * Whether {@code ch} can be moved to {@code to}: both loops belong to one event loop group (a registration on a
     * loop of another kind would fail).
     */
    static boolean possible(Channel ch, EventLoop to) {
        EventLoop from = ch.eventLoop();
        return from != to && from.parent() != null && from.parent() == to.parent();
    }

    /**
     * Moves {@code ch} to {@code to}, then runs {@code then} there with reading as it was. On the channel's loop
     * (from inside a read: Netty deregisters once the read is over).
     */
    static void move(Channel ch, EventLoop to, Runnable then) {
        assert ch.eventLoop().inEventLoop();
        boolean autoRead = ch.config().isAutoRead();
        ch.config().setAutoRead(false);
        ChannelPipeline p = ch.pipeline();
        if (p.get(PipelineNames.IDLE) != null) p.remove(PipelineNames.IDLE);
        HttpReadGate gate = p.get(HttpReadGate.class);
        if (gate != null) gate.stopClock();
        ch.deregister().addListener(d -> {
            if (!d.isSuccess()) {
                log.debug("{}: could not leave its event loop, closing", ch, d.cause());
                ch.close();
                return;
            }
            // a failed registration (the channel closed meanwhile, the loop shut down) closes the channel
            to.register(ch).addListener(r -> {
                if (!r.isSuccess()) return;
                if (autoRead) ch.config().setAutoRead(true);
                then.run();
            });
        });
    }
}
