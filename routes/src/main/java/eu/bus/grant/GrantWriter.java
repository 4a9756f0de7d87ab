package eu.bus.grant;

import eu.bus.archive.ArchivedMessage;
import eu.bus.archive.MessageArchive;
import eu.bus.audit.AuditEntry;
import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditLog;
import eu.bus.audit.RecordReader;
import eu.bus.envelope.GrantSealer;
import eu.bus.envelope.MessageOpener;
import eu.bus.envelope.OpenedMessage;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.SecureFiles;
import eu.bus.replay.AuditedRelease;
import eu.bus.replay.RecordedReception;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's side of a grant: each message it delivered, in scope, opened with its own keys and sealed again for the
 * auditor ({@link GrantSealer}), one GRANTED record each in its own log (whom, why, which copy) made durable before
 * the sealed copies are written ({@link AuditedRelease}); then the manifest, signed by the node. The node must be stopped (one writer).
 */
public final class GrantWriter {

    private final String node;
    private final NodeCredentials keys;
    private final MessageArchive archive;
    private final MessageOpener opener;
    private final AuditLog log;
    private final Clock clock;

    public GrantWriter(String node, NodeCredentials keys, MessageArchive archive, MessageOpener opener, AuditLog log, Clock clock) {
        this.node = node;
        this.keys = keys;
        this.archive = archive;
        this.opener = opener;
        this.log = log;
        this.clock = clock;
    }

    /**
     * Writes the grant of {@code received} (delivered copies) to {@code grantee} into {@code out}; returns its manifest.
     *
     * @param granteeCertificate the grantee's encryption certificate, checked by the caller
     */
    public GrantManifest write(List<RecordedReception> received, String grantee, X509Certificate granteeCertificate, String purpose,
                               String user, String scope, Path out, RecordReader.Progress progress) throws java.io.IOException {
        SecureFiles.createOwnerOnlyDirectories(out);
        Instant at = clock.instant();
        GrantSealer sealer = new GrantSealer();
        List<GrantManifest.Entry> entries = new ArrayList<>();
        AuditedRelease<Sealed> release = new AuditedRelease<>(log, s -> granted(s.entry(), grantee, purpose, user), s -> {
            SecureFiles.writePrivate(out.resolve(s.entry().file()), s.bytes());
            entries.add(s.entry());
        }, () -> { });
        for (RecordedReception r : received) {
            ArchivedMessage archived = archive.find(r.digest()).orElseThrow(() -> new IllegalStateException("message "
                    + r.messageId() + " was received (" + r.digest() + ") but its archived copy is gone (purged?): it cannot be granted"));
            OpenedMessage opened = opener.openAccepted(archived.header(), archive.body(archived));
            release.add(new Sealed(new GrantManifest.Entry(String.format("%08d-%s.p7m", r.sequence(), r.messageId()), r.sequence(),
                    r.digest(), r.receivedAt(), archived.header()), sealer.seal(opened, granteeCertificate)));
            progress.bytesRead(release.count(), received.size());
        }
        release.flush();
        GrantManifest manifest = new GrantManifest(node, grantee, purpose, user, at, scope, entries);
        byte[] json = manifest.toJson();
        SecureFiles.writePrivate(out.resolve(GrantManifest.FILE), json);
        SecureFiles.writePrivate(out.resolve(GrantSignature.FILE), GrantSignature.sign(json, keys));
        return manifest;
    }

    /** A message sealed for the grantee, not yet written: its record comes first. */
    private record Sealed(GrantManifest.Entry entry, byte[] bytes) {
    }

    private static AuditEntry granted(GrantManifest.Entry e, String grantee, String purpose, String user) {
        return AuditEntry.of(AuditEvent.GRANTED).message(e.header()).digest(e.digest()).user(user).purpose(purpose)
                .reason("sealed for " + grantee + " (copy received at " + e.receivedAt() + ", record " + e.sequence() + "): " + purpose)
                .build();
    }
}
