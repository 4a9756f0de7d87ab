package eu.bus.witness;

import eu.bus.audit.Durable;
import eu.bus.keys.PkiLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the bus keeps witness keys: each node's private witness key beside its other keys in the PKI
 * ({@code nodes/NODE/witness.key}), and every witness's public verifier key in {@code witnesses/NODE.vkey}, which
 * nodes read to check the cosignatures they get and auditors pass to {@code bus audit verify}.
 */
public final class WitnessKeys {

    /** The private key's file in the node's PKI directory. */
    public static final String PRIVATE_FILE = Cosigner.KEY_FILE;

    private WitnessKeys() {
    }

    public static Path published(Path pkiDir) {
        return pkiDir.resolve("witnesses");
    }

    public static Path published(Path pkiDir, String node) {
        return published(pkiDir).resolve(node + ".vkey");
    }

    /** The node's witness key, made on first use, with its public key published for the others. */
    public static Cosigner cosignerOf(Path pkiDir, String node) {
        try {
            Cosigner cosigner = Cosigner.inDirectory(new PkiLayout(pkiDir).nodeDir(node), node);
            Path vkey = published(pkiDir, node);
            String line = cosigner.publicKey().vkey() + "\n";
            if (!Files.exists(vkey) || !Files.readString(vkey).equals(line)) {
                Files.createDirectories(vkey.getParent());
                Durable.writeAll(List.of(new Durable.Content(vkey, line.getBytes(StandardCharsets.UTF_8))), true);
            }
            return cosigner;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make the witness key of " + node + ": " + e.getMessage(), e);
        }
    }

    /** The published key of witness {@code node}, if it has one. */
    public static Optional<CosignerKey> of(Path pkiDir, String node) {
        Path vkey = published(pkiDir, node);
        try {
            return Files.exists(vkey) ? Optional.of(CosignerKey.parse(Files.readString(vkey))) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + vkey, e);
        }
    }

    /** Every key in a file of vkeys (one per line) or a directory of {@code .vkey} files. */
    public static List<CosignerKey> read(Path fileOrDirectory) throws IOException {
        if (Files.isDirectory(fileOrDirectory)) {
            try (Stream<Path> files = Files.list(fileOrDirectory)) {
                List<Path> vkeys = files.filter(p -> p.getFileName().toString().endsWith(".vkey")).sorted().toList();
                List<CosignerKey> all = new java.util.ArrayList<>();
                for (Path f : vkeys) {
                    all.addAll(read(f));
                }
                return all;
            }
        }
        return Files.readAllLines(fileOrDirectory).stream().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(CosignerKey::parse).toList();
    }
}
