package org.sightline.relay;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.adapter.AbstractWebSocketSession;
import org.springframework.web.reactive.socket.adapter.ReactorNettyWebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

/**
 * One WebSocket of the relay, and what waits to be sent on it. Frames are handed over only
 * as fast as the socket takes them (reactor-netty asks for more while the channel is
 * writable); the rest waits in the connection's {@link OutboundQueue}, which decides what to
 * skip. Nobody else is ever made to wait for this connection.
 */
final class Connection {

    /** Close codes of the relay (docs/relay-protocol.md). */
    static final CloseStatus BAD_TOKEN = new CloseStatus(4001, "relay token refused");
    static final CloseStatus NOT_PERMITTED = new CloseStatus(4003, "no longer permitted");
    static final CloseStatus BAD_FRAME = new CloseStatus(4000, "malformed frame");
    static final CloseStatus TOO_SLOW = new CloseStatus(4008, "too slow: frames were skipped"
            + " for longer than the grace without catching up");
    static final CloseStatus REPLACED = new CloseStatus(4009,
            "replaced by a newer connection of the same side");
    static final CloseStatus SESSION_ENDED = new CloseStatus(1000, "the session ended");

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    private final WebSocketSession socket;
    private final OutboundQueue queue;
    private final String who;
    private final IntConsumer sent;
    private final AtomicInteger draining = new AtomicInteger();
    private volatile FluxSink<WebSocketMessage> sink;
    private volatile CloseStatus closedWith;

    /** How long a peer has to take the close frame before its connection is cut. */
    private static final Duration CUT_AFTER = Duration.ofSeconds(2);

    /** {@code sent} is told the size of each frame handed to the socket. */
    Connection(WebSocketSession socket, OutboundQueue queue, String who, IntConsumer sent) {
        this.socket = socket;
        this.queue = queue;
        this.who = who;
        this.sent = sent;
    }

    /** Who is connected: {@code customer} or the rep's account name. */
    String who() {
        return who;
    }

    OutboundQueue queue() {
        return queue;
    }

    /**
     * Sends the queue's frames, one message at a time: the next leaves the queue only once the
     * one before is written to the socket. (Handing reactor-netty a stream would let it take
     * hundreds of frames into its own buffers, past the queue's bound.)
     */
    Mono<Void> sending() {
        Flux<WebSocketMessage> frames = Flux.create(created -> {
            sink = created;
            created.onRequest(n -> drain());
            drain();
        });
        return frames.concatMap(message -> socket.send(Mono.just(message)), 1).then();
    }

    /** Queues a frame for sending; closes the connection if it has become too slow. */
    void send(Frame frame) {
        if (!queue.offer(frame)) {
            close(TOO_SLOW);
            return;
        }
        drain();
    }

    /**
     * Closes with {@code status}. A peer that reads nothing never reads the close frame
     * either: if it has not closed within a moment, its connection is cut.
     */
    void close(CloseStatus status) {
        closedWith = status;
        // Closing a socket the peer already closed is not a failure worth reporting.
        socket.close(status).onErrorResume(e -> Mono.empty()).subscribe();
        if (socket instanceof ReactorNettyWebSocketSession netty) {
            Mono.delay(CUT_AFTER).subscribe(tick -> {
                if (netty.isOpen()) {
                    cut(netty);
                }
            });
        }
    }

    /**
     * Closes the TCP connection under the socket. Spring keeps reactor-netty's connection
     * behind a protected accessor; this is the one place that reaches it.
     */
    private static void cut(ReactorNettyWebSocketSession netty) {
        try {
            Method delegate = AbstractWebSocketSession.class.getDeclaredMethod("getDelegate");
            delegate.setAccessible(true);
            ((ReactorNettyWebSocketSession.WebSocketConnection) delegate.invoke(netty))
                    .getInbound().withConnection(reactor.netty.Connection::dispose);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("Could not cut a relay connection that ignores its close: {}",
                    e.toString());
        }
    }

    /** The status the relay closed this connection with; null if it did not close it. */
    CloseStatus closedWith() {
        return closedWith;
    }

    private void drain() {
        if (draining.getAndIncrement() != 0) {
            return;
        }
        do {
            FluxSink<WebSocketMessage> out = sink;
            while (out != null && out.requestedFromDownstream() > 0 && !out.isCancelled()) {
                Frame frame = queue.poll();
                if (frame == null) {
                    break;
                }
                out.next(socket.binaryMessage(factory -> factory.wrap(frame.bytes())));
                sent.accept(frame.bytes().length);
            }
        } while (draining.decrementAndGet() != 0);
    }
}
