package eu.bus.replay;

import eu.bus.envelope.OpenedMessage;
import eu.bus.keys.BusTrust;
import eu.bus.keys.KeyPurpose;
import eu.bus.message.MessageHeader;
import eu.bus.validation.MessageValidator;
import eu.bus.validation.ValidationReport;
import java.time.Instant;

/**
 * What a message opened again later (replayed from the archive, or granted to an auditor) must pass beyond its
 * signature, as on arrival: its sender's certificate a bus certificate valid and not revoked when it arrived, and its
 * payload valid under the schema version it claims.
 */
public final class ArrivalCheck {

    private final BusTrust trust;
    private final MessageValidator validator;

    public ArrivalCheck(BusTrust trust, MessageValidator validator) {
        this.trust = trust;
        this.validator = validator;
    }

    /**
     * Why the payload would be refused (redacted: never the content), or null when it passes.
     *
     * @throws eu.bus.keys.CertificateRejectedException when the sender's certificate was not valid at {@code arrivedAt}
     */
    public String refusal(OpenedMessage opened, MessageHeader header, Instant arrivedAt) {
        trust.validate(opened.signerCertificate(), KeyPurpose.SIGNING, arrivedAt);
        ValidationReport report = validator.validate(header, opened.payload());
        return report.valid() ? null : "its payload does not match schema " + header.messageType().wireName() + " "
                + header.schemaVersion() + ": " + report.errors().get(0).redacted();
    }
}
