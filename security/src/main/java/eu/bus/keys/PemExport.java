package eu.bus.keys;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a node's private key out of its key store as unencrypted PKCS#8 PEM (rw-------), for tools that
 * take a key file, such as {@code openssl cms} and {@code curl}: {@code bus keys export-pem}. The bus itself
 * never reads such a file; the exported copy is the caller's to guard and delete.
 */
public final class PemExport {

    private PemExport() {
    }

    /** The key of {@code nodeId} for {@code purpose} into {@code out}, which must not exist yet. */
    public static void privateKey(Path pkiDir, String nodeId, KeyPurpose purpose, Path out, KeyStorePasswords passwords) {
        ProtectedKeyStore.Entry entry = entry(pkiDir, nodeId, purpose, out, passwords);
        write(out, Pem.privateKey(entry.key()));
    }

    /**
     * Key and certificate in one PEM file (rw-------): the form some TLS clients take as a single "key store"
     * (Artemis' PEM type, {@code curl --cert FILE} without {@code --key}).
     */
    public static void keyAndCertificate(Path pkiDir, String nodeId, KeyPurpose purpose, Path out, KeyStorePasswords passwords) {
        ProtectedKeyStore.Entry entry = entry(pkiDir, nodeId, purpose, out, passwords);
        write(out, Pem.privateKey(entry.key()) + Pem.certificate(entry.certificate()));
    }

    private static ProtectedKeyStore.Entry entry(Path pkiDir, String nodeId, KeyPurpose purpose, Path out,
                                                 KeyStorePasswords passwords) {
        NodeRegistry.load(pkiDir).require(nodeId);
        if (Files.exists(out)) {
            throw new IllegalArgumentException(out + " already exists: name a new file (an export never overwrites one)");
        }
        return ProtectedKeyStore.ofNode(pkiDir, nodeId, purpose).with(passwords).entry();
    }

    private static void write(Path out, String pem) {
        SecureFiles.writePrivate(out, pem.getBytes(StandardCharsets.US_ASCII));
    }
}
