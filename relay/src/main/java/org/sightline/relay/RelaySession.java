package org.sightline.relay;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.RepId;
import org.sightline.contracts.relay.RecordDroppedInput;

/**
 * One support session's relay: its publisher, its viewers, who holds control, and its
 * recording. Screen frames go to every viewer and to the recording; input goes to the
 * publisher only from the rep holding control, as the session's events say, and is dropped
 * (and reported) otherwise.
 */
final class RelaySession {

    /** How often a rep's continued dropped input is reported again, as one event. */
    static final Duration DROP_REPORT_INTERVAL = Duration.ofSeconds(10);

    private final Lsid lsid;
    private final Clock clock;
    private final Consumer<RecordDroppedInput> dropped;
    private final Map<String, Connection> viewers = new ConcurrentHashMap<>();
    private final Map<String, Burst> bursts = new HashMap<>();
    private final Map<String, Long> peakQueueBytes = new ConcurrentHashMap<>();
    private final Map<String, Integer> closeCodes = new ConcurrentHashMap<>();
    private final AtomicLong relaySequence = new AtomicLong();
    private volatile Connection publisher;
    private volatile String controlHolder;

    /** Input dropped from one rep since it was last reported. */
    private static final class Burst {
        Instant firstAt;
        int frames;
        Instant reportedAt;
    }

    RelaySession(Lsid lsid, String controlHolder, Clock clock,
            Consumer<RecordDroppedInput> dropped) {
        this.lsid = lsid;
        this.controlHolder = controlHolder;
        this.clock = clock;
        this.dropped = dropped;
    }

    Lsid lsid() {
        return lsid;
    }

    /**
     * The customer's new connection replaces an earlier one (closed with 4009): a customer
     * who lost their network must be able to publish again.
     */
    synchronized void attachPublisher(Connection connection) {
        if (publisher != null) {
            publisher.close(Connection.REPLACED);
        }
        publisher = connection;
        connection.send(controlFrame());
    }

    synchronized void detachPublisher(Connection connection) {
        if (publisher == connection) {
            publisher = null;
        }
    }

    void attachViewer(Connection connection) {
        Connection previous = viewers.put(connection.who(), connection);
        if (previous != null) {
            previous.close(Connection.REPLACED);
        }
        connection.send(controlFrame());
    }

    void detachViewer(Connection connection) {
        viewers.remove(connection.who(), connection);
        peakQueueBytes.merge(connection.who(), connection.queue().peakBytes(), Math::max);
        if (connection.closedWith() != null) {
            closeCodes.put(connection.who(), connection.closedWith().getCode());
        }
        flushDropped(connection.who());
    }

    /** The code the relay last closed each viewer with. */
    Map<String, Integer> closeCodes() {
        return Map.copyOf(closeCodes);
    }

    /** The most bytes ever queued for each viewer, connected or gone. */
    Map<String, Long> peakQueueBytes() {
        Map<String, Long> peaks = new HashMap<>(peakQueueBytes);
        viewers.forEach((who, viewer) -> peaks.merge(who, viewer.queue().peakBytes(), Math::max));
        return peaks;
    }

    /** A frame from the customer's side: to every viewer (the caller records it). */
    void fromPublisher(Frame frame) {
        viewers.values().forEach(viewer -> viewer.send(frame));
    }

    /** Input from a rep: to the customer only while that rep holds control. */
    void fromViewer(String rep, Frame frame) {
        Connection target = publisher;
        if (rep.equals(controlHolder) && target != null) {
            target.send(frame);
            return;
        }
        drop(rep);
    }

    /** The session's events moved control (to {@code holder}, or back to the customer). */
    void controlChanged(String holder) {
        controlHolder = holder;
        Frame control = controlFrame();
        Connection target = publisher;
        if (target != null) {
            target.send(control);
        }
        viewers.values().forEach(viewer -> viewer.send(control));
    }

    /** The rep left the session, or lost screen viewing: their viewer goes. */
    void revoke(String rep) {
        Connection viewer = viewers.remove(rep);
        if (viewer != null) {
            viewer.close(Connection.NOT_PERMITTED);
        }
    }

    void end() {
        Connection target = publisher;
        if (target != null) {
            target.close(Connection.SESSION_ENDED);
        }
        viewers.values().forEach(viewer -> viewer.close(Connection.SESSION_ENDED));
    }

    boolean idle() {
        return publisher == null && viewers.isEmpty();
    }

    Map<String, Connection> viewers() {
        return viewers;
    }

    String controlHolder() {
        return controlHolder;
    }

    private synchronized void drop(String rep) {
        Instant now = clock.instant();
        Burst burst = bursts.computeIfAbsent(rep, r -> new Burst());
        if (burst.frames == 0) {
            burst.firstAt = now;
        }
        burst.frames++;
        if (burst.reportedAt == null
                || !now.isBefore(burst.reportedAt.plus(DROP_REPORT_INTERVAL))) {
            report(rep, burst, now);
        }
    }

    private synchronized void flushDropped(String rep) {
        Burst burst = bursts.remove(rep);
        if (burst != null && burst.frames > 0) {
            report(rep, burst, clock.instant());
        }
    }

    private void report(String rep, Burst burst, Instant now) {
        dropped.accept(new RecordDroppedInput(lsid, RepId.of(rep), burst.frames, burst.firstAt));
        burst.frames = 0;
        burst.reportedAt = now;
    }

    private Frame controlFrame() {
        String holder = controlHolder;
        String json = holder == null ? "{\"holder\":null}" : "{\"holder\":\"" + holder + "\"}";
        return Frame.of(FrameKind.CONTROL, relaySequence.incrementAndGet(),
                Math.multiplyExact(clock.millis(), 1000L),
                json.getBytes(StandardCharsets.UTF_8));
    }
}
