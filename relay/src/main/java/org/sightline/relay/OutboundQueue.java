package org.sightline.relay;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.LongSupplier;

/**
 * The frames waiting for one connection, bounded in bytes and in age. When the connection
 * cannot keep up (its queue is full, or its oldest frame waited longer than the lag allowed),
 * screen deltas are skipped up to the next key frame (which replaces every screen frame
 * still queued); other frames are kept. A connection that has had frames skipped and has not
 * once emptied its queue for longer than its grace, or falls more than twice its bound
 * behind, is too slow and is to be closed.
 *
 * <p>Thread-safe: the publisher's thread offers, the connection's thread polls.
 */
final class OutboundQueue {

    private final long maxBytes;
    private final long lagNanos;
    private final long graceNanos;
    private final LongSupplier nanoTime;
    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private final ArrayDeque<Long> queuedAt = new ArrayDeque<>();
    private long bytes;
    private long peakBytes;
    private boolean skipping;
    private long behindSince;
    private long skipped;
    private boolean tooSlow;

    OutboundQueue(long maxBytes, Duration lag, Duration grace, LongSupplier nanoTime) {
        this.maxBytes = maxBytes;
        this.lagNanos = lag.toNanos();
        this.graceNanos = grace.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Queues a frame, or skips it; false once the connection is too slow to keep. */
    synchronized boolean offer(Frame frame) {
        if (tooSlow) {
            return false;
        }
        FrameKind kind = frame.kind();
        long now = nanoTime.getAsLong();
        boolean lagging = !queuedAt.isEmpty() && now - queuedAt.peekFirst() > lagNanos;
        if (kind == FrameKind.SCREEN_KEY && (lagging || bytes + frame.size() > maxBytes)) {
            dropScreenFrames();
            startSkipping();
        } else if ((kind == FrameKind.SCREEN_DELTA || kind == FrameKind.CURSOR)
                && (skipping || lagging || bytes + frame.size() > maxBytes)) {
            startSkipping();
            skipped++;
            return checkGrace();
        }
        if (kind == FrameKind.SCREEN_KEY && skipping && bytes + frame.size() <= maxBytes) {
            skipping = false; // caught up: this key frame starts a whole picture again
        }
        frames.add(frame);
        queuedAt.add(now);
        bytes += frame.size();
        peakBytes = Math.max(peakBytes, bytes);
        if (bytes > 2 * maxBytes) {
            tooSlow = true;
            return false;
        }
        return checkGrace();
    }

    /** The next frame to send, or null. */
    synchronized Frame poll() {
        Frame frame = frames.poll();
        if (frame != null) {
            queuedAt.poll();
            bytes -= frame.size();
        }
        if (frames.isEmpty()) {
            behindSince = 0; // caught up with everything it was sent
        }
        return frame;
    }

    synchronized long bytes() {
        return bytes;
    }

    /** The most bytes this queue ever held. */
    synchronized long peakBytes() {
        return peakBytes;
    }

    synchronized long skipped() {
        return skipped;
    }

    synchronized boolean tooSlow() {
        return tooSlow;
    }

    private void startSkipping() {
        skipping = true;
        if (behindSince == 0) {
            behindSince = nanoTime.getAsLong();
        }
    }

    private boolean checkGrace() {
        if (behindSince != 0 && nanoTime.getAsLong() - behindSince > graceNanos) {
            tooSlow = true;
        }
        return !tooSlow;
    }

    private void dropScreenFrames() {
        Iterator<Frame> each = frames.iterator();
        Iterator<Long> times = queuedAt.iterator();
        while (each.hasNext()) {
            Frame queued = each.next();
            times.next();
            if (queued.kind().isScreen()) {
                each.remove();
                times.remove();
                bytes -= queued.size();
                skipped++;
            }
        }
    }
}
