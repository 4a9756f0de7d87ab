package eu.bus.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A node's key history: the encryption keys its rotations replaced, kept as they were (the node's password-protected
 * key stores) under {@code nodes/NODE/retired/SERIAL-encryption.p12}. Without them, what was encrypted to an
 * earlier certificate would never open again: copies and receipts still queued for the node when its keys changed
 * twice in a row, or after a restart, and the archived messages an auditor replays. Signing keys are not kept: nothing
 * needs them once replaced, and a kept one could still sign.
 */
public final class RetiredKeys {

    private static final String SUFFIX = "-" + KeyPurpose.ENCRYPTION.label + ".p12";

    /** An encryption key a rotation replaced, with its certificate (which recipient infos name). */
    public record Retired(PrivateKey key, X509Certificate certificate) {
        @Override
        public String toString() {
            return "retired encryption key serial " + certificate.getSerialNumber().toString(16); // never the key
        }
    }

    private RetiredKeys() {
    }

    /** Before a rotation overwrites it: the node's encryption key store, copied as it is (same password) to retired/. */
    static void keep(PkiLayout layout, String nodeId, X509Certificate replaced) {
        Path current = layout.pkcs12(nodeId, KeyPurpose.ENCRYPTION);
        if (!Files.exists(current)) {
            return; // a PKI copy without this node's private keys (another agency's): nothing to keep
        }
        Path kept = layout.retired(nodeId, replaced, KeyPurpose.ENCRYPTION, ".p12");
        try {
            SecureFiles.createDirectories(kept.getParent());
            Files.copy(current, kept, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the replaced encryption key store " + current + " as " + kept
                    + ": " + e.getMessage() + "; without it, messages still on their way to the old certificate never open", e);
        }
    }

    /**
     * The node's retired encryption keys. A key store that does not open (another password, a
     * damaged file) is left out and named in {@code problems}: the node runs on its current keys regardless.
     */
    static List<Retired> load(Path pkiDir, String nodeId, KeyStorePasswords passwords, List<String> problems) {
        Path dir = new PkiLayout(pkiDir).retired(nodeId);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        } catch (IOException e) {
            problems.add("cannot list " + dir + ": " + e.getMessage());
            return List.of();
        }
        List<Retired> retired = new ArrayList<>();
        for (Path file : files) {
            try {
                ProtectedKeyStore.Entry entry = ProtectedKeyStore.ofRetired(pkiDir, nodeId, file).with(passwords).entry();
                if (!NodeCredentials.matches(entry.key(), entry.certificate())) {
                    problems.add(file + " holds a key that does not belong to its certificate");
                    continue;
                }
                retired.add(new Retired(entry.key(), entry.certificate()));
            } catch (RuntimeException e) {
                problems.add(file + " does not open: " + e.getMessage());
            }
        }
        return List.copyOf(retired);
    }
}
