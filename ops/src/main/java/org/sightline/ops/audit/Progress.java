package org.sightline.ops.audit;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar on standard error for runs longer than a second, redrawn at most five
 * times a second.
 */
final class Progress {

    private static final long QUIET_NANOS = 1_000_000_000L;
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final String what;
    private final long total;
    private final long started = System.nanoTime();
    private long lastDrawn;
    private boolean drawn;

    Progress(PrintStream err, String what, long total) {
        this.err = err;
        this.what = what;
        this.total = total;
    }

    void update(long done) {
        long now = System.nanoTime();
        if (now - started < QUIET_NANOS || now - lastDrawn < REDRAW_NANOS) {
            return;
        }
        lastDrawn = now;
        drawn = true;
        double share = total == 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(share * WIDTH);
        err.printf(Locale.ROOT, "\r%s [%s%s] %3.0f%% %,d/%,d events", what,
                "#".repeat(filled), ".".repeat(WIDTH - filled), share * 100, done, total);
        err.flush();
    }

    void finish() {
        if (drawn) {
            err.println();
        }
    }
}
