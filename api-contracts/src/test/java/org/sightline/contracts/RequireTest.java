package org.sightline.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequireTest {

    @Test
    void textOfExactlyEightKibibytesIsAccepted() {
        assertThatNoException().isThrownBy(() -> Require.text("a".repeat(8192), "text"));
    }

    @Test
    void textOverEightKibibytesOfUtf8IsRefused() {
        // 2,731 euro signs are 8,193 bytes of UTF-8 though only 2,731 characters.
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Require.text("€".repeat(2731), "text"))
                .withMessage("text is longer than 8192 bytes of UTF-8");
    }

    @Test
    void namesAreCountedInCharactersUpTo256() {
        assertThat(Require.name("é".repeat(256), "customerName")).hasSize(256);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Require.name("x".repeat(257), "customerName"))
                .withMessage("customerName is longer than 256 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "::1", "fe80::1", "2001:db8::7",
        "::ffff:192.0.2.1"})
    void ipAddressLiteralsAreAccepted(String address) {
        assertThat(Require.ipAddress(address, "publicIp")).isEqualTo(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.org", "256.1.1.1", "1.2.3", "1:2:3",
        "::g", "1.2.3.4.5", ""})
    void anythingButAnAddressLiteralIsRefused(String address) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Require.ipAddress(address, "publicIp"))
                .withMessage("publicIp must be an IPv4 or IPv6 address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"before\u0000after", "bell\u0007", "esc\u001b[2J", "c1\u0085"})
    void controlCharactersAreRefusedInText(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Require.text(text, "text"))
                .withMessageContaining("control characters");
    }

    @Test
    void tabsAndLineBreaksAreTextButNoName() {
        assertThat(Require.text("one\ttwo\r\nthree", "text")).isEqualTo("one\ttwo\r\nthree");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Require.name("Evil\nCorp", "company"))
                .withMessageContaining("control characters");
    }

    @Test
    void aLoneSurrogateIsNoText() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Require.text("broken \ud800 pair", "text"))
                .withMessage("text is not valid Unicode text");
        assertThat(Require.text("emoji \ud83d\ude00", "text")).isEqualTo("emoji \ud83d\ude00");
    }

    @Test
    void invisibleAndNoBreakSpacesAreBlank() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Require.text("\u00a0\u200b\u3000\ufeff", "text"))
                .withMessage("text must not be blank");
    }
}
