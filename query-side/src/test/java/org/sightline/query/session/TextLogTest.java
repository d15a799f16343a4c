package org.sightline.query.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextLogTest {

    @Test
    void lineBreaksAndControlCharactersBecomeEscapes() {
        assertThat(TextLog.oneLine("a\nb\r\tc\u0000d\u2028e"))
                .isEqualTo("a\\nb\\r\\tc\\u0000d\\u2028e");
    }

    @Test
    void aBackslashIsEscapedSoThatEscapesCannotBeForged() {
        assertThat(TextLog.oneLine("C:\\new")).isEqualTo("C:\\\\new");
    }

    @Test
    void printableTextStaysAsItIs() {
        assertThat(TextLog.oneLine("Grüße € <script>"))
                .isEqualTo("Grüße € <script>");
    }

    @Test
    void invisibleFormattingCharactersAreShownAsEscapes() {
        assertThat(TextLog.oneLine("invoice\u202Efdp.exe\u200B"))
                .isEqualTo("invoice\\u202efdp.exe\\u200b");
    }
}
