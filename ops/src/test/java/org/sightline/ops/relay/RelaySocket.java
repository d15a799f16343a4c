package org.sightline.ops.relay;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.sightline.relay.Frame;
import org.sightline.relay.FrameKind;

/**
 * A real WebSocket client of the relay (the JDK's): it keeps the frames it receives, in
 * order, and the close code. A paused socket reads nothing, as a stalled viewer would.
 */
public final class RelaySocket implements WebSocket.Listener, AutoCloseable {

    final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    /** Done at the relay's first control frame: the connection is attached. */
    final CompletableFuture<Void> attached = new CompletableFuture<>();
    private final boolean paused;
    private final boolean keepPayloads;
    private final java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();
    private WebSocket socket;

    private RelaySocket(boolean paused, boolean keepPayloads) {
        this.paused = paused;
        this.keepPayloads = keepPayloads;
    }

    public static RelaySocket connect(int port, String path, String token) {
        return connect(port, path, token, false, true);
    }

    /**
     * @param paused reads nothing at all
     * @param keepPayloads keeps each frame's bytes; otherwise only its header fields
     */
    static RelaySocket connect(int port, String path, String token, boolean paused,
            boolean keepPayloads) {
        RelaySocket listener = new RelaySocket(paused, keepPayloads);
        listener.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + path + "?token=" + token),
                        listener)
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        if (!paused) { // as the protocol says: send only once attached (or refused)
            CompletableFuture.anyOf(listener.attached, listener.closed)
                    .completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
        }
        return listener;
    }

    public void send(Frame frame) {
        socket.sendBinary(ByteBuffer.wrap(frame.bytes()), true).orTimeout(30, TimeUnit.SECONDS)
                .join();
    }

    public Frame next(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        if (!paused) {
            webSocket.request(1);
        }
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        partial.writeBytes(chunk);
        if (last) {
            Frame frame = Frame.parse(partial.toByteArray());
            received.add(keepPayloads ? frame : new Frame(frame.kind(), frame.sequence(),
                    frame.capturedAtMicros(), new byte[0]));
            if (frame.kind() == FrameKind.CONTROL) {
                attached.complete(null);
            }
            partial.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    /** Closes as a well-behaved client does: asks, and waits for the relay to agree. */
    @Override
    public void close() {
        try {
            if (!socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
            }
            if (!paused) {
                closed.get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // the relay closed first, or never answered: nothing more to wait for
        } finally {
            socket.abort();
        }
    }
}
