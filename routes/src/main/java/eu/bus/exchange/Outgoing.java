package eu.bus.exchange;

import eu.bus.broker.CaseChange;
import eu.bus.message.MessageHeader;
import java.util.List;

/**
 * A protected message ready for the broker: the clear header travels as a message property, the
 * CMS bytes as the body, to each destination address. A case-lifecycle message also carries the
 * change of participants the broker must confirm before the copies go out (null otherwise). Or,
 * for a retried submission of a message the broker already has, nothing to send ({@link #alreadySent}).
 */
public record Outgoing(MessageHeader header, byte[] protectedBytes, List<String> destinations, CaseChange caseChange,
                       Outbox.Entry entry) {

    public Outgoing(MessageHeader header, byte[] protectedBytes, List<String> destinations, CaseChange caseChange) {
        this(header, protectedBytes, destinations, caseChange, null);
    }

    /** A retry of a message already accepted (on the broker or in the outbox): its id is the answer, nothing is sent or changed again. */
    public static Outgoing alreadySent(MessageHeader header) {
        return new Outgoing(header, null, List.of(), null, null);
    }

    /** The same message with its outbox entry. */
    Outgoing with(Outbox.Entry outboxEntry) {
        return new Outgoing(header, protectedBytes, destinations, caseChange, outboxEntry);
    }

    /** What each recipient gets: from the outbox entry (a message protected again may go to some recipients only). */
    List<StatusStore.Sent> sentCopies() {
        return entry != null ? entry.copies() : copies();
    }

    public boolean isAlreadySent() {
        return protectedBytes == null;
    }

    /**
     * What goes to each recipient: the digest of the envelope (one for all) and its destination (the
     * recipient's inbox, or the case topic), which that recipient's signed receipt must match.
     */
    public List<StatusStore.Sent> copies() {
        String digest = eu.bus.audit.Sha256.hex(protectedBytes);
        boolean topic = destinations.size() == 1 && eu.bus.broker.BusAddresses.isMulticast(destinations.get(0));
        return header.recipients().stream().map(r -> new StatusStore.Sent(r, digest,
                topic ? destinations.get(0) : eu.bus.broker.BusAddresses.inbox(r))).toList();
    }
}
