package org.sightline.relay;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.relay.RelayRole;
import org.sightline.contracts.relay.RelayToken;
import org.sightline.contracts.relay.RelayTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The relay's WebSockets: {@code /relay/sessions/LSID/publish?token=T} for the customer's
 * side and {@code /relay/sessions/LSID/view?token=T} for a rep, each with a relay token of
 * that session and role. Frames from the publisher are recorded and relayed on a worker
 * thread, a few at a time: a slow disk slows the publisher, never the event loop.
 */
final class RelayWebSocketHandler implements WebSocketHandler {

    static final String PATH = "/relay/sessions/*/*";

    private static final Logger LOG = LoggerFactory.getLogger(RelayWebSocketHandler.class);
    private static final Pattern ROUTE =
            Pattern.compile("/relay/sessions/([0-9a-f]{32})/(publish|view)");
    /**
     * Frames taken from a publisher ahead of recording. Reactor-netty drops the frames not
     * yet taken when a close arrives, so the window is wide enough for a publisher's last
     * second or two (docs/relay-protocol.md); its memory is at most this many frames.
     */
    private static final int IN_FLIGHT = 64;
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private final RelayHub hub;
    private final RelayTokens tokens;
    private final RelayLeases leases;

    RelayWebSocketHandler(RelayHub hub, RelayTokens tokens, RelayLeases leases) {
        this.hub = hub;
        this.tokens = tokens;
        this.leases = leases;
    }

    @Override
    public Mono<Void> handle(WebSocketSession socket) {
        URI uri = socket.getHandshakeInfo().getUri();
        Matcher route = ROUTE.matcher(uri.getPath());
        RelayToken token;
        try {
            if (!route.matches()) {
                throw new IllegalArgumentException("no relay endpoint " + uri.getPath());
            }
            token = tokens.verify(UriComponentsBuilder.fromUri(uri).build().getQueryParams()
                    .getFirst("token"), hub.clock().instant());
            RelayRole role = route.group(2).equals("publish") ? RelayRole.PUBLISHER
                    : RelayRole.VIEWER;
            if (!token.lsid().equals(Lsid.parse(route.group(1))) || token.role() != role) {
                throw new IllegalArgumentException("a relay token of another session or role");
            }
        } catch (RuntimeException e) {
            LOG.debug("Relay connection refused: {}", e.getMessage());
            return socket.close(Connection.BAD_TOKEN);
        }

        // A token outlives what it was issued for: the session asks again at each connection.
        RelayToken granted = token;
        // Refused, or failing to be admitted, closes the socket and relays nothing.
        Mono<Optional<String>> admitted = hub.authorize(granted)
                .then(Mono.fromCallable(() -> leases.claim(granted.lsid()))
                        .subscribeOn(Schedulers.boundedElastic()))
                .onErrorResume(RelayHub.Refused.class, refused -> {
                    LOG.debug("Relay connection refused by the session: {}",
                            refused.getMessage());
                    return socket.close(Connection.NOT_PERMITTED).then(Mono.empty());
                })
                .onErrorResume(failure -> {
                    LOG.warn("A relay connection to {} could not be admitted: {}",
                            granted.lsid(), failure.toString());
                    return socket.close(CloseStatus.SERVER_ERROR).then(Mono.empty());
                });
        return admitted.flatMap(owner -> owner.isPresent()
                ? socket.close(new CloseStatus(4010, "relayed by " + owner.get()))
                : relay(socket, granted));
    }

    /** The connection, once the session allowed it and this node holds its lease. */
    private Mono<Void> relay(WebSocketSession socket, RelayToken granted) {
        RelaySession session = hub.open(granted.lsid());
        Connection connection = new Connection(socket, new OutboundQueue(
                hub.settings().viewerQueueBytes(), hub.settings().viewerLag(),
                hub.settings().slowGrace(), System::nanoTime), granted.subject(), hub::sent);
        Mono<Void> done = granted.role() == RelayRole.PUBLISHER
                ? publish(socket, session, connection)
                : view(socket, session, connection);
        return done.doFinally(signal -> hub.closeIfIdle(session));
    }

    private Mono<Void> publish(WebSocketSession socket, RelaySession session,
            Connection connection) {
        session.attachPublisher(connection);
        Recorder[] recorder = new Recorder[1];
        Mono<Void> inbound = socket.receive()
                .map(RelayWebSocketHandler::bytes)
                .doOnNext(bytes -> hub.received(bytes.length))
                .publishOn(Schedulers.boundedElastic(), IN_FLIGHT)
                .doOnNext(bytes -> {
                    Frame frame = Frame.parse(bytes);
                    if (!frame.kind().fromPublisher()) {
                        throw new IllegalArgumentException("a publisher sends screen and cursor"
                                + " frames only");
                    }
                    checkCaptureTime(frame, hub.clock().millis());
                    session.fromPublisher(frame); // viewers first: queuing never waits
                    if (frame.kind().isScreen()) {
                        if (recorder[0] == null) {
                            recorder[0] = hub.recorder(session.lsid());
                        }
                        recorder[0].append(frame);
                    }
                })
                .then()
                .onErrorResume(IllegalArgumentException.class,
                        e -> socket.close(Connection.BAD_FRAME))
                .doFinally(signal -> {
                    session.detachPublisher(connection);
                    if (recorder[0] != null) {
                        Recorder done = recorder[0];
                        Schedulers.boundedElastic().schedule(() -> {
                            try {
                                done.close();
                            } catch (RuntimeException e) {
                                LOG.error("The recording of {} could not be sealed: {}",
                                        session.lsid(), e.toString(), e);
                            }
                        });
                    }
                });
        return Mono.when(inbound, connection.sending());
    }

    private Mono<Void> view(WebSocketSession socket, RelaySession session,
            Connection connection) {
        session.attachViewer(connection);
        Mono<Void> inbound = socket.receive()
                .map(RelayWebSocketHandler::bytes)
                .doOnNext(bytes -> hub.received(bytes.length))
                .doOnNext(bytes -> {
                    Frame frame = Frame.parse(bytes);
                    if (!frame.kind().fromViewer()) {
                        throw new IllegalArgumentException("a viewer sends input and clipboard"
                                + " frames only");
                    }
                    session.fromViewer(connection.who(), frame);
                })
                .then()
                .onErrorResume(IllegalArgumentException.class,
                        e -> socket.close(Connection.BAD_FRAME))
                .doFinally(signal -> session.detachViewer(connection));
        return Mono.when(inbound, connection.sending());
    }

    /** A recording is played by capture time: it must be near the relay's own clock. */
    private static void checkCaptureTime(Frame frame, long nowMillis) {
        long skew = Math.abs(frame.capturedAtMicros() / 1000 - nowMillis);
        if (skew > MAX_CLOCK_SKEW.toMillis()) {
            throw new IllegalArgumentException("a frame's capture time is more than "
                    + MAX_CLOCK_SKEW + " from the relay's clock");
        }
    }

    private static byte[] bytes(WebSocketMessage message) {
        if (message.getType() != WebSocketMessage.Type.BINARY) {
            throw new IllegalArgumentException("relay frames are binary messages");
        }
        DataBuffer payload = message.getPayload();
        byte[] bytes = new byte[payload.readableByteCount()];
        payload.read(bytes);
        return bytes;
    }
}
