package eu.bus.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a key-store password comes from: the owner's variable, else its owner-only file; never a default. */
class KeyStorePasswordsTest {

    @TempDir
    Path dir;

    private static KeyStorePasswords environment(Map<String, String> variables) {
        return new KeyStorePasswords(variables::get);
    }

    @Test
    void shouldNameTheVariableAfterTheOwner() {
        assertEquals("BUS_KEYSTORE_PASSWORD_NL_NMT", KeyStorePasswords.variableFor("NL-NMT"));
        assertEquals("BUS_KEYSTORE_PASSWORD_BUS_BROKER", KeyStorePasswords.variableFor("bus-broker"));
        assertEquals("BUS_KEYSTORE_PASSWORD_CA", KeyStorePasswords.variableFor(PkiLayout.CA_OWNER));
    }

    @Test
    void shouldPreferTheVariableWhenBothTheVariableAndTheFileGiveAPassword() throws Exception {
        Files.writeString(KeyStorePasswords.fileIn(dir), "from the file\n");
        Files.setPosixFilePermissions(KeyStorePasswords.fileIn(dir), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        KeyStorePassword password = environment(Map.of("BUS_KEYSTORE_PASSWORD_NL_NMT", "from the vault")).resolve(dir, "NL-NMT");
        assertArrayEquals("from the vault".toCharArray(), password.chars());
        assertEquals("the environment variable BUS_KEYSTORE_PASSWORD_NL_NMT", password.source());
        assertArrayEquals("from the file".toCharArray(), environment(Map.of()).resolve(dir, "NL-NMT").chars(),
                "without the variable, the file's line without its line break");
    }

    @Test
    void shouldRefuseAVariableThatIsSetButEmpty() {
        KeyStorePasswordException e = assertThrows(KeyStorePasswordException.class,
                () -> environment(Map.of("BUS_KEYSTORE_PASSWORD_NL_NMT", "")).resolve(dir, "NL-NMT"));
        assertTrue(e.getMessage().contains("BUS_KEYSTORE_PASSWORD_NL_NMT is set but empty"), e.getMessage());
    }

    @Test
    void shouldRefuseAnEmptyPasswordFile() throws Exception {
        SecureFiles.writePrivate(KeyStorePasswords.fileIn(dir), "\n".getBytes());
        KeyStorePasswordException e = assertThrows(KeyStorePasswordException.class,
                () -> environment(Map.of()).resolve(dir, "NL-NMT"));
        assertTrue(e.getMessage().contains("is empty"), e.getMessage());
    }

    @Test
    void shouldCreateARandomOwnerOnlyPasswordOnceWhenNoneIsGiven() throws Exception {
        KeyStorePasswords passwords = environment(Map.of());
        KeyStorePassword first = passwords.resolveOrCreate(dir, "NL-NMT");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(KeyStorePasswords.fileIn(dir))));
        assertArrayEquals(first.chars(), passwords.resolveOrCreate(dir, "NL-NMT").chars(), "kept, not replaced");
        assertEquals(43, first.chars().length, "256 random bits");
        assertTrue(first.toString().contains(KeyStorePasswords.fileIn(dir).toString())
                && !first.toString().contains(new String(first.chars())), "toString names the source, never the value");
    }
}
