package eu.bus.sites;

import eu.bus.keys.KeyStorePasswords;
import eu.bus.keys.PkiLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What an agency receives of a (dev) bus PKI to run its node: certificates, registry, CRL, anchors, the witnesses'
 * public keys, the REST API's TLS key, and the private key stores (its key history too) and witness key of its own
 * node only. Never the CA's key, a broker's key or another node's keys; the key stores' password moves out of the
 * PKI into a secret file readable by the owner alone.
 */
public final class AgencyPki {

    private AgencyPki() {
    }

    /** Copies {@code sitePki} to {@code agencyPki} for {@code node}; returns the secret file holding its password. */
    public static Path extract(Path sitePki, String node, Path agencyPki, Path secret) throws IOException {
        copy(sitePki, agencyPki);
        PkiLayout layout = new PkiLayout(agencyPki);
        delete(agencyPki.resolve("offline-ca"));
        try (Stream<Path> servers = Files.list(agencyPki.resolve("servers"))) {
            for (Path server : servers.toList()) {
                if (!server.getFileName().toString().equals(eu.bus.keys.ServerCertificates.API)) {
                    delete(server); // brokers' keys stay with the brokers
                }
            }
        }
        try (Stream<Path> nodes = Files.list(agencyPki.resolve("nodes"))) {
            for (Path other : nodes.filter(n -> !n.getFileName().toString().equals(node)).toList()) {
                for (String file : new String[] {"signing.p12", "encryption.p12", KeyStorePasswords.FILE_NAME,
                        eu.bus.witness.WitnessKeys.PRIVATE_FILE}) {
                    Files.deleteIfExists(other.resolve(file));
                }
                deleteKeyStores(layout.retired(other.getFileName().toString())); // its key history: certificates stay
            }
        }
        Files.createDirectories(secret.getParent());
        Files.move(layout.nodeDir(node).resolve(KeyStorePasswords.FILE_NAME), secret, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        return secret;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteKeyStores(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".p12")).toList()) {
                Files.delete(file);
            }
        }
    }

    private static void delete(Path tree) throws IOException {
        if (!Files.exists(tree)) {
            return;
        }
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
