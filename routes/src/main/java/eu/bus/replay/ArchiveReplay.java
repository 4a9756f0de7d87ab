package eu.bus.replay;

import eu.bus.archive.ArchivedMessage;
import eu.bus.archive.MessageArchive;
import eu.bus.audit.Sha256;
import eu.bus.envelope.EnvelopeException;
import eu.bus.envelope.MessageOpener;
import eu.bus.envelope.OpenedMessage;
import eu.bus.keys.BusTrust;
import eu.bus.message.MessageHeader;
import eu.bus.validation.MessageValidator;
import eu.bus.validation.ValidationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Re-drives one archived copy through the opening pipeline, as on arrival, and compares the outcome with what the
 * receiving node's log recorded: the body must be the one whose digest the log holds; it must decrypt with the
 * node's keys (its key history included), carry a valid signature of its sender over the payload and the header,
 * by a certificate of the bus that was valid when it was received; and its payload must validate against the
 * schema version it claimed. It is also checked against the newest version of its type in {@code current} (another
 * release's schemas, or this build's), which shows what a schema change would refuse. Time-bound checks of the
 * moment (freshness window, expiry) are not replayed: they were judged on arrival and the log says when that was.
 */
public final class ArchiveReplay {

    private final MessageArchive archive;
    private final MessageOpener opener;
    private final ArrivalCheck arrival;
    private final MessageValidator current;

    public ArchiveReplay(MessageArchive archive, MessageOpener opener, BusTrust trust, MessageValidator pinned,
                         MessageValidator current) {
        this.archive = archive;
        this.opener = opener;
        this.arrival = new ArrivalCheck(trust, pinned);
        this.current = current;
    }

    /**
     * The outcome; when the copy replayed as accepted, the message opened and its archived header and protected
     * bytes (for a reprocessing system: opened in a directory, protected on a queue).
     */
    public record Outcome(ReplayedMessage message, OpenedMessage opened, MessageHeader header, byte[] protectedBytes) {
    }

    public Outcome replay(RecordedReception recorded) {
        Optional<ArchivedMessage> archived = archive.find(recorded.digest());
        if (archived.isEmpty()) {
            return judged(recorded, null, null, null, "its archived body " + recorded.digest() + " is missing from " + archive.root());
        }
        MessageHeader header = archived.get().header();
        byte[] body;
        try {
            body = java.nio.file.Files.readAllBytes(archived.get().body());
        } catch (java.io.IOException e) {
            return judged(recorded, header, null, null, "its archived body " + archived.get().body() + " cannot be read: " + e.getMessage());
        }
        String digest = Sha256.hex(body);
        if (!digest.equals(recorded.digest())) {
            return judged(recorded, header, null, null, "its archived body was altered: its SHA-256 is " + digest
                    + ", the log recorded " + recorded.digest() + " when it arrived");
        }
        OpenedMessage opened;
        String why;
        try {
            opened = opener.openAccepted(header, body);
            why = arrival.refusal(opened, header, recorded.receivedAt());
        } catch (EnvelopeException e) {
            return judged(recorded, header, null, null, "it does not open and verify: " + e.getMessage());
        }
        return judged(recorded, header, opened, body, why);
    }

    private Outcome judged(RecordedReception recorded, MessageHeader header, OpenedMessage opened, byte[] body, String why) {
        ReplayedMessage.Verdict verdict = why == null ? ReplayedMessage.Verdict.ACCEPTED : ReplayedMessage.Verdict.REFUSED;
        String pinnedVersion = header == null ? null : header.schemaVersion();
        String newest = header == null ? null : current.catalog().latestVersion(header.messageType()).orElse(null);
        String currentError = null;
        boolean currentValid = false;
        if (opened != null && newest != null) {
            ValidationReport underCurrent = current.validate(header.withSchemaVersion(newest), opened.payload());
            currentValid = underCurrent.valid();
            currentError = currentValid ? null : underCurrent.errors().get(0).redacted();
        }
        List<String> differences = new ArrayList<>();
        if (recorded.verdictOnContent() && recorded.accepted() != (verdict == ReplayedMessage.Verdict.ACCEPTED)) {
            differences.add(recorded.accepted() ? "the log recorded it DELIVERED, but " + why
                    : "the log recorded it refused (" + recorded.reason() + "), but it now opens, verifies and validates");
        } else if (!recorded.verdictOnContent() && why != null) {
            differences.add(why); // refused on other grounds, yet its content must still be what arrived
        }
        if (header != null && (!header.messageId().equals(recorded.messageId())
                || !header.messageType().name().equals(recorded.messageType()))) {
            differences.add("the archived header names " + header.messageType().name() + " " + header.messageId()
                    + ", the log recorded " + recorded.messageType() + " " + recorded.messageId());
        }
        ReplayedMessage message = new ReplayedMessage(recorded, verdict, why, pinnedVersion, newest, currentValid,
                currentError, differences);
        boolean accepted = verdict == ReplayedMessage.Verdict.ACCEPTED;
        return new Outcome(message, accepted ? opened : null, accepted ? header : null, accepted ? body : null);
    }
}
