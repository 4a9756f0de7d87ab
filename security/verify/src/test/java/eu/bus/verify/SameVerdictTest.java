package eu.bus.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.audit.VerificationReport;
import eu.bus.witness.WitnessPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The standalone verifier and the bus's own, which share no code, judge every tampering the same way: both refuse
 * it and name the same record or checkpoint. A bug in one shows as a disagreement.
 */
class SameVerdictTest {

    @TempDir
    static Path shared;
    static Fixtures fixtures;

    @TempDir
    Path log;
    Path segment;
    Path checkpoints;

    @BeforeAll
    static void pki() {
        fixtures = new Fixtures(shared.resolve("pki"), "NL-NMT", "BE-ENU");
    }

    /** 50 records, checkpoints at 10, 20, 30, 40 and 50. */
    @BeforeEach
    void writeLog() {
        fixtures.write(log, 50, 10, "record");
        segment = log.resolve("segments/00000000.log");
        checkpoints = log.resolve("checkpoints.log");
    }

    interface Tampering {
        void apply(SameVerdictTest test) throws Exception;
    }

    static Stream<Arguments> tamperings() {
        return Stream.of(
                Arguments.of("nothing", (Tampering) t -> { }),
                Arguments.of("one bit flipped in record 17", (Tampering) t -> t.flipStoredBit(17, 40)),
                Arguments.of("record 17 rewritten with a fixed-up checksum", (Tampering) t -> t.records(f -> f.set(17,
                        new String(f.get(17), StandardCharsets.UTF_8).replace("\"SENT\"", "\"OPENED\"").getBytes(StandardCharsets.UTF_8)))),
                Arguments.of("record 17 deleted", (Tampering) t -> t.records(f -> f.remove(17))),
                Arguments.of("a record inserted at 17", (Tampering) t -> t.records(f -> f.add(17, f.get(3)))),
                Arguments.of("records 17 and 18 swapped", (Tampering) t -> t.records(f -> f.add(17, f.remove(18)))),
                Arguments.of("tail cut mid-record", (Tampering) t -> {
                    byte[] all = Files.readAllBytes(t.segment);
                    Files.write(t.segment, Arrays.copyOf(all, all.length - 7));
                }),
                Arguments.of("whole records cut from the end", (Tampering) t -> t.records(f -> f.subList(45, 50).clear())),
                Arguments.of("checkpoint signature forged", (Tampering) t -> t.checkpoint(2, json -> json.replaceFirst(
                        "\"signature\":\"(.)", "\"signature\":\"" + "A"))),
                Arguments.of("checkpoint root replaced", (Tampering) t -> t.checkpoint(2, json -> json.replaceFirst(
                        "\"rootHash\":\"[0-9a-f]{64}\"", "\"rootHash\":\"" + "0".repeat(64) + "\""))),
                Arguments.of("checkpoint of another node's log", (Tampering) t -> t.checkpoint(1, json -> json.replace("\"node\":\"NL-NMT\"",
                        "\"node\":\"BE-ENU\""))),
                Arguments.of("checkpoints rolled back", (Tampering) t -> {
                    List<byte[]> f = Fixtures.frames(t.checkpoints);
                    f.add(3, f.get(1));
                    Fixtures.writeFrames(t.checkpoints, f);
                }),
                Arguments.of("checkpoint file cut mid-checkpoint", (Tampering) t -> {
                    byte[] all = Files.readAllBytes(t.checkpoints);
                    Files.write(t.checkpoints, Arrays.copyOf(all, all.length - 20));
                }),
                Arguments.of("a record with a duplicated JSON key", (Tampering) t -> t.records(f -> f.set(17,
                        new String(f.get(17), StandardCharsets.UTF_8).replaceFirst("\\{", "{\"node\":\"NL-NMT\",")
                                .getBytes(StandardCharsets.UTF_8)))));
    }

    interface FrameEdit {
        void apply(List<byte[]> frames);
    }

    /** A bit of a record flipped in the file as stored: its checksum no longer matches. */
    void flipStoredBit(int record, int at) throws Exception {
        List<byte[]> original = Fixtures.frames(segment);
        byte[] all = Files.readAllBytes(segment);
        int offset = 0;
        for (int i = 0; i < record; i++) {
            offset += original.get(i).length + 8;
        }
        all[offset + 8 + at] ^= 0x04;
        Files.write(segment, all);
    }

    /** Records rewritten with valid checksums, as someone who knows the format would. */
    void records(FrameEdit edit) throws Exception {
        List<byte[]> frames = Fixtures.frames(segment);
        edit.apply(frames);
        Fixtures.writeFrames(segment, frames);
    }

    void checkpoint(int index, java.util.function.UnaryOperator<String> edit) throws Exception {
        List<byte[]> frames = Fixtures.frames(checkpoints);
        frames.set(index, edit.apply(new String(frames.get(index), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        Fixtures.writeFrames(checkpoints, frames);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperings")
    void shouldReachTheSameVerdictAsTheBusVerifier(String what, Tampering tampering) throws Exception {
        tampering.apply(this);

        VerificationReport bus = fixtures.busVerifier(log, WitnessPolicy.none());
        LogVerification.Result standalone = fixtures.standalone(log, List.of(), 0, null);

        assertEquals(bus.ok(), standalone.ok(), what + ": bus says " + bus.summary() + " / standalone says "
                + (standalone.ok() ? "OK" : standalone.problem().describe()));
        if (what.equals("nothing")) {
            assertTrue(standalone.ok());
            assertEquals(50, standalone.records());
            assertEquals(5, standalone.checkpoints());
            return;
        }
        assertFalse(standalone.ok(), what + " went unnoticed");
        assertEquals(bus.problem().where().name(), standalone.problem().where().name(), what + ": " + bus.summary()
                + " / " + standalone.problem().describe());
        assertEquals(bus.problem().index(), standalone.problem().index(), what + ": " + bus.summary() + " / "
                + standalone.problem().describe());
    }
}
