package org.sightline.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LsidTest {

    @Test
    void aRandomLsidIsThirtyTwoLowercaseHexDigits() {
        assertThat(Lsid.random().value()).matches("[0-9a-f]{32}");
    }

    @Test
    void randomLsidsDoNotRepeat() {
        Set<Lsid> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(Lsid.random())).isTrue();
        }
    }

    @Test
    void aRandomLsidNeverEqualsTheSiteStream() {
        assertThat(Lsid.random().value().charAt(12)).isEqualTo('4');
        assertThat(Lsid.SITE.value().charAt(12)).isEqualTo('0');
        assertThat(Lsid.CHECKPOINTS.value().charAt(12)).isEqualTo('0');
    }

    @Test
    void parsingKeepsTheTextAsItIs() {
        String text = "0123456789abcdef0123456789abcdef";
        assertThat(Lsid.parse(text).value()).isEqualTo(text);
        assertThat(Lsid.parse(text)).hasToString(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "0123456789ABCDEF0123456789ABCDEF", "0123456789abcdef0123456789abcde",
        "0123456789abcdef0123456789abcdef0", "01234567-89ab-cdef-0123-456789abcdef",
        "0123456789abcdeg0123456789abcdef", " 0123456789abcdef0123456789abcde"})
    void parsingRejectsAnythingElseNamingTheRule(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Lsid.parse(text))
                .withMessageContaining("32 lowercase hexadecimal digits");
    }

    @Test
    void parsingRejectsNull() {
        assertThatIllegalArgumentException().isThrownBy(() -> Lsid.parse(null));
    }
}
