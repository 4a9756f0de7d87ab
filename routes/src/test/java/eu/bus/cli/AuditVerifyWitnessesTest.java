package eu.bus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.audit.AuditEntry;
import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditLog;
import eu.bus.audit.AuditLogConfig;
import eu.bus.audit.JcaCheckpointSigner;
import eu.bus.keys.DevPki;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.NodeTrust;
import eu.bus.witness.CheckpointWitnessing;
import eu.bus.witness.Cosignatures;
import eu.bus.witness.Witness;
import eu.bus.witness.WitnessKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bus audit verify --witnesses N}: what an auditor runs to tell a log its operator rewrote. */
class AuditVerifyWitnessesTest {

    @TempDir
    Path dir;
    Path pki;
    Path log;
    Witness europol;
    Witness eurojust;

    @BeforeEach
    void witnessedLog() {
        pki = dir.resolve("pki");
        DevPki.init(pki, List.of("NL-NMT", "EUROPOL", "EUROJUST"));
        NodeTrust trust = NodeTrust.load(pki);
        europol = Witness.ofNode(pki, "EUROPOL", trust, dir.resolve("europol-witness"), Clock.systemUTC());
        eurojust = Witness.ofNode(pki, "EUROJUST", trust, dir.resolve("eurojust-witness"), Clock.systemUTC());
        log = dir.resolve("audit");
        write(log, "genuine", true);
    }


    /** 20 records, a checkpoint every 10, each offered to both witnesses when {@code witnessed}. */
    void write(Path directory, String label, boolean witnessed) {
        CheckpointWitnessing witnessing = new CheckpointWitnessing(directory, List.of(europol.inProcess(), eurojust.inProcess()));
        try (AuditLog audit = AuditLog.open(AuditLogConfig.of(directory, "NL-NMT").withCheckpointEvery(1_000, Duration.ofMinutes(1)),
                JcaCheckpointSigner.of(NodeCredentials.load(pki, "NL-NMT")))) {
            for (int i = 0; i < 20; i++) {
                audit.appendAndWait(AuditEntry.of(AuditEvent.SENT).messageId(UUID.randomUUID()).messageType("INTELLIGENCE_REPORT")
                        .protectedBytes((label + i).getBytes()).purpose("LED Art. 25").build());
                if (i % 10 == 9) {
                    audit.checkpoint();
                    if (witnessed) {
                        witnessing.round();
                    }
                }
            }
        }
    }

    CliRun verify(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("audit", "verify", log.toString(), "--ca", pki.resolve("ca.pem").toString()));
        args.addAll(List.of(more));
        return CliRun.bus(args.toArray(String[]::new));
    }

    @Test
    void shouldPassWhenTwoWitnessesPublishedInThePkiCosignedTheLatestCheckpoint() {
        CliRun run = verify("--witnesses", "2");
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertTrue(run.out().contains("latest checkpoint cosigned by EUROPOL, EUROJUST (2 required)"), run.out());
    }

    @Test
    void shouldFailAndNameTheForkWhenTheOperatorRewroteTheLogAndSignedItAgain() throws Exception {
        Path forged = dir.resolve("forged");
        write(forged, "forged", false);
        replace(forged);
        // Its own signatures all verify (WitnessedLogTest shows it); the witness keys the PKI publishes beside the CA
        // are enough to show the fork, even without --witnesses.
        CliRun plain = verify();
        assertEquals(ExitCodes.VERIFICATION_FAILED, plain.exitCode(), plain.out());
        assertTrue(plain.err().contains("fork: "), plain.err());

        CliRun run = verify("--witnesses", "2");
        assertEquals(ExitCodes.VERIFICATION_FAILED, run.exitCode(), run.out());
        assertTrue(run.err().contains("FAILED against the witnessed checkpoint of 10 records: fork: "), run.err());

        Files.delete(Cosignatures.file(new eu.bus.audit.LogLayout(log)));
        CliRun dropped = verify("--witnesses", "2");
        assertEquals(ExitCodes.VERIFICATION_FAILED, dropped.exitCode());
        assertTrue(dropped.err().contains("fewer than the 2 required"), dropped.err());

        Path witnessRecord;
        try (Stream<Path> files = Files.walk(dir.resolve("europol-witness"))) {
            witnessRecord = files.filter(p -> p.endsWith("cosigned.log")).findFirst().orElseThrow();
        }
        CliRun againstWitness = verify("--witnesses", "2", "--cosignatures", witnessRecord.toString());
        assertEquals(ExitCodes.VERIFICATION_FAILED, againstWitness.exitCode());
        assertTrue(againstWitness.err().contains("fork: EUROPOL at "), againstWitness.err());
    }

    @Test
    void shouldSayHowToFixItWhenMoreWitnessesAreRequiredThanKeysGiven() {
        // The PKI publishes three witness keys: EUROPOL's, EUROJUST's and NL-NMT's own, which never counts for its own log.
        CliRun run = verify("--witnesses", "4");
        assertEquals(ExitCodes.INVALID_INPUT, run.exitCode(), run.out());
        assertTrue(run.err().contains("4 witness cosignatures are required but only 3 witness key(s) are given"), run.err());
        CliRun own = verify("--witnesses", "3");
        assertEquals(ExitCodes.VERIFICATION_FAILED, own.exitCode(), own.out());
        assertTrue(own.err().contains("cosigned by 2 trusted witness(es) (EUROPOL, EUROJUST), fewer than the 3 required"), own.err());
        CliRun only = verify("--witnesses", "2", "--witness-key", WitnessKeys.published(pki, "EUROPOL").toString());
        assertEquals(ExitCodes.INVALID_INPUT, only.exitCode(), only.out());
    }

    private void replace(Path forged) throws Exception {
        Path segments = log.resolve("segments");
        try (Stream<Path> files = Files.list(segments)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        try (Stream<Path> files = Files.list(forged.resolve("segments"))) {
            for (Path f : files.toList()) {
                Files.copy(f, segments.resolve(f.getFileName()));
            }
        }
        Files.copy(forged.resolve("checkpoints.log"), log.resolve("checkpoints.log"), StandardCopyOption.REPLACE_EXISTING);
    }
}
