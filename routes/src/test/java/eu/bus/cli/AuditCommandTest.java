package eu.bus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.keys.ProtectedKeyStore;
import eu.bus.archive.ArchivedMessage;
import eu.bus.archive.MessageArchive;
import eu.bus.audit.AuditEntry;
import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditLog;
import eu.bus.audit.AuditLogConfig;
import eu.bus.audit.JcaCheckpointSigner;
import eu.bus.keys.BusCa;
import eu.bus.keys.DevPki;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.Pem;
import eu.bus.keys.PkiLayout;
import eu.bus.message.Classification;
import eu.bus.message.HandlingCode;
import eu.bus.message.MessageHeader;
import eu.bus.message.MessageType;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {

    @TempDir
    static Path pki;
    static String ca;

    @TempDir
    Path dir;
    String log;
    ArchivedMessage oldMessage;

    @BeforeAll
    static void createPki() {
        DevPki.init(pki, List.of("NL-NMT"));
        ca = pki.resolve("ca.pem").toString();
    }

    static MessageHeader header(String caseId, Instant createdAt) {
        return new MessageHeader(UUID.randomUUID(), MessageType.INTELLIGENCE_REPORT, "1.0", "NL-NMT",
                List.of("NL-ENU"), caseId, null, null, createdAt, null, HandlingCode.H0, Classification.BASIC, null, null);
    }

    /** 30 records, every third in case B; one old archived message; checkpoints every 10. */
    @BeforeEach
    void writeLog() {
        MessageArchive archive = new MessageArchive(dir);
        oldMessage = archive.store(header("CASE-2020-000001", Instant.parse("2020-01-01T00:00:00Z")), "old".getBytes());
        try (AuditLog audit = AuditLog.open(AuditLogConfig.of(dir, "NL-NMT").withCheckpointEvery(10, Duration.ofMinutes(1)),
                JcaCheckpointSigner.of(NodeCredentials.load(pki, "NL-NMT")))) {
            for (int i = 0; i < 30; i++) {
                MessageHeader h = header(i % 3 == 0 ? "CASE-2026-00000B" : "CASE-2026-00000A", Instant.now());
                audit.appendAndWait(AuditEntry.of(AuditEvent.SENT).message(h).protectedBytes(("m" + i).getBytes()).build());
            }
        }
        log = dir.toString();
    }

    @Test
    void shouldReportOkWithCountsWhenLogIsIntact() {
        CliRun run = CliRun.bus("audit", "verify", log, "--ca", ca);
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("OK: 30 records in 1 segment(s) from NL-NMT"), run.out());
        assertTrue(run.out().contains("3 checkpoint(s) verified"), run.out());
        assertTrue(run.out().contains("revocation checked against the CRL " + pki.resolve("crl.pem")), run.out());
    }

    /** A CA file in {@code into} with, beside it, a CRL of the same CA that revokes NL-NMT's signing key as compromised. */
    Path caWithRevokingCrl(Path into) throws Exception {
        Files.createDirectories(into);
        PkiLayout layout = new PkiLayout(pki);
        Instant now = Instant.now();
        X509CRL revoking = BusCa.load(layout, ProtectedKeyStore.ofCa(layout.offlineCa())).crl(Pem.readCrl(layout.crl()), now, now.plus(Duration.ofDays(30)),
                BusCa.RevocationReason.KEY_COMPROMISE, NodeCredentials.load(pki, "NL-NMT").signingCertificate());
        Files.writeString(into.resolve("crl.pem"), Pem.crl(revoking));
        return Files.copy(layout.caCertificate(), into.resolve("ca.pem"));
    }

    @Test
    void shouldRefuseCheckpointsWhenTheCrlBesideTheCaFileRevokesTheSigner() throws Exception {
        Path caFile = caWithRevokingCrl(dir.resolve("auditor"));
        CliRun run = CliRun.bus("audit", "verify", log, "--ca", caFile.toString());
        assertEquals(ExitCodes.VERIFICATION_FAILED, run.exitCode(), run.out());
        assertTrue(run.err().startsWith("FAILED at checkpoint 0: its signing certificate (NL-NMT, serial "), run.err());
        assertTrue(run.err().contains("(reason keyCompromise)"), run.err());
    }

    @Test
    void shouldUseTheCrlOptionOverTheCrlBesideTheCaFile() throws Exception {
        Path revoking = caWithRevokingCrl(dir.resolve("auditor")).resolveSibling("crl.pem");
        CliRun run = CliRun.bus("audit", "verify", log, "--ca", ca, "--crl", revoking.toString());
        assertEquals(ExitCodes.VERIFICATION_FAILED, run.exitCode(), run.out());
        assertTrue(run.err().contains("was revoked on"), run.err());
    }

    @Test
    void shouldSayHowToPassTheCrlWhenNoneIsAvailable() throws Exception {
        Path lonely = Files.copy(Path.of(ca), Files.createDirectories(dir.resolve("lonely")).resolve("ca.pem"));
        CliRun run = CliRun.bus("audit", "verify", log, "--ca", lonely.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertTrue(run.out().contains("revocation NOT checked (no CRL given)"), run.out());
        assertTrue(run.out().contains("revocation was not checked: no --crl given and no crl.pem beside " + lonely
                + "; pass --crl FILE"), run.out());
    }

    @Test
    void shouldExitThreeWhenTheCrlIsNotSignedByTheCa(@TempDir Path otherPki) {
        DevPki.init(otherPki, List.of("NL-NMT"));
        CliRun run = CliRun.bus("audit", "verify", log, "--ca", ca, "--crl", otherPki.resolve("crl.pem").toString());
        assertEquals(ExitCodes.VERIFICATION_FAILED, run.exitCode(), run.out());
        assertTrue(run.err().contains("does not carry a valid signature of the given CA"), run.err());
    }

    @Test
    void shouldCatchRewrittenLogWhenGivenTheCheckpointSavedLastTime() throws Exception {
        Path saved = dir.resolve("trusted.json");
        CliRun first = CliRun.bus("audit", "verify", log, "--ca", ca, "--save-checkpoint", saved.toString());
        assertEquals(ExitCodes.OK, first.exitCode(), first.err());
        assertTrue(first.out().contains("saved checkpoint of 30 records"), first.out());

        Path segment = dir.resolve("segments/00000000.log");
        byte[] bytes = Files.readAllBytes(segment);
        int at = 0;
        for (int i = 0; i < 25; i++) {
            at += 8 + ByteBuffer.wrap(bytes, at, 4).getInt();
        }
        Files.write(segment, java.util.Arrays.copyOf(bytes, at));
        Files.delete(dir.resolve("checkpoints.log"));
        assertEquals(ExitCodes.OK, CliRun.bus("audit", "verify", log, "--ca", ca).exitCode());
        CliRun second = CliRun.bus("audit", "verify", log, "--ca", ca, "--trusted-checkpoint", saved.toString());
        assertEquals(ExitCodes.VERIFICATION_FAILED, second.exitCode(), second.out());
        assertTrue(second.err().contains("FAILED against the trusted checkpoint of 30 records: the log holds only 25"),
                second.err());
    }

    @Test
    void shouldExitThreeAndNameTheRecordWhenLogIsTampered() throws Exception {
        Path segment = dir.resolve("segments/00000000.log");
        byte[] bytes = Files.readAllBytes(segment);
        int at = 0;
        for (int i = 0; i < 12; i++) {
            at += 8 + ByteBuffer.wrap(bytes, at, 4).getInt();
        }
        bytes[at + 30] ^= 0x20;
        Files.write(segment, bytes);
        CliRun run = CliRun.bus("audit", "verify", log, "--ca", ca);
        assertEquals(ExitCodes.VERIFICATION_FAILED, run.exitCode());
        assertTrue(run.err().startsWith("FAILED at record 12: record 12 is damaged"), run.err());
    }

    @Test
    void shouldProveRecordToThirdPartyAndRejectAlteredProof() throws Exception {
        Path proof = dir.resolve("proof.json");
        CliRun prove = CliRun.bus("audit", "prove", log, "--record", "7", "--out", proof.toString());
        assertEquals(ExitCodes.OK, prove.exitCode(), prove.err());
        CliRun check = CliRun.bus("audit", "check-proof", proof.toString(), "--ca", ca);
        assertEquals(ExitCodes.OK, check.exitCode(), check.err());
        assertTrue(check.out().startsWith("OK: record 7 (SENT of message"), check.out());

        Files.writeString(proof, Files.readString(proof).replace("\\\"SENT\\\"", "\\\"OPENED\\\""));
        CliRun altered = CliRun.bus("audit", "check-proof", proof.toString(), "--ca", ca);
        assertEquals(ExitCodes.VERIFICATION_FAILED, altered.exitCode(), altered.out());
        assertTrue(altered.err().contains("the record was altered"), altered.err());
    }

    @Test
    void shouldRefuseToProveWhenRecordIsBeyondTheLatestCheckpoint() {
        CliRun run = CliRun.bus("audit", "prove", log, "--record", "30");
        assertEquals(ExitCodes.INVALID_INPUT, run.exitCode());
        assertTrue(run.err().contains("covers records 0..29"), run.err());
    }

    @Test
    void shouldListOnlyTheCaseWhenShownWithCaseFilter() {
        CliRun table = CliRun.bus("audit", "show", log, "--case", "CASE-2026-00000B");
        assertEquals(ExitCodes.OK, table.exitCode(), table.err());
        assertEquals(1 + 10, table.out().lines().count(), table.out());
        assertTrue(table.out().lines().skip(1).allMatch(l -> l.contains("CASE-2026-00000B")), table.out());

        CliRun json = CliRun.bus("audit", "show", log, "--json", "--since", "2020-01-01");
        assertEquals(30, json.out().lines().count());
        assertTrue(json.out().lines().allMatch(l -> l.startsWith("{\"caseId\"")), json.out());
    }

    @Test
    void shouldDeleteOldBodiesAndStillVerifyWhenPurged() {
        CliRun purge = CliRun.bus("audit", "purge", log, "--before", "2021-01-01", "--pki", pki.toString(),
                "--user", "auditor-1");
        assertEquals(ExitCodes.OK, purge.exitCode(), purge.err());
        assertTrue(purge.out().startsWith("purged 1 archived message(s)"), purge.out());
        assertTrue(purge.out().contains(dir.resolve("archive").toString()), purge.out());
        assertFalse(Files.exists(oldMessage.body()));

        CliRun verify = CliRun.bus("audit", "verify", log, "--ca", ca);
        assertEquals(ExitCodes.OK, verify.exitCode(), verify.err());
        assertTrue(verify.out().startsWith("OK: 31 records"), verify.out());
        CliRun show = CliRun.bus("audit", "show", log, "--message", oldMessage.header().messageId().toString());
        assertTrue(show.out().contains("PURGED"), show.out());
    }

    @Test
    void shouldFindTheArchiveBesideTheLogWhenNodeUsesTheExchangeLayout() throws Exception {
        Path node = dir.resolve("nodes/NL-NMT");
        Files.createDirectories(node);
        Files.move(dir.resolve("segments"), Files.createDirectories(node.resolve("audit")).resolve("segments"));
        Files.move(dir.resolve("checkpoints.log"), node.resolve("audit/checkpoints.log"));
        Files.move(dir.resolve("archive"), node.resolve("archive"));
        CliRun purge = CliRun.bus("audit", "purge", node.resolve("audit").toString(), "--before", "2021-01-01");
        assertEquals(ExitCodes.OK, purge.exitCode(), purge.err());
        assertTrue(purge.out().contains("purged 1 archived message(s)"), purge.out());
        assertTrue(purge.err().contains("no checkpoint signed"), purge.err());
        CliRun verify = CliRun.bus("audit", "verify", node.resolve("audit").toString(), "--ca", ca);
        assertEquals(ExitCodes.OK, verify.exitCode(), verify.err());
        assertTrue(verify.out().contains("the last 1 record(s) are chained but not yet covered"), verify.out());
    }

    @Test
    void shouldExitTwoInPlainWordsWhenDirectoryIsMissing() {
        CliRun run = CliRun.bus("audit", "verify", dir.resolve("nope").toString(), "--ca", ca);
        assertEquals(ExitCodes.INVALID_INPUT, run.exitCode());
        assertTrue(run.err().contains("is not a directory"), run.err());
    }

    @Test
    void shouldPrintHelpWhenAskedForEverySubcommand() {
        for (String sub : List.of("verify", "prove", "check-proof", "show", "purge")) {
            CliRun run = CliRun.bus("audit", sub, "--help");
            assertEquals(ExitCodes.OK, run.exitCode(), sub);
            assertTrue(run.out().contains("Usage: bus audit " + sub), run.out());
        }
    }

    @Test
    void shouldListWhatWouldBePurgedAndDeleteNothingWhenPurgeIsADryRun() {
        CliRun dry = CliRun.bus("audit", "purge", log, "--before", "2021-01-01", "--dry-run");
        assertEquals(ExitCodes.OK, dry.exitCode(), dry.err());
        assertTrue(dry.out().startsWith(oldMessage.header().messageId() + "  2020-01-01T00:00:00Z  intelligence-report"), dry.out());
        assertTrue(dry.out().contains("would purge 1 archived message(s) created before 2021-01-01T00:00:00Z"), dry.out());
        assertTrue(Files.exists(oldMessage.body()), "a dry run deletes nothing");
        CliRun verify = CliRun.bus("audit", "verify", log, "--ca", ca);
        assertTrue(verify.out().startsWith("OK: 30 records"), "a dry run logs nothing: " + verify.out());

        CliRun purge = CliRun.bus("audit", "purge", log, "--before", "2021-01-01");
        assertEquals(ExitCodes.OK, purge.exitCode(), purge.err());
        assertFalse(Files.exists(oldMessage.body()));
    }

    @Test
    void shouldRefuseToPurgeWhileBusRunRunsTheNodeAndSayToStopItFirst() throws Exception {
        Path work = dir.resolve("work");
        Path node = Files.createDirectories(work.resolve("nodes/NL-NMT"));
        Files.move(dir.resolve("segments"), Files.createDirectories(node.resolve("audit")).resolve("segments"));
        Files.move(dir.resolve("checkpoints.log"), node.resolve("audit/checkpoints.log"));
        Files.move(dir.resolve("archive"), node.resolve("archive"));
        // run.json as bus run writes it, naming a live process (this one) that runs NL-NMT
        new eu.bus.rest.RunFile("127.0.0.1", 1, ProcessHandle.current().pid(), List.of("NL-NMT"),
                new eu.bus.broker.BrokerAddress("127.0.0.1", 2), true, Instant.now()).write(work);
        String audit = node.resolve("audit").toString();

        CliRun purge = CliRun.bus("audit", "purge", audit, "--before", "2021-01-01");
        assertEquals(ExitCodes.INTERNAL, purge.exitCode());
        assertTrue(purge.err().contains("bus run (pid " + ProcessHandle.current().pid() + ") runs NL-NMT in " + work
                + " and writes this audit log; stop it first"), purge.err());
        assertTrue(Files.exists(node.resolve("archive")) && CliRun.bus("audit", "purge", audit, "--before", "2021-01-01",
                "--dry-run").out().contains("would purge 1"), "nothing purged, and the dry run works while it runs");

        eu.bus.rest.RunFile.delete(work); // bus run stopped
        CliRun after = CliRun.bus("audit", "purge", audit, "--before", "2021-01-01");
        assertEquals(ExitCodes.OK, after.exitCode(), after.err());
        assertTrue(after.out().contains("purged 1 archived message(s)"), after.out());
    }

    @Test
    void shouldSayTheNodeIsRunningWhenAnotherWriterHoldsTheLog() {
        try (AuditLog running = AuditLog.open(AuditLogConfig.of(dir, "NL-NMT"), null)) {
            CliRun purge = CliRun.bus("audit", "purge", log, "--before", "2021-01-01");
            assertEquals(ExitCodes.INTERNAL, purge.exitCode());
            assertTrue(purge.err().contains("is open in another process: its node is running; stop it first"), purge.err());
        }
    }
}
