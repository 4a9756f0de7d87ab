package eu.bus.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The work directory every command shares: {@code --workdir DIR}, else the environment variable
 * {@value #VARIABLE}, else {@value #DEFAULT}. It holds the PKI ({@code pki/}), the broker journal
 * ({@code broker/}), the nodes' files ({@code nodes/}) and the announcements of running processes
 * ({@code run.json}, {@code broker.json}).
 */
final class WorkDirOption {

    static final String VARIABLE = "BUS_WORKDIR";
    static final String DEFAULT = "bus-data";

    @Option(names = "--workdir", paramLabel = "DIR", defaultValue = "${env:" + VARIABLE + ":-" + DEFAULT + "}",
            description = "The work directory: PKI (DIR/pki), broker journal, node files, run.json."
                    + " Default: $" + VARIABLE + ", else " + DEFAULT + " (now: ${DEFAULT-VALUE}).")
    Path workDir;

    /** The directory, absolute, as messages and files name it. */
    Path path() {
        return workDir.toAbsolutePath().normalize();
    }
}
