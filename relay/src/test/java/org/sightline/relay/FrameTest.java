package org.sightline.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FrameTest {

    @Test
    void aFrameReadsBackAsWritten() {
        Frame written = Frame.of(FrameKind.INPUT, 42, 1_733_000_000_000_000L, new byte[] {1, 2});

        Frame read = Frame.parse(written.bytes());

        assertThat(read.kind()).isEqualTo(FrameKind.INPUT);
        assertThat(read.sequence()).isEqualTo(42);
        assertThat(read.capturedAtMicros()).isEqualTo(1_733_000_000_000_000L);
        assertThat(read.payload()).containsExactly(1, 2);
    }

    @Test
    void malformedFramesAreRefusedWithTheRule() {
        byte[] good = Frame.of(FrameKind.SCREEN_KEY, 1, 0, new byte[0]).bytes();
        assertThatThrownBy(() -> Frame.parse(new byte[19])).hasMessageContaining("20-byte");
        byte[] version = good.clone();
        version[0] = 2;
        assertThatThrownBy(() -> Frame.parse(version)).hasMessageContaining("version 1");
        byte[] kind = good.clone();
        kind[1] = 9;
        assertThatThrownBy(() -> Frame.parse(kind)).hasMessageContaining("no frame kind 9");
        byte[] reserved = good.clone();
        reserved[3] = 1;
        assertThatThrownBy(() -> Frame.parse(reserved)).isInstanceOf(
                IllegalArgumentException.class);
    }
}
