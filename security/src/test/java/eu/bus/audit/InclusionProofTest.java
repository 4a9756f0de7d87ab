package eu.bus.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InclusionProofTest {

    static final TestPki PKI = AuditTamperTest.PKI;

    @TempDir
    Path dir;

    @BeforeEach
    void writeLog() {
        try (AuditLog log = AuditLog.open(AuditLogConfig.of(dir, "NL-NMT")
                .withCheckpointEvery(10, Duration.ofMinutes(1)), PKI.signer("NL-NMT"))) {
            for (int i = 0; i < 37; i++) {
                log.appendAndWait(AuditLogTest.sent(i));
            }
        }
    }

    InclusionProof roundTrip(long record) throws Exception {
        return InclusionProof.fromJson(new AuditProver(dir).prove(record).toJson());
    }

    @Test
    void shouldProveEveryRecordWhenCheckedByThirdParty() throws Exception {
        ProofChecker checker = new ProofChecker(PKI.ca());
        for (long i = 0; i < 37; i++) {
            InclusionProof proof = roundTrip(i);
            assertEquals(37, proof.treeSize());
            assertEquals(i, checker.check(proof).sequence());
        }
    }

    @Test
    void shouldRejectProofWhenRecordIsAltered() throws Exception {
        InclusionProof p = roundTrip(5);
        InclusionProof altered = new InclusionProof(p.format(), p.leafIndex(), p.treeSize(),
                p.record().replace("\"SENT\"", "\"OPENED\""), p.leafHash(), p.auditPath(), p.checkpoint());
        InvalidProofException e = assertThrows(InvalidProofException.class, () -> new ProofChecker(PKI.ca()).check(altered));
        assertTrue(e.getMessage().contains("record was altered"), e.getMessage());
    }

    @Test
    void shouldRejectProofWhenPathIsAltered() throws Exception {
        InclusionProof p = roundTrip(5);
        List<String> path = new ArrayList<>(p.auditPath());
        path.set(1, Sha256.hex(path.get(1).getBytes()));
        InclusionProof altered = new InclusionProof(p.format(), p.leafIndex(), p.treeSize(), p.record(), p.leafHash(),
                path, p.checkpoint());
        InvalidProofException e = assertThrows(InvalidProofException.class, () -> new ProofChecker(PKI.ca()).check(altered));
        assertTrue(e.getMessage().contains("does not lead from record 5"), e.getMessage());
    }

    @Test
    void shouldRejectProofWhenCheckedAgainstAnotherCa() throws Exception {
        InclusionProof p = roundTrip(5);
        InvalidProofException e = assertThrows(InvalidProofException.class,
                () -> new ProofChecker(new TestPki("NL-NMT").ca()).check(p));
        assertTrue(e.getMessage().contains("not issued by the given CA"), e.getMessage());
    }

    @Test
    void shouldRefuseToProveWhenRecordIsNotCheckpointed() {
        ProofUnavailableException e = assertThrows(ProofUnavailableException.class, () -> new AuditProver(dir).prove(37));
        assertTrue(e.getMessage().contains("covers records 0..36"), e.getMessage());
    }
}
