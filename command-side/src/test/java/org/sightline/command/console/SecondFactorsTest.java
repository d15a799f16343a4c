package org.sightline.command.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The one-time codes against RFC 6238's own test vectors (SHA-1), cut to 6 digits. */
class SecondFactorsTest {

    private static final byte[] RFC_SECRET =
            "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void codesMatchTheRfcTestVectors() {
        // RFC 6238 appendix B gives 8 digits; the last 6 are the 6-digit code.
        assertThat(SecondFactors.code(RFC_SECRET, 59 / 30)).isEqualTo("287082");
        assertThat(SecondFactors.code(RFC_SECRET, 1111111109L / 30)).isEqualTo("081804");
        assertThat(SecondFactors.code(RFC_SECRET, 1111111111L / 30)).isEqualTo("050471");
        assertThat(SecondFactors.code(RFC_SECRET, 1234567890L / 30)).isEqualTo("005924");
        assertThat(SecondFactors.code(RFC_SECRET, 2000000000L / 30)).isEqualTo("279037");
        assertThat(SecondFactors.code(RFC_SECRET, 20000000000L / 30)).isEqualTo("353130");
    }

    @Test
    void secretsAreWrittenInRfc4648Base32() {
        assertThat(SecondFactors.Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("MZXW6YTBOI");
        assertThat(SecondFactors.Base32.encode(new byte[] {(byte) 0xff})).isEqualTo("74");
    }
}
