package eu.bus.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.archive.MessageArchive;
import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditLog;
import eu.bus.audit.AuditLogConfig;
import eu.bus.audit.JcaCheckpointSigner;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.NodeTrust;
import eu.bus.message.Classification;
import eu.bus.message.HandlingCode;
import eu.bus.message.MessageHeader;
import eu.bus.message.MessageType;
import eu.bus.witness.CheckpointWitnessing;
import eu.bus.witness.Witness;
import eu.bus.witness.WitnessPolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone verifier on what the running bus leaves: a log its witnesses cosigned, a history its operator
 * rewrote and signed again, and the archive beside the log. Through its command line, as an auditor runs it.
 */
class WitnessedAndArchivedTest {

    @TempDir
    Path dir;
    Fixtures fixtures;
    Path log;
    Path archive;
    Witness europol;
    Witness eurojust;

    @BeforeEach
    void witnessedLogAndArchive() {
        fixtures = new Fixtures(dir.resolve("pki"), "NL-NMT", "EUROPOL", "EUROJUST");
        NodeTrust trust = NodeTrust.load(fixtures.pki);
        europol = Witness.ofNode(fixtures.pki, "EUROPOL", trust, dir.resolve("europol"), Clock.systemUTC());
        eurojust = Witness.ofNode(fixtures.pki, "EUROJUST", trust, dir.resolve("eurojust"), Clock.systemUTC());
        log = dir.resolve("node/audit");
        archive = dir.resolve("node/archive");
        write(log, "genuine", true);
    }


    /** 12 messages archived and recorded PROTECTED, with a checkpoint every 4 records, each offered to both witnesses. */
    void write(Path audit, String label, boolean witnessed) {
        MessageArchive bodies = MessageArchive.at(audit.resolveSibling("archive"));
        CheckpointWitnessing witnessing = new CheckpointWitnessing(audit, List.of(europol.inProcess(), eurojust.inProcess()));
        try (AuditLog writer = AuditLog.open(AuditLogConfig.of(audit, "NL-NMT").withCheckpointEvery(1_000, Duration.ofMinutes(1)),
                JcaCheckpointSigner.of(NodeCredentials.load(fixtures.pki, "NL-NMT")))) {
            for (int i = 0; i < 12; i++) {
                byte[] body = (label + " body " + i).getBytes(StandardCharsets.UTF_8);
                bodies.store(header(), body);
                writer.appendAndWait(Fixtures.entry(AuditEvent.PROTECTED, body));
                if (i % 4 == 3) {
                    writer.checkpoint();
                    if (witnessed) {
                        witnessing.round();
                    }
                }
            }
        }
    }

    static MessageHeader header() {
        return new MessageHeader(UUID.randomUUID(), MessageType.INTELLIGENCE_REPORT, "1.0", "NL-NMT", List.of("NL-ENU"),
                "CASE-2026-000123", null, null, Instant.now(), null, HandlingCode.H0, Classification.BASIC, null, null);
    }

    record Run(int exit, String out, String err) {
    }

    Run verify(String... more) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = Stream.concat(Stream.of(log.toString(), "--ca", fixtures.ca().toString()), Stream.of(more)).toArray(String[]::new);
        int exit = BusVerify.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldPassALogTwoWitnessesCosignedWithItsArchive() {
        Run run = verify("--witnesses", "2");
        assertEquals(BusVerify.OK, run.exit(), run.err());
        assertTrue(run.out().startsWith("OK: 12 records from NL-NMT; chain intact; 3 checkpoint(s) verified"), run.out());
        assertTrue(run.out().contains("latest checkpoint cosigned by EUROPOL, EUROJUST (2 required)"), run.out());
        assertTrue(run.out().contains("archive matches the log (12 bodies)"), run.out());
    }

