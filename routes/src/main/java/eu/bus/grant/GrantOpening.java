package eu.bus.grant;

import eu.bus.audit.AuditEvent;
import eu.bus.audit.LogLayout;
import eu.bus.envelope.MessageOpener;
import eu.bus.envelope.OpenedMessage;
import eu.bus.keys.BusTrust;
import eu.bus.operator.AuditTrail;
import eu.bus.replay.ArrivalCheck;
import eu.bus.replay.MarkedDocument;
import eu.bus.validation.MessageValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The auditor's side of a grant: the manifest's signature checked (the granting node, a bus certificate valid when it
 * granted), then each sealed copy opened with the auditor's own keys, the original sender's signature and header
 * binding verified, the signer's certificate judged at arrival, the payload validated against its pinned schema; and,
 * given the granting node's log, each message checked against it: received with that digest, and recorded GRANTED
 * to this auditor (a grant the node did not audit is named).
 */
public final class GrantOpening {

    /** One granted message as opened: null {@code problem} when it opened, verified and validated. */
    public record Opened(GrantManifest.Entry entry, OpenedMessage message, String problem) {
    }

    private final MessageOpener opener;
    private final BusTrust trust;
    private final ArrivalCheck arrival;

    public GrantOpening(MessageOpener opener, BusTrust trust) {
        this.opener = opener;
        this.trust = trust;
        this.arrival = new ArrivalCheck(trust, new MessageValidator());
    }

    /** The manifest of the grant in {@code dir}, once its signature checked out; throws naming what does not. */
    public GrantManifest manifest(Path dir, String grantee) throws IOException {
        byte[] json = Files.readAllBytes(dir.resolve(GrantManifest.FILE));
        GrantManifest manifest = GrantManifest.fromJson(json);
        GrantSignature.verify(json, Files.readAllBytes(dir.resolve(GrantSignature.FILE)), manifest.node(), manifest.grantedAt(), trust);
        if (!manifest.grantee().equals(grantee)) {
            throw new IllegalArgumentException("this grant is for " + manifest.grantee() + ", not for " + grantee);
        }
        return manifest;
    }

    public List<Opened> open(Path dir, GrantManifest manifest, Path nodeLog) throws IOException {
        Set<String> received = new HashSet<>();
        Set<String> granted = new HashSet<>();
        if (nodeLog != null) {
            AuditTrail.read(new LogLayout(nodeLog), r -> {
                if (r.messageId() != null && r.event() == AuditEvent.RECEIVED) {
                    received.add(r.messageId() + " " + r.digest());
                } else if (r.messageId() != null && r.event() == AuditEvent.GRANTED && r.reason() != null
                        && r.reason().startsWith("sealed for " + manifest.grantee() + " ")) {
                    granted.add(r.messageId() + " " + r.digest());
                }
            });
        }
        List<Opened> opened = new ArrayList<>();
        for (GrantManifest.Entry e : manifest.messages()) {
            String key = e.header().messageId() + " " + e.digest();
            String problem = null;
            OpenedMessage message = null;
            try {
                message = opener.openGranted(e.header(), Files.readAllBytes(dir.resolve(e.file())));
                problem = arrival.refusal(message, e.header(), e.receivedAt());
            } catch (IOException | RuntimeException x) {
                problem = "it does not open and verify: " + x.getMessage();
            }
            if (problem == null && nodeLog != null && !received.contains(key)) {
                problem = manifest.node() + "'s log records no arrival of this copy (" + e.digest() + ")";
            } else if (problem == null && nodeLog != null && !granted.contains(key)) {
                problem = manifest.node() + "'s log does not record this grant: it was not audited";
            }
            opened.add(new Opened(e, problem == null ? message : null, problem));
        }
        return opened;
    }

    /** Writes an opened message as a document for bus stats or a reprocessing system, marked as granted. */
    public static Path write(Path dir, GrantManifest manifest, Opened o) {
        return MarkedDocument.write(dir.resolve(o.entry().file().replace(".p7m", ".json")), "granted",
                mark -> mark.put("by", manifest.node()).put("to", manifest.grantee()).put("purpose", manifest.purpose())
                        .put("grantedAt", manifest.grantedAt().toString()).put("digest", o.entry().digest()),
                o.entry().header(), o.message().payload());
    }
}
