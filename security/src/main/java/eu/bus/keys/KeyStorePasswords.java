package eu.bus.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Where the password of a PKCS#12 key store comes from (docs/SECURITY.md, "Key-store passwords"). Each
 * owner (a node, a TLS server, the CA) has one password for the key stores in its directory:
 * <ol>
 *   <li>the environment variable {@code BUS_KEYSTORE_PASSWORD_<OWNER>} when set (owner upper-cased,
 *       '-' as '_': {@code BUS_KEYSTORE_PASSWORD_NL_NMT}, {@code BUS_KEYSTORE_PASSWORD_BUS_BROKER},
 *       {@code BUS_KEYSTORE_PASSWORD_CA}), so a deployment can keep the password off the disk;</li>
 *   <li>else the file {@code keystore.password} beside the key stores, which must be owner-only (rw-------).</li>
 * </ol>
 * A new key store without either gets a random password (256 bits from {@link SecureRandom}) written to
 * that file, owner-only from the moment it exists. There is no default password.
 */
public final class KeyStorePasswords {

    public static final String FILE_NAME = "keystore.password";
    public static final String VARIABLE_PREFIX = "BUS_KEYSTORE_PASSWORD_";

    private static final int RANDOM_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Function<String, String> environment;

    /** @param environment looks up an environment variable (tests pass a map's {@code get}) */
    public KeyStorePasswords(Function<String, String> environment) {
        this.environment = environment;
    }

    /** Passwords from this process's environment, else from the password files. */
    public static KeyStorePasswords fromEnvironment() {
        return new KeyStorePasswords(System::getenv);
    }

    /** The variable that overrides the password file of {@code owner}, e.g. BUS_KEYSTORE_PASSWORD_NL_NMT. */
    public static String variableFor(String owner) {
        return VARIABLE_PREFIX + owner.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The password file of the key stores in {@code dir}. */
    public static Path fileIn(Path dir) {
        return dir.resolve(FILE_NAME);
    }

    /**
     * The password of {@code owner}'s key stores in {@code dir}: the environment variable, else the password file.
     *
     * @throws KeyStorePasswordException when there is neither, the variable is empty, or the file is readable by others
     */
    public KeyStorePassword resolve(Path dir, String owner) {
        KeyStorePassword fromVariable = fromVariable(owner);
        if (fromVariable != null) {
            return fromVariable;
        }
        Path file = fileIn(dir);
        if (!Files.exists(file)) {
            throw new KeyStorePasswordException("no password for the key stores of " + owner + " in " + dir
                    + ": set " + variableFor(owner) + ", or put the password in " + file + " (owner-only, chmod 600)");
        }
        return fromFile(file, owner);
    }

    /**
     * As {@link #resolve}, for key stores about to be written: when neither the variable nor the file exists,
     * a random password is created in the file (rw-------).
     */
    KeyStorePassword resolveOrCreate(Path dir, String owner) {
        KeyStorePassword fromVariable = fromVariable(owner);
        if (fromVariable != null) {
            return fromVariable;
        }
        Path file = fileIn(dir);
        if (Files.exists(file)) {
            return fromFile(file, owner);
        }
        byte[] random = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(random);
        // URL-safe Base64 without padding: 43 characters, nothing a shell or a URL would mangle.
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        SecureFiles.writePrivate(file, (password + "\n").getBytes(StandardCharsets.US_ASCII));
        return new KeyStorePassword(password.toCharArray(), "the file " + file);
    }

    private KeyStorePassword fromVariable(String owner) {
        String variable = variableFor(owner);
        String value = environment.apply(variable);
        if (value == null) {
            return null;
        }
        if (value.isEmpty()) {
            throw new KeyStorePasswordException("the environment variable " + variable + " is set but empty: give it the"
                    + " password of the key stores of " + owner + ", or unset it to use their " + FILE_NAME + " file");
        }
        return new KeyStorePassword(value.toCharArray(), "the environment variable " + variable);
    }

    private static KeyStorePassword fromFile(Path file, String owner) {
        try {
            if (POSIX) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                if (permissions.stream().anyMatch(OTHERS::contains)) {
                    throw new KeyStorePasswordException(file + " is readable or writable by others ("
                            + PosixFilePermissions.toString(permissions) + "), so the key stores of " + owner
                            + " are not protected: run 'chmod 600 " + file + "' (and consider a new password)");
                }
            }
            byte[] bytes = Files.readAllBytes(file);
            CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
            Arrays.fill(bytes, (byte) 0);
            char[] chars = new char[decoded.remaining()];
            decoded.get(chars);
            int length = trimmedLength(chars);
            if (length == 0) {
                throw new KeyStorePasswordException(file + " is empty: put the password of the key stores of " + owner
                        + " in it, or set " + variableFor(owner));
            }
            KeyStorePassword password = new KeyStorePassword(Arrays.copyOf(chars, length), "the file " + file);
            Arrays.fill(chars, '\0');
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the password file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The length without the trailing line break(s) an editor adds. */
    private static int trimmedLength(char[] text) {
        int length = text.length;
        while (length > 0 && (text[length - 1] == '\n' || text[length - 1] == '\r')) {
            length--;
        }
        return length;
    }
}