    @Test
    void shouldCatchAHistoryRewrittenAndSignedAgainByTheNodesOwnKeyAsTheBusVerifierDoes() throws Exception {
        Path forged = dir.resolve("forged/audit");
        write(forged, "forged", false);
        for (String name : List.of("segments/00000000.log", "checkpoints.log")) {
            Files.copy(forged.resolve(name), log.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        Run run = verify("--witnesses", "2", "--no-archive");
        assertEquals(BusVerify.FAILED, run.exit(), run.out());
        assertTrue(run.err().startsWith("FAILED against the witnessed checkpoint of 4 records: fork: EUROPOL at "), run.err());
        var bus = fixtures.busVerifier(log, new WitnessPolicy(List.of(europol.key(), eurojust.key()), 2, List.of()));
        assertFalse(bus.ok());
        assertEquals("WITNESSED", bus.problem().where().name());
        assertEquals(4, bus.problem().index());

        Files.delete(log.resolve("cosignatures.log"));
        Run dropped = verify("--witnesses", "2", "--no-archive");
        assertEquals(BusVerify.FAILED, dropped.exit());
        assertTrue(dropped.err().contains("it is cosigned by 0 trusted witness(es), fewer than the 2 required"), dropped.err());
        Path witnessRecord;
        try (Stream<Path> files = Files.walk(dir.resolve("eurojust"))) {
            witnessRecord = files.filter(p -> p.endsWith("cosigned.log")).findFirst().orElseThrow();
        }
        Run againstWitness = verify("--witnesses", "2", "--no-archive", "--cosignatures", witnessRecord.toString());
        assertTrue(againstWitness.err().contains("fork: EUROJUST at "), againstWitness.err());
    }

    @Test
    void shouldNameABodyTheArchiveLostAlteredOrNeverRecorded() throws Exception {
        List<Path> bodies;
        try (Stream<Path> files = Files.walk(archive)) {
            bodies = files.filter(p -> p.toString().endsWith(".der")).sorted().toList();
        }
        byte[] kept = Files.readAllBytes(bodies.get(3));

        Files.write(bodies.get(3), "altered".getBytes(StandardCharsets.UTF_8));
        Run altered = verify();
        assertEquals(BusVerify.FAILED, altered.exit());
        assertTrue(altered.err().contains("no longer hashes to its name: it was altered"), altered.err());

        Files.delete(bodies.get(3));
        Run lost = verify();
        assertEquals(BusVerify.FAILED, lost.exit());
        assertTrue(lost.err().contains("names the body " + bodies.get(3).getFileName().toString().substring(0, 64)
                + ", which the archive does not hold, and no PURGED record says why"), lost.err());

        Files.write(bodies.get(3), kept);
        Path planted = archive.resolve("ab").resolve("ab" + "0".repeat(62) + ".der");
        Files.createDirectories(planted.getParent());
        Files.write(planted, "planted".getBytes(StandardCharsets.UTF_8));
        Files.move(planted, planted.resolveSibling(eu.bus.audit.Sha256.hex("planted".getBytes(StandardCharsets.UTF_8)) + ".der"));
        Run unrecorded = verify();
        assertEquals(BusVerify.FAILED, unrecorded.exit());
        assertTrue(unrecorded.err().contains("has no record in the log naming its digest"), unrecorded.err());
    }

    @Test
    void shouldAcceptABodyThatAPurgedRecordAccountsFor() throws Exception {
        Path body;
        try (Stream<Path> files = Files.walk(archive)) {
            body = files.filter(p -> p.toString().endsWith(".der")).sorted().findFirst().orElseThrow();
        }
        String digest = body.getFileName().toString().substring(0, 64);
        try (AuditLog writer = AuditLog.open(AuditLogConfig.of(log, "NL-NMT"), JcaCheckpointSigner.of(NodeCredentials.load(fixtures.pki, "NL-NMT")))) {
            writer.appendAndWait(eu.bus.audit.AuditEntry.of(AuditEvent.PURGED).digest(digest).purpose("retention").build());
        }
        Files.delete(body);
        Run run = verify("--witnesses", "0");
        assertEquals(BusVerify.OK, run.exit(), run.err());
        assertTrue(run.out().contains("archive matches the log (11 bodies)"), run.out());
    }

    @Test
    void shouldNotCountTheNodesOwnWitnessKeyForItsOwnLog() throws Exception {
        // NL-NMT's operator holds NL-NMT's witness key too, and cosigns its own latest checkpoint with it.
        eu.bus.witness.Cosigner own = eu.bus.witness.WitnessKeys.cosignerOf(fixtures.pki, "NL-NMT");
        eu.bus.witness.CheckpointNote latest = eu.bus.witness.CheckpointNote.parse(
                eurojust.state().latest(eu.bus.witness.CheckpointNote.originOf("NL-NMT")).orElseThrow().text());
        eu.bus.audit.FramedFile.append(log.resolve("cosignatures.log"), new eu.bus.witness.SignedNote(latest.text(),
                List.of(own.cosign(latest, Instant.now()))).encode());
        Run run = verify("--witnesses", "3", "--no-archive");
        assertEquals(BusVerify.FAILED, run.exit(), run.out());
        assertTrue(run.err().contains("cosigned by 2 trusted witness(es) (EUROPOL, EUROJUST), fewer than the 3 required"), run.err());
        var bus = fixtures.busVerifier(log, new WitnessPolicy(List.of(europol.key(), eurojust.key(), own.publicKey()), 3, List.of()));
        assertTrue(bus.summary().contains("cosigned by 2 trusted witness(es)"), bus.summary());
    }

    @Test
    void shouldSayHowToUseItAndRefuseWhatItCannotRead() {
        Run help = verify("--help");
        assertEquals(BusVerify.OK, help.exit());
        assertTrue(help.out().contains("Usage: java -jar bus-verify.jar AUDIT_DIR --ca CA_PEM"), help.out());
        assertTrue(help.out().contains("Examples:"), help.out());
        Run tooMany = verify("--witnesses", "4"); // the PKI publishes EUROPOL's, EUROJUST's and NL-NMT's own witness keys
        assertEquals(BusVerify.INVALID_INPUT, tooMany.exit());
        assertTrue(tooMany.err().contains("4 witness cosignatures are required but only 3 witness key(s) are given"), tooMany.err());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(BusVerify.INVALID_INPUT, BusVerify.run(new String[] {dir.toString(), "--ca", fixtures.ca().toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("holds no audit log (no segments/ directory)"), err.toString(StandardCharsets.UTF_8));
    }
}
