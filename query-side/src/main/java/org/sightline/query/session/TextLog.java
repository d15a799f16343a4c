package org.sightline.query.session;

import java.util.List;
import java.util.Locale;

/**
 * A session log as a printed log: a header, then one line per event with its UTC time, its
 * type, who did it and what happened. Control characters, line and paragraph separators and
 * invisible formatting characters (such as right-to-left overrides) are written as escapes,
 * so one event is always one line and no text can forge or disguise another entry.
 */
public final class TextLog {

    private TextLog() {
    }

    public static String render(String lsid, List<LogEntry> entries) {
        StringBuilder text = new StringBuilder("Session " + lsid + " (times in UTC)\n");
        for (LogEntry entry : entries) {
            text.append(entry.at())
                    .append("  ")
                    .append(String.format(Locale.ROOT, "%-28s", entry.type()))
                    .append("  ")
                    .append(oneLine(entry.actor()))
                    .append("  ")
                    .append(oneLine(entry.line()))
                    .append('\n');
        }
        return text.toString();
    }

    /** Keeps an entry on one line and visible: such characters are written as escapes. */
    static String oneLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029
                            || Character.getType(c) == Character.FORMAT) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}
