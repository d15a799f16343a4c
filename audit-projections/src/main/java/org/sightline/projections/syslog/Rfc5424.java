package org.sightline.projections.syslog;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Formats one syslog message as RFC 5424 writes it:
 * {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD-ID PARAM="VALUE" ...] BOM MSG}.
 *
 * <p>Parameter values escape {@code "}, {@code \} and {@code ]} with a backslash (section
 * 6.3.3); the message is UTF-8 preceded by the byte order mark (section 6.4). A message longer
 * than the limit is cut at a UTF-8 character boundary and its structured data says how long
 * it was ({@code truncated_from}, in bytes); the full event stays in the store.
 */
public final class Rfc5424 {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    /** The shortest message that still holds its header and structured data. */
    private static final int MIN_LIMIT = 480;

    private final int facility;
    private final String hostname;
    private final String appName;
    private final String procId;
    private final String sdId;

    /**
     * @param facility 0 to 23 (16 is local0)
     * @param sdId the structured data's id, NAME@ENTERPRISE-NUMBER
     */
    public Rfc5424(int facility, String hostname, String appName, String procId, String sdId) {
        if (facility < 0 || facility > 23) {
            throw new IllegalArgumentException("a syslog facility is 0 to 23");
        }
        this.facility = facility;
        this.hostname = header(hostname, 255);
        this.appName = header(appName, 48);
        this.procId = header(procId, 128);
        this.sdId = header(sdId, 32);
    }

    /**
     * One message, at most {@code limit} bytes.
     *
     * @param severity RFC 5424 severity, 0 to 7
     * @param msgId at most 32 printable ASCII characters
     * @param params structured data parameters in order; absent values are left out
     */
    public byte[] format(int severity, Instant at, String msgId, Map<String, String> params,
            String message, int limit) {
        if (limit < MIN_LIMIT) {
            throw new IllegalArgumentException("a syslog size limit is at least " + MIN_LIMIT
                    + " bytes");
        }
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        byte[] whole = assemble(severity, at, msgId, params, text);
        if (whole.length <= limit) {
            return whole;
        }

        Map<String, String> marked = new LinkedHashMap<>(params);
        marked.put("truncated_from", Integer.toString(text.length));
        byte[] head = assemble(severity, at, msgId, marked, new byte[0]);
        byte[] cut = cutAtCharacter(text, limit - head.length);
        return assemble(severity, at, msgId, marked, cut);
    }

    private byte[] assemble(int severity, Instant at, String msgId, Map<String, String> params,
            byte[] text) {
        StringBuilder header = new StringBuilder()
                .append('<').append(facility * 8 + severity).append(">1 ")
                .append(at.truncatedTo(ChronoUnit.MILLIS)).append(' ')
                .append(hostname).append(' ')
                .append(appName).append(' ')
                .append(procId).append(' ')
                .append(header(msgId, 32)).append(" [").append(sdId);
        params.forEach((name, value) -> {
            if (value != null) {
                header.append(' ').append(name).append("=\"").append(escape(value)).append('"');
            }
        });
        header.append("] ");
        ByteArrayOutputStream out = new ByteArrayOutputStream(header.length() + text.length + 3);
        out.writeBytes(header.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(BOM);
        out.writeBytes(text);
        return out.toByteArray();
    }

    /** The longest prefix of {@code text} within {@code room} bytes that ends on a character. */
    static byte[] cutAtCharacter(byte[] text, int room) {
        int end = Math.max(0, Math.min(room, text.length));
        while (end > 0 && end < text.length && (text[end] & 0xC0) == 0x80) {
            end--;
        }
        byte[] cut = new byte[end];
        System.arraycopy(text, 0, cut, 0, end);
        return cut;
    }

    /** A PARAM-VALUE: {@code "}, {@code \} and {@code ]} escaped, as section 6.3.3 says. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(c -> {
            if (c == '"' || c == '\\' || c == ']') {
                out.append('\\');
            }
            out.appendCodePoint(c);
        });
        return out.toString();
    }

    /** A header field: printable US-ASCII without spaces, at most {@code max}, or "-". */
    private static String header(String value, int max) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        StringBuilder out = new StringBuilder();
        value.chars()
                .filter(c -> c > 32 && c < 127)
                .limit(max)
                .forEach(c -> out.append((char) c));
        return out.length() == 0 ? "-" : out.toString();
    }
}
