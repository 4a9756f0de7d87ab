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
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                deleteTree(dir);
            } catch (UncheckedIOException e) {
                System.err.println("TestPki: " + e.getMessage()); // at exit nothing can fail any more; say so
            }
        }));
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

    /** Fails when anything stays behind: tests set up by deleting must not run on leftovers. */
    static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }
}
