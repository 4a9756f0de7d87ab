package eu.bus.exchange;

import eu.bus.broker.BusAddresses;
import eu.bus.broker.CaseChange;
import eu.bus.broker.CaseChangeRefusal;
import java.util.List;
import java.util.Optional;

/**
 * Asks the broker to change a case's participants and waits for its answer: the broker applies the
 * change (and the topic access and subscriptions that follow from it) or refuses it with a reason,
 * which becomes a {@link SubmissionRejectedException}. The same request works against the embedded
 * broker and a broker in another process.
 */
final class CaseControl {

    private static final byte[] NO_BODY = new byte[0];

    private final BrokerSender sender;

    CaseControl(BrokerSender sender) {
        this.sender = sender;
    }

    /** Returns once the broker has applied the change; throws if it refused it or could not be reached. */
    void request(CaseChange change) {
        try {
            sender.sendAll(List.of(new BrokerSender.Outbound(BusAddresses.CASE_CONTROL, NO_BODY, change.properties())));
        } catch (IllegalStateException e) {
            Optional<CaseChangeRefusal> refusal = CaseChangeRefusal.find(e);
            if (refusal.isPresent()) {
                throw new SubmissionRejectedException(refusal.get().code(), "the broker refused the change of case "
                        + change.caseId() + ": " + refusal.get().reason(), List.of());
            }
            throw e;
        }
    }
}
