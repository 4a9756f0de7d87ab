package eu.bus.bench;

import eu.bus.audit.AuditEntry;
import eu.bus.audit.AuditEvent;
import eu.bus.audit.CheckpointSigner;
import eu.bus.audit.JcaCheckpointSigner;
import eu.bus.keys.DevPki;
import eu.bus.keys.NodeCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** A temporary dev PKI and a realistic audit entry (header metadata and a digest, ~400 bytes stored). */
final class AuditFixtures {

    private AuditFixtures() {
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CheckpointSigner signer(Path pki) {
        DevPki.init(pki, List.of("NL-NMT"));
        return JcaCheckpointSigner.of(NodeCredentials.load(pki, "NL-NMT"));
    }

    static AuditEntry entry(long i) {
        return AuditEntry.of(AuditEvent.SENT).messageId(new UUID(0x5eedL, i)).messageType("INTELLIGENCE_REPORT")
                .caseId("CASE-2026-000123").digest("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                .purpose("prevent and combat trafficking in human beings (LED Art. 25)").user("nl-nmt-analyst-7")
                .build();
    }

    static void delete(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
