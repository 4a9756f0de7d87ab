package eu.bus.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.keys.NodeCredentials;
import eu.bus.witness.CheckpointNote;
import eu.bus.witness.CheckpointWitnessing;
import eu.bus.witness.Cosigner;
import eu.bus.witness.Cosignatures;
import eu.bus.witness.LogKeys;
import eu.bus.witness.Witness;
import eu.bus.witness.WitnessPolicy;
import eu.bus.witness.WitnessState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLReason;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's own key cannot vouch for its history against its own operator; witnesses of other agencies can. A log
 * rewritten and signed again with the node's key is refused by {@code --witnesses 2}, whatever the operator does
 * with the cosignatures.
 */
class WitnessedLogTest {

    static final TestPki PKI = AuditTamperTest.PKI;

    @TempDir
    Path dir;
    Path log;
    Witness eurojust;
    Witness europol;
    Cosigner stranger;

    @BeforeEach
    void setUp() {
        log = dir.resolve("audit");
        LogKeys nodeKey = origin -> origin.equals(CheckpointNote.originOf("NL-NMT"))
                ? List.of(new LogKeys.LogKey(origin, NodeCredentials.load(PKI.dir(), "NL-NMT").signingCertificate().getPublicKey()))
                : List.of();
        eurojust = new Witness(Cosigner.generate("EUROJUST"), nodeKey, new WitnessState(dir.resolve("eurojust")), Clock.systemUTC());
        europol = new Witness(Cosigner.generate("EUROPOL"), nodeKey, new WitnessState(dir.resolve("europol")), Clock.systemUTC());
        stranger = Cosigner.generate("ROGUE");
    }


    /** Appends {@code records} records "{@code label} i", a checkpoint every 10, and asks both witnesses to cosign each. */
    List<CheckpointWitnessing.Outcome> write(Path directory, int records, String label) {
        CheckpointWitnessing witnessing = new CheckpointWitnessing(directory, List.of(eurojust.inProcess(), europol.inProcess()));
        List<CheckpointWitnessing.Outcome> outcomes = new java.util.ArrayList<>();
        try (AuditLog audit = AuditLog.open(AuditLogConfig.of(directory, "NL-NMT")
                .withCheckpointEvery(1_000, Duration.ofMinutes(1)), PKI.signer("NL-NMT"))) {
            for (int i = 0; i < records; i++) {
                audit.appendAndWait(AuditEntry.of(AuditEvent.SENT).messageId(java.util.UUID.nameUUIDFromBytes((label + i).getBytes()))
                        .messageType("INTELLIGENCE_REPORT").caseId("CASE-2026-000123")
                        .protectedBytes((label + " " + i).getBytes()).purpose("LED Art. 25").build());
                if ((i + 1) % 10 == 0) {
                    audit.checkpoint();
                    outcomes.addAll(witnessing.round());
                }
            }
        }
        return outcomes;
    }

    WitnessPolicy twoWitnesses(Path... more) {
        return new WitnessPolicy(List.of(eurojust.key(), europol.key()), 2, List.of(more));
    }

    VerificationReport verify(Path directory, WitnessPolicy policy) {
        return new AuditVerifier(directory, PKI.ca(), CheckpointRevocation.notChecked(), policy).verify(RecordReader.Progress.NONE);
    }

    @Test
    void shouldVerifyALogWhoseLatestCheckpointTwoWitnessesCosigned() {
        List<CheckpointWitnessing.Outcome> outcomes = write(log, 30, "genuine");

        assertEquals(6, outcomes.size(), outcomes.toString());
        assertTrue(outcomes.stream().allMatch(CheckpointWitnessing.Outcome::cosigned), outcomes.toString());
        VerificationReport report = verify(log, twoWitnesses());
        assertTrue(report.ok(), report.summary());
        assertTrue(report.summary().contains("latest checkpoint cosigned by EUROJUST, EUROPOL (2 required)"), report.summary());
    }

    @Test
    void shouldCatchALogRewrittenAndSignedAgainByItsOwnKeyWhetherItsCosignaturesAreKeptOrDropped() throws Exception {
        write(log, 30, "genuine");
        byte[] genuineRoot = CheckpointNote.parse(eurojust.state().cosigned(CheckpointNote.originOf("NL-NMT")).get(0).text()).rootHash();
        // The operator writes another history with the node's own key and puts it in place of the log; the
        // witnesses refuse to cosign it.
        Path forged = dir.resolve("forged");
        List<CheckpointWitnessing.Outcome> refusals = write(forged, 40, "forged");
        assertTrue(refusals.stream().noneMatch(CheckpointWitnessing.Outcome::cosigned), refusals.toString());
        assertTrue(refusals.get(0).problem().contains("refused (422)") || refusals.get(0).problem().contains("refused (409)"),
                refusals.get(0).problem());
        assertTrue(verify(forged, WitnessPolicy.none()).ok(), "its own signatures are all valid: only witnesses can tell");
        replaceLog(forged);

        // Kept: the genuine log's cosignatures do not match the rewritten records. A fork, with both roots.
        VerificationReport kept = verify(log, twoWitnesses());
        assertFalse(kept.ok());
        assertEquals(VerificationReport.Where.WITNESSED, kept.problem().where(), kept.summary());
        assertEquals(10, kept.problem().index(), "the first witnessed checkpoint the records no longer match");
        assertTrue(kept.summary().contains("fork: ") && kept.summary().contains(java.util.Base64.getEncoder().encodeToString(genuineRoot))
                && kept.summary().contains("its history was rewritten after the witnesses saw it"), kept.summary());

        // Dropped: the latest checkpoint has no cosignature.
        Files.delete(Cosignatures.file(new LogLayout(log)));
        VerificationReport dropped = verify(log, twoWitnesses());
        assertFalse(dropped.ok());
        assertEquals(VerificationReport.Where.CHECKPOINT, dropped.problem().where(), dropped.summary());
        assertTrue(dropped.summary().contains("cosigned by 0 trusted witness(es), fewer than the 2 required"), dropped.summary());

        // And with what a witness kept itself, which the operator cannot touch: the fork again.
        Path eurojustRecord = Files.walk(dir.resolve("eurojust")).filter(p -> p.endsWith("cosigned.log")).findFirst().orElseThrow();
        VerificationReport againstWitness = verify(log, twoWitnesses(eurojustRecord));
        assertEquals(VerificationReport.Where.WITNESSED, againstWitness.problem().where(), againstWitness.summary());
    }

