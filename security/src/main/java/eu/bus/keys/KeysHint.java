package eu.bus.keys;

import java.nio.file.Path;

/**
 * A {@code bus keys} command line for an error message, spelled so that it works when pasted: the PKI of
 * a work directory (DIR/pki, as {@code bus run} and {@code bus keys init} lay it out) is named by
 * {@code --workdir DIR}; a PKI elsewhere by the older {@code --dir PKI_DIR}, which still works.
 */
public final class KeysHint {

    /** The PKI directory name inside a work directory. */
    public static final String PKI_DIR_NAME = "pki";

    private KeysHint() {
    }

    /** {@code bus keys ARGS --workdir DIR} for the PKI DIR/pki, else {@code bus keys ARGS --dir PKI_DIR}. */
    public static String command(String args, Path pkiDir) {
        return "bus keys " + args + " " + option(pkiDir);
    }

    /** {@code --workdir DIR} for the PKI DIR/pki, else {@code --dir PKI_DIR}. */
    public static String option(Path pkiDir) {
        Path absolute = pkiDir.toAbsolutePath().normalize();
        Path workDir = absolute.getParent();
        return PKI_DIR_NAME.equals(String.valueOf(absolute.getFileName())) && workDir != null
                ? "--workdir " + workDir : "--dir " + absolute;
    }
}
