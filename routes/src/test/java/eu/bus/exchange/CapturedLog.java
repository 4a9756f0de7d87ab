package eu.bus.exchange;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What this process logs, as an operator of {@code bus run} reads it: slf4j-simple writes to whatever
 * {@code System.err} is at each line, so a tee catches every logger (the bus, Artemis client and broker, Camel).
 * Still written to the real stderr.
 */
final class CapturedLog implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private int mark;

    CapturedLog() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (captured) {
                    captured.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (captured) {
                    captured.write(b, off, len);
                }
                original.write(b, off, len);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /** Lines from here on are what {@link #linesSinceMark()} returns. */
    void mark() {
        synchronized (captured) {
            mark = captured.size();
        }
    }

    List<String> linesSinceMark() {
        String text;
        synchronized (captured) {
            byte[] all = captured.toByteArray();
            text = new String(all, mark, all.length - mark, StandardCharsets.UTF_8);
        }
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
