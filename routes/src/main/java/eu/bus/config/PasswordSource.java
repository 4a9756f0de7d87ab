package eu.bus.config;

import eu.bus.keys.KeyStorePasswordException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

/**
 * Where a node's key-store password comes from when its configuration says so ({@code secrets.<NODE>.passwordFile}
 * or {@code .passwordEnv}): never the configuration file itself. Read at each use, so a password file replaced
 * with a rotation is read anew; the value never appears in a message, only where it comes from.
 */
record PasswordSource(String node, Path file, String variable) {

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    static PasswordSource ofFile(String node, Path file) {
        return new PasswordSource(node, file, null);
    }

    static PasswordSource ofVariable(String node, String variable) {
        return new PasswordSource(node, null, variable);
    }

    /** The configuration key that names this source, e.g. secrets.NL-NMT.passwordFile. */
    String key() {
        return "secrets." + node + (file != null ? ".passwordFile" : ".passwordEnv");
    }

    /**
     * The password now.
     *
     * @throws KeyStorePasswordException when the variable is unset or empty, or the file is missing, empty or readable by others
     */
    String read(Function<String, String> environment) {
        return file != null ? fromFile() : fromVariable(environment);
    }

    private String fromVariable(Function<String, String> environment) {
        String value = environment.apply(variable);
        if (value == null || value.isEmpty()) {
            throw new KeyStorePasswordException(key() + " names the environment variable " + variable + ", which is "
                    + (value == null ? "not set" : "empty") + " in this process: export it with " + node
                    + "'s key-store password before starting, or name a password file with secrets." + node + ".passwordFile");
        }
        return value;
    }

    private String fromFile() {
        if (!Files.isRegularFile(file)) {
            throw new KeyStorePasswordException(key() + " names " + file + ", which does not exist: put " + node
                    + "'s key-store password there (chmod 600), or correct the path");
        }
        try {
            if (POSIX) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                if (permissions.stream().anyMatch(OTHERS::contains)) {
                    throw new KeyStorePasswordException(key() + " names " + file + ", which others may read or write ("
                            + PosixFilePermissions.toString(permissions) + "): run 'chmod 600 " + file + "'");
                }
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int length = text.length();
            while (length > 0 && (text.charAt(length - 1) == '\n' || text.charAt(length - 1) == '\r')) {
                length--; // the line break an editor adds
            }
            if (length == 0) {
                throw new KeyStorePasswordException(key() + " names " + file + ", which is empty: put " + node
                        + "'s key-store password in it");
            }
            return text.substring(0, length);
        } catch (IOException e) {
            throw new KeyStorePasswordException(key() + ": cannot read " + file + " (" + e.getMessage()
                    + "): make it readable by the user that runs the node", e);
        }
    }

    @Override
    public String toString() {
        return file != null ? "the file " + file : "the environment variable " + variable;
    }
}
