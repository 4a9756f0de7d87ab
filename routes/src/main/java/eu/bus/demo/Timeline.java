package eu.bus.demo;

import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditRecord;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.Set;

/** Prints the audit events a reader of the demo cares about, one line each, as they become durable. */
final class Timeline {

    private static final Set<AuditEvent> SHOWN = EnumSet.of(AuditEvent.SUBMITTED, AuditEvent.REJECTED, AuditEvent.DELIVERED,
            AuditEvent.FORWARDED, AuditEvent.RECEIPTED, AuditEvent.DEAD_LETTERED);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final PrintWriter out;

    Timeline(PrintWriter out) {
        this.out = out;
    }

    synchronized void print(AuditRecord r) {
        if (!SHOWN.contains(r.event())) {
            return;
        }
        String id = r.messageId() == null ? "-" : r.messageId().toString().substring(0, 8);
        String type = r.messageType() == null ? "" : r.messageType().toLowerCase().replace('_', '-');
        String why = r.reason() == null ? "" : "  " + shorten(r.reason());
        out.printf("  %s  %-8s  %-13s %-22s %s%s%n", TIME.format(r.time()), r.node(), r.event(), type, id, why);
        out.flush();
    }

    synchronized void step(String text) {
        out.printf("%n%s%n", text);
        out.flush();
    }

    synchronized void line(String text) {
        out.println(text);
        out.flush();
    }

    private static String shorten(String reason) {
        return reason.length() > 140 ? reason.substring(0, 137) + "..." : reason;
    }
}
