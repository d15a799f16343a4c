package org.sightline.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {

    private static final int FRAME = 1000;
    private final AtomicLong now = new AtomicLong(1);
    private final OutboundQueue queue = new OutboundQueue(5 * FRAME, Duration.ofHours(1),
            Duration.ofSeconds(10), now::get);

    @Test
    void aFullQueueSkipsDeltasUntilTheNextKeyFrame() {
        queue.offer(frame(FrameKind.SCREEN_KEY, 1));
        for (int i = 2; i <= 8; i++) {
            queue.offer(frame(FrameKind.SCREEN_DELTA, i));
        }
        assertThat(sequences()).containsExactly(1L, 2L, 3L, 4L, 5L);

        for (int i = 6; i <= 8; i++) {
            queue.offer(frame(FrameKind.SCREEN_DELTA, i));
        }
        queue.offer(frame(FrameKind.SCREEN_DELTA, 9));
        queue.poll();
        queue.offer(frame(FrameKind.SCREEN_DELTA, 10)); // still skipping: no key frame yet
        assertThat(queue.bytes()).isEqualTo(0);

        queue.offer(frame(FrameKind.SCREEN_KEY, 11));
        queue.offer(frame(FrameKind.SCREEN_DELTA, 12));
        assertThat(sequences()).as("a whole picture again, then its deltas")
                .containsExactly(11L, 12L);
    }

    @Test
    void aKeyFrameThatDoesNotFitDropsTheQueuedScreenFramesButKeepsTheRest() {
        queue.offer(frame(FrameKind.SCREEN_KEY, 1));
        queue.offer(frame(FrameKind.CONTROL, 2));
        for (int i = 3; i <= 6; i++) {
            queue.offer(frame(FrameKind.SCREEN_DELTA, i));
        }
        queue.offer(frame(FrameKind.SCREEN_KEY, 7));

        assertThat(sequences()).containsExactly(2L, 7L);
        assertThat(queue.skipped()).isEqualTo(5);
        assertThat(queue.peakBytes()).isLessThanOrEqualTo(5L * FRAME);
    }

    @Test
    void aConnectionThatNeverCatchesUpWithinTheGraceIsTooSlow() {
        for (int i = 1; i <= 6; i++) { // the sixth is skipped: behind from now on
            assertThat(queue.offer(frame(i == 1 ? FrameKind.SCREEN_KEY : FrameKind.SCREEN_DELTA,
                    i))).isTrue();
        }
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(queue.offer(frame(FrameKind.SCREEN_KEY, 7))).as("within the grace").isTrue();
        for (int i = 8; i <= 11; i++) {
            queue.offer(frame(FrameKind.SCREEN_DELTA, i));
        }
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        queue.poll(); // reading a little, never emptying the queue, is not catching up
        assertThat(queue.offer(frame(FrameKind.SCREEN_DELTA, 12))).as("behind past the grace")
                .isFalse();
        assertThat(queue.tooSlow()).isTrue();
    }

    @Test
    void aConnectionThatEmptiesItsQueueIsNoLongerBehind() {
        for (int i = 1; i <= 6; i++) {
            queue.offer(frame(i == 1 ? FrameKind.SCREEN_KEY : FrameKind.SCREEN_DELTA, i));
        }
        while (queue.poll() != null) {
            now.addAndGet(Duration.ofSeconds(1).toNanos());
        }
        now.addAndGet(Duration.ofSeconds(20).toNanos());
        assertThat(queue.offer(frame(FrameKind.SCREEN_KEY, 7))).isTrue();
        assertThat(queue.tooSlow()).isFalse();
    }

    @Test
    void deltasAreSkippedOnceTheOldestWaitingFrameIsTooOld() {
        OutboundQueue timely = new OutboundQueue(100 * FRAME, Duration.ofMillis(500),
                Duration.ofSeconds(10), now::get);
        timely.offer(frame(FrameKind.SCREEN_KEY, 1));
        timely.offer(frame(FrameKind.SCREEN_DELTA, 2));
        now.addAndGet(Duration.ofMillis(600).toNanos());
        timely.offer(frame(FrameKind.SCREEN_DELTA, 3));
        timely.offer(frame(FrameKind.SCREEN_KEY, 4));

        List<Long> sent = new ArrayList<>();
        for (Frame frame = timely.poll(); frame != null; frame = timely.poll()) {
            sent.add(frame.sequence());
        }
        assertThat(sent).as("the stale picture replaced by a fresh key frame")
                .containsExactly(4L);
    }

    private List<Long> sequences() {
        List<Long> sequences = new ArrayList<>();
        for (Frame frame = queue.poll(); frame != null; frame = queue.poll()) {
            sequences.add(frame.sequence());
        }
        return sequences;
    }

    private static Frame frame(FrameKind kind, long sequence) {
        return Frame.of(kind, sequence, 0, new byte[FRAME - Frame.HEADER]);
    }
}
