package org.sightline.relay;

/** The kinds of relay frames, by their code in byte 1 of the header. */
public enum FrameKind {
    /** A whole screen image: a viewer can start from it. */
    SCREEN_KEY(1),
    /** A change against the frames before it, back to the last key frame. */
    SCREEN_DELTA(2),
    /** Keyboard or mouse input from a rep to the customer's machine. */
    INPUT(3),
    /** The customer's cursor position and shape. */
    CURSOR(4),
    /** Clipboard content from a rep to the customer. */
    CLIPBOARD(5),
    /** Sent by the relay: who holds control now (a JSON payload). */
    CONTROL(6);

    private final int code;

    FrameKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static FrameKind of(int code) {
        for (FrameKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        throw new IllegalArgumentException("no frame kind " + code);
    }

    /** What the customer's side sends. */
    public boolean fromPublisher() {
        return this == SCREEN_KEY || this == SCREEN_DELTA || this == CURSOR;
    }

    /** What a rep sends, and only the rep holding control gets through. */
    public boolean fromViewer() {
        return this == INPUT || this == CLIPBOARD;
    }

    /** Screen frames are recorded. */
    public boolean isScreen() {
        return this == SCREEN_KEY || this == SCREEN_DELTA;
    }
}
