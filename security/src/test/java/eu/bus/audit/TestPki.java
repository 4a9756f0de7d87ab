package eu.bus.audit;

import eu.bus.keys.DevPki;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.Pem;
import eu.bus.keys.PkiLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A dev PKI ({@link DevPki}) in a temporary directory, removed when the JVM exits. */
final class TestPki {

    private final Path dir;

    TestPki(String... nodes) {
        try {
            dir = Files.createTempDirectory("bus-test-pki");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path pki = dir.resolve("pki");
        DevPki.init(pki, List.of(nodes));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
    }

    Path dir() {
        return dir.resolve("pki");
    }

    X509Certificate ca() {
        return Pem.readCertificate(new PkiLayout(dir()).caCertificate());
    }

    Path caFile() {
        return new PkiLayout(dir()).caCertificate();
    }

    CheckpointSigner signer(String node) {
        return JcaCheckpointSigner.of(NodeCredentials.load(dir(), node));
    }

    static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at exit
        }
    }
}
