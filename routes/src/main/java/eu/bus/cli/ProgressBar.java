package eu.bus.cli;

import eu.bus.audit.RecordReader;
import java.io.PrintWriter;

/**
 * {@code label [#####               ] 25% } on stderr, redrawn in place and erased when done. On a terminal only:
 * redirected output stays clean for scripts.
 */
final class ProgressBar {

    private ProgressBar() {
    }

    /** A bar for work of more than {@code from} units (smaller work would only flicker), or none. */
    static RecordReader.Progress on(PrintWriter err, String label, long from) {
        if (System.console() == null) {
            return RecordReader.Progress.NONE;
        }
        int[] shown = {-1};
        return (done, total) -> {
            if (total < from) {
                return;
            }
            int percent = (int) (100 * done / Math.max(1, total));
            if (percent == shown[0] && done < total) {
                return; // redraw only when it moves
            }
            shown[0] = percent;
            err.print("\r" + label + " [" + "#".repeat(percent / 5) + " ".repeat(20 - percent / 5) + "] " + percent + "% ");
            if (done >= total) {
                err.print("\r" + " ".repeat(label.length() + 30) + "\r");
            }
            err.flush();
        };
    }
}
