package eu.bus.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running process sees registry.json as it is now, and survives a bad copy of it. */
class LiveRegistryTest {

    @TempDir
    Path dir;

    @Test
    void shouldSeeTheNewCertificatesWhenANodeIsRotatedWhileRunning() {
        DevPki.init(dir, List.of("NL-NMT", "NL-ENU"));
        LiveRegistry live = LiveRegistry.follow(dir);
        String before = live.current().require("NL-ENU").fingerprint(KeyPurpose.ENCRYPTION);
        new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY).rotate(dir, "NL-ENU");
        String after = live.current().require("NL-ENU").fingerprint(KeyPurpose.ENCRYPTION);
        assertNotEquals(before, after);
        assertEquals(CertificateFingerprint.of(Pem.readCertificate(new PkiLayout(dir).certificate("NL-ENU", KeyPurpose.ENCRYPTION))),
                after);
    }

    @Test
    void shouldKeepThePreviousRegistryAndLogOnceWhenTheChangedFileCannotBeLoaded() throws Exception {
        DevPki.init(dir, List.of("NL-NMT", "NL-ENU"));
        LiveRegistry live = LiveRegistry.follow(dir);
        List<LogRecord> warnings = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(LiveRegistry.class.getName());
        logger.addHandler(capture);
        try {
            Files.writeString(new PkiLayout(dir).registry(), "{\"version\": 2, \"nodes\": [ { broken");
            assertEquals(List.of("NL-ENU", "NL-NMT"), live.current().nodes().stream().map(RegisteredNode::id).toList());
            assertEquals(2, live.current().nodes().size());
            assertEquals(1, warnings.size(), "one warning per bad version of the file, not one per check");
            assertTrue(warnings.get(0).getMessage().contains("keeping the previous one"), warnings.get(0).getMessage());
        } finally {
            logger.removeHandler(capture);
        }
    }
}
