package eu.bus.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;

import eu.bus.keys.BusTrust;
import eu.bus.keys.CertificateDirectory;
import eu.bus.keys.DevPki;
import eu.bus.keys.NodeRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusStoreTest {

    @TempDir
    Path state;

    @Test
    void shouldStartAndKeepTheOtherStatusesWhenTheLastLineIsTorn() throws Exception {
        UUID sent = UUID.randomUUID();
        UUID receipted = UUID.randomUUID();
        try (StatusStore store = StatusStore.open(state, Clock.systemUTC())) {
            store.record(sent, MessageStatus.SUBMITTED, null);
            store.record(sent, MessageStatus.SENT, "bus.NL-ENU.inbox");
            store.record(receipted, MessageStatus.RECEIPTED, "signed receipt");
        }
        append("{\"messageId\":\"" + UUID.randomUUID() + "\",\"status\":\"SE"); // a crash in the middle of a write

        UUID later = UUID.randomUUID();
        try (StatusStore store = StatusStore.open(state, Clock.systemUTC())) {
            assertEquals(MessageStatus.SENT, store.current(sent).orElseThrow());
            assertEquals(MessageStatus.RECEIPTED, store.current(receipted).orElseThrow());
            store.record(later, MessageStatus.SUBMITTED, null);
        }
        // The torn tail was cut, so the change recorded after the restart is a line of its own.
        try (StatusStore store = StatusStore.open(state, Clock.systemUTC())) {
            assertEquals(MessageStatus.SUBMITTED, store.current(later).orElseThrow());
            assertEquals(2, store.history(sent).size());
        }
    }

    @Test
    void shouldSkipAGarbageLineWhenOtherLinesFollowIt() throws Exception {
        UUID before = UUID.randomUUID();
        UUID after = UUID.randomUUID();
        try (StatusStore store = StatusStore.open(state, Clock.systemUTC())) {
            store.record(before, MessageStatus.SENT, null);
        }
        append("\u0000\u0000garbage\n{\"messageId\":\"not-a-uuid\",\"status\":\"SENT\",\"at\":\"x\"}\n");
        try (StatusStore store = StatusStore.open(state, Clock.systemUTC())) {
            store.record(after, MessageStatus.SENT, null);
        }
        try (StatusStore store = StatusStore.open(state, Clock.systemUTC())) {
            assertEquals(MessageStatus.SENT, store.current(before).orElseThrow());
            assertEquals(MessageStatus.SENT, store.current(after).orElseThrow());
        }
        assertEquals(2, StatusStore.read(state).size()); // bus status reads it the same way
    }

    private void append(String text) throws Exception {
        Files.write(state.resolve("status.jsonl"), text.getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    }

    @Test
    void shouldStartTheNodeWithItsOtherStatusesWhenItsStatusFileHasAGarbageLine() throws Exception {
        BusLayout layout = new BusLayout(state.resolve("bus"));
        DevPki.init(layout.pki(), List.of("NL-NMT"));
        UUID sent = UUID.randomUUID();
        try (NodeServices node = open(layout)) {
            node.status().record(sent, MessageStatus.SENT, null);
        }
        Files.write(layout.state("NL-NMT").resolve("status.jsonl"), "{\"messageId\": tor".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);
        try (NodeServices node = open(layout)) {
            assertEquals(MessageStatus.SENT, node.status().current(sent).orElseThrow());
        }
    }

    private static NodeServices open(BusLayout layout) throws Exception {
        return NodeServices.open(layout, "NL-NMT", BusTrust.load(layout.pki()),
                CertificateDirectory.of(NodeRegistry.load(layout.pki())), Clock.systemUTC());
    }
}