    @Test
    void shouldRefuseWhenFewerWitnessesThanRequiredCosignedOrTheirKeysAreNotTrusted() {
        write(log, 20, "genuine");
        VerificationReport one = new AuditVerifier(log, PKI.ca(), CheckpointRevocation.notChecked(),
                new WitnessPolicy(List.of(eurojust.key(), stranger.publicKey()), 2, List.of())).verify(RecordReader.Progress.NONE);
        assertFalse(one.ok(), one.summary());
        assertTrue(one.summary().contains("cosigned by 1 trusted witness(es) (EUROJUST), fewer than the 2 required"), one.summary());
        // A cosignature by a key the auditor does not trust, under a trusted name, does not count either.
        Cosigner impostor = Cosigner.generate("EUROPOL");
        VerificationReport renamed = new AuditVerifier(log, PKI.ca(), CheckpointRevocation.notChecked(),
                new WitnessPolicy(List.of(eurojust.key(), impostor.publicKey()), 2, List.of())).verify(RecordReader.Progress.NONE);
        assertFalse(renamed.ok(), renamed.summary());
        assertTrue(verify(log, new WitnessPolicy(List.of(eurojust.key(), europol.key()), 1, List.of())).ok());
    }

    @Test
    void shouldNotCountTheNodesOwnWitnessKeyForItsOwnLog() throws Exception {
        write(log, 20, "genuine");
        // NL-NMT's operator holds NL-NMT's witness key too: it cosigns its own latest checkpoint with it.
        Cosigner own = Cosigner.generate("NL-NMT");
        CheckpointNote latest = CheckpointNote.parse(eurojust.state().latest(CheckpointNote.originOf("NL-NMT")).orElseThrow().text());
        FramedFile.append(Cosignatures.file(new LogLayout(log)), new eu.bus.witness.SignedNote(latest.text(),
                List.of(own.cosign(latest, Instant.now()))).encode());
        VerificationReport report = verify(log, new WitnessPolicy(List.of(eurojust.key(), own.publicKey()), 2, List.of()));
        assertFalse(report.ok(), report.summary());
        assertTrue(report.summary().contains("cosigned by 1 trusted witness(es) (EUROJUST), fewer than the 2 required"), report.summary());
    }

    @Test
    void shouldTrustACheckpointWitnessedBeforeItsKeyWasRevokedAsCompromised() throws Exception {
        write(log, 20, "genuine");
        X509Certificate signing = NodeCredentials.load(PKI.dir(), "NL-NMT").signingCertificate();
        // Revoked as compromised an hour from now: the witnesses saw every checkpoint before that.
        CheckpointRevocation revocation = CheckpointRevocation.against(CheckpointRevocationTest.crl(
                X500Name.getInstance(PKI.ca().getSubjectX500Principal().getEncoded()), signing,
                Instant.now().plus(Duration.ofHours(1)), CRLReason.KEY_COMPROMISE), PKI.ca(), "test CRL");

        VerificationReport unwitnessed = new AuditVerifier(log, PKI.ca(), revocation, WitnessPolicy.none()).verify(RecordReader.Progress.NONE);
        assertFalse(unwitnessed.ok(), "a compromised key's own dates prove nothing");
        VerificationReport witnessed = new AuditVerifier(log, PKI.ca(), revocation, twoWitnesses()).verify(RecordReader.Progress.NONE);
        assertTrue(witnessed.ok(), witnessed.summary());

        // Revoked an hour ago: the witnesses saw the checkpoints after it, so they are refused.
        CheckpointRevocation before = CheckpointRevocation.against(CheckpointRevocationTest.crl(
                X500Name.getInstance(PKI.ca().getSubjectX500Principal().getEncoded()), signing,
                Instant.now().minus(Duration.ofHours(1)), CRLReason.KEY_COMPROMISE), PKI.ca(), "test CRL");
        VerificationReport late = new AuditVerifier(log, PKI.ca(), before, twoWitnesses()).verify(RecordReader.Progress.NONE);
        assertFalse(late.ok());
        assertTrue(late.summary().contains("witnesses first cosigned the checkpoint at"), late.summary());
    }

    private void replaceLog(Path forged) throws Exception {
        for (String name : List.of("segments", "checkpoints.log")) {
            Path target = log.resolve(name);
            if (Files.isDirectory(target)) {
                try (Stream<Path> files = Files.list(target)) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
                try (Stream<Path> files = Files.list(forged.resolve(name))) {
                    for (Path f : files.toList()) {
                        Files.copy(f, target.resolve(f.getFileName()));
                    }
                }
            } else {
                Files.copy(forged.resolve(name), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
