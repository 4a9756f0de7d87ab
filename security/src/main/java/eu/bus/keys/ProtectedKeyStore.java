package eu.bus.keys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Collections;

/**
 * A password-protected PKCS#12 file holding one private key and its certificate chain: a node's signing or
 * encryption key, a TLS server's key, or the CA's key. The password is resolved by {@link KeyStorePasswords}
 * only when the file is used, so a missing file is reported as missing (with the command that issues it),
 * not as a missing password.
 */
public final class ProtectedKeyStore {

    /** The one private key of the store and its chain (the key's certificate first). */
    public record Entry(PrivateKey key, X509Certificate[] chain) {
        public X509Certificate certificate() {
            return chain[0];
        }
    }

    private final Path file;
    private final Path passwordDir;
    private final String owner;
    private final String remedy;
    private final KeyStorePasswords passwords;

    /**
     * @param owner  whose key stores these are (names the password variable)
     * @param remedy what to run when the file is missing, e.g. "issue it with: bus keys tls bus-broker --workdir DIR"
     */
    public ProtectedKeyStore(Path file, String owner, String remedy, KeyStorePasswords passwords) {
        this(file, file.getParent(), owner, remedy, passwords);
    }

    private ProtectedKeyStore(Path file, Path passwordDir, String owner, String remedy, KeyStorePasswords passwords) {
        this.file = file;
        this.passwordDir = passwordDir;
        this.owner = owner;
        this.remedy = remedy;
        this.passwords = passwords;
    }

    /** A node's signing (also its TLS client identity) or encryption key store. */
    public static ProtectedKeyStore ofNode(Path pkiDir, String nodeId, KeyPurpose purpose) {
        return new ProtectedKeyStore(new PkiLayout(pkiDir).pkcs12(nodeId, purpose), nodeId,
                "name a node of this bus (" + KeysHint.command("list", pkiDir) + " lists them), or enrol it with: "
                        + KeysHint.command("add " + nodeId, pkiDir),
                KeyStorePasswords.fromEnvironment());
    }

    /**
     * An encryption key store a rotation replaced, kept under retired/ to open what was encrypted to it; it stays
     * under the node's password (the password file of the node's directory, or its variable).
     */
    public static ProtectedKeyStore ofRetired(Path pkiDir, String nodeId, Path file) {
        return new ProtectedKeyStore(file, new PkiLayout(pkiDir).nodeDir(nodeId), nodeId,
                "it was kept by a rotation; restore it from a backup of " + file.getParent(), KeyStorePasswords.fromEnvironment());
    }

    /** A TLS server's key store ({@link ServerCertificates}), issued by {@code bus keys init} or {@code bus keys tls}. */
    public static ProtectedKeyStore ofServer(Path pkiDir, String serverName) {
        return new ProtectedKeyStore(new PkiLayout(pkiDir).serverKeyStore(serverName), serverName,
                "issue it with: " + KeysHint.command("tls " + serverName, pkiDir)
                        + " (needs the CA's private key; servers never issue their own certificates)",
                KeyStorePasswords.fromEnvironment());
    }

    /** The CA's key store in its offline directory. */
    public static ProtectedKeyStore ofCa(Path caDir) {
        return new ProtectedKeyStore(PkiLayout.caKeyStoreIn(caDir), PkiLayout.CA_OWNER,
                "the CA's private key is kept apart from the running bus: bring its directory back, or name it with"
                        + " --ca-dir (only 'bus keys' commands that sign need it)",
                KeyStorePasswords.fromEnvironment());
    }

    /** The same file with passwords from elsewhere (tests, or another environment). */
    public ProtectedKeyStore with(KeyStorePasswords other) {
        return new ProtectedKeyStore(file, passwordDir, owner, remedy, other);
    }

    public Path file() {
        return file;
    }

    public boolean exists() {
        return Files.exists(file);
    }

    /** The password that opens this store; the file must exist. */
    public KeyStorePassword password() {
        requireFile();
        return passwords.resolve(passwordDir, owner);
    }

    /** The store, opened with its password. */
    public KeyStore load() {
        return load(password());
    }

    /** The private key and its chain. */
    public Entry entry() {
        KeyStorePassword password = password();
        KeyStore store = load(password);
        char[] chars = password.chars();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    Key key = store.getKey(alias, chars);
                    Certificate[] chain = store.getCertificateChain(alias);
                    if (key instanceof PrivateKey privateKey && chain != null && chain.length > 0) {
                        return new Entry(bouncyCastle(privateKey), Arrays.stream(chain).map(X509Certificate.class::cast)
                                .toArray(X509Certificate[]::new));
                    }
                }
            }
        } catch (UnrecoverableKeyException e) {
            throw wrongPassword(password, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(file + " cannot be read (" + e.getMessage() + "); " + remedy, e);
        } finally {
            Arrays.fill(chars, '\0');
        }
        throw new IllegalStateException(file + " holds no private key with its certificate; " + remedy);
    }

    /**
     * The key as a BouncyCastle key, as the PEM reader gave it before: the signer and the key agreement are
     * BouncyCastle's (fast P-256), and a JDK key would be converted again on every use.
     */
    private PrivateKey bouncyCastle(PrivateKey key) throws GeneralSecurityException {
        return KeyFactory.getInstance(key.getAlgorithm(), Providers.bouncyCastle())
                .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
    }

    /** Writes the key and chain, owner-only; the password is the owner's, or a new random one in its file. */
    public void write(PrivateKey key, X509Certificate... chain) {
        SecureFiles.createDirectories(file.toAbsolutePath().getParent());
        KeyStorePassword password = passwords.resolveOrCreate(passwordDir, owner);
        char[] chars = password.chars();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(aliasOf(file), key, chars, chain);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            // The JDK 17 default: AES-256-CBC with PBKDF2-SHA256, HMAC-SHA256 MAC; OpenSSL 3 reads it without -legacy.
            store.store(out, chars);
            SecureFiles.writePrivate(file, out.toByteArray());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write the key store " + file + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private KeyStore load(KeyStorePassword password) {
        char[] chars = password.chars();
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, chars);
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                throw wrongPassword(password, e);
            }
            throw new UncheckedIOException("cannot read the key store " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(file + " is not a readable PKCS#12 key store (" + e.getMessage() + "); " + remedy, e);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private KeyStorePasswordException wrongPassword(KeyStorePassword password, Exception cause) {
        return new KeyStorePasswordException(password + " does not open " + file + ": give " + owner
                + "'s key-store password in " + KeyStorePasswords.variableFor(owner) + " or in "
                + KeyStorePasswords.fileIn(passwordDir) + " (the variable wins when both are set)", cause);
    }

    private void requireFile() {
        if (!Files.exists(file)) {
            throw new MissingKeyStoreException("no key store at " + file + "; " + remedy);
        }
    }

    /** "signing.p12" -> "signing": the alias OpenSSL shows as friendlyName. */
    private static String aliasOf(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".p12") ? name.substring(0, name.length() - 4) : name;
    }

    @Override
    public String toString() {
        return "key store " + file; // never the password
    }
}
