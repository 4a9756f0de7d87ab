package eu.bus.verify;

import eu.bus.audit.AuditEntry;
import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditLog;
import eu.bus.audit.AuditLogConfig;
import eu.bus.audit.AuditVerifier;
import eu.bus.audit.CheckpointRevocation;
import eu.bus.audit.JcaCheckpointSigner;
import eu.bus.audit.RecordReader;
import eu.bus.audit.VerificationReport;
import eu.bus.keys.DevPki;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.Pem;
import eu.bus.witness.WitnessPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32C;

/** Logs written by the bus's own writer, files changed as an attacker would, and the two verifiers run on them. */
final class Fixtures {

    final Path pki;

    Fixtures(Path pki, String... nodes) {
        this.pki = pki;
        DevPki.init(pki, List.of(nodes));
    }

    Path ca() {
        return pki.resolve("ca.pem");
    }

    /** {@code records} records of NL-NMT, a checkpoint every {@code every}. */
    void write(Path log, int records, int every, String label) {
        try (AuditLog audit = AuditLog.open(AuditLogConfig.of(log, "NL-NMT").withCheckpointEvery(every, Duration.ofMinutes(1)),
                JcaCheckpointSigner.of(NodeCredentials.load(pki, "NL-NMT")))) {
            for (int i = 0; i < records; i++) {
                audit.appendAndWait(entry(AuditEvent.SENT, (label + " " + i).getBytes()));
            }
        }
    }

    static AuditEntry entry(AuditEvent event, byte[] body) {
        return AuditEntry.of(event).messageId(UUID.nameUUIDFromBytes(body)).messageType("INTELLIGENCE_REPORT")
                .caseId("CASE-2026-000123").protectedBytes(body).purpose("LED Art. 25").build();
    }

    /** The bus's own verifier, for comparison. */
    VerificationReport busVerifier(Path log, WitnessPolicy policy) {
        return new AuditVerifier(log, Pem.readCertificate(ca()), CheckpointRevocation.notChecked(), policy)
                .verify(RecordReader.Progress.NONE);
    }

    /** The standalone verifier. */
    LogVerification.Result standalone(Path log, List<WitnessKey> witnesses, int required, Path archive) throws Exception {
        Trust trust = new Trust(Pem.readCertificate(ca()), null);
        return LogVerification.run(new LogVerification.Settings(log, trust, witnesses, required, List.of(), archive));
    }

    static List<byte[]> frames(Path file) throws IOException {
        return new ArrayList<>(Frames.read(file).payloads());
    }

    static void writeFrames(Path file, List<byte[]> payloads) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(payloads.stream().mapToInt(p -> p.length + 8).sum());
        for (byte[] p : payloads) {
            CRC32C crc = new CRC32C();
            crc.update(p);
            out.putInt(p.length).putInt((int) crc.getValue()).put(p);
        }
        Files.write(file, out.array());
    }
}
