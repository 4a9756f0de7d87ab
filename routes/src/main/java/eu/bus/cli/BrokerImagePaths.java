package eu.bus.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a site's broker finds its files when it runs in the official {@code apache/activemq-artemis} image, as
 * docker/compose.yaml mounts them (docs/DOCKER.md): the image keeps its instance in {@value #INSTANCE} (a volume,
 * so the journal under {@code data/} survives the container), the configuration {@code bus site init} writes is
 * mounted read-only at the instance's {@code etc-override/} and the PKI read-only at {@value #PKI}.
 * {@code bus site init --paths-in-container} writes broker.xml and bootstrap.xml with these paths.
 */
public final class BrokerImagePaths {

    /** The image's instance directory (its WORKDIR and volume). */
    public static final String INSTANCE = "/var/lib/artemis-instance";
    /** The image copies this directory into etc/ when it creates the instance; compose also runs the broker from it. */
    public static final String ETC = INSTANCE + "/etc-override";
    public static final String DATA = INSTANCE + "/data";
    /** The site's copy of the PKI (public files and its own broker key store). */
    public static final String PKI = "/etc/bus/pki";

    private final Map<Path, Path> mounts = new LinkedHashMap<>();

    /** The mounts of a site: {@code instance}'s etc/ and data/ and the PKI, all as absolute paths of this machine. */
    BrokerImagePaths(Path instance, Path pki) {
        mounts.put(instance.resolve("etc").toAbsolutePath().normalize(), Path.of(ETC));
        mounts.put(instance.resolve("data").toAbsolutePath().normalize(), Path.of(DATA));
        mounts.put(pki.toAbsolutePath().normalize(), Path.of(PKI));
    }

    /** The container's path of a file of this machine; a file outside the mounts would be missing there, so it is refused. */
    Path seenAs(Path file) {
        for (Map.Entry<Path, Path> mount : mounts.entrySet()) {
            if (file.startsWith(mount.getKey())) {
                return mount.getValue().resolve(mount.getKey().relativize(file).toString());
            }
        }
        throw new IllegalStateException(file + " is not in a directory the broker's container mounts (" + mounts.keySet()
                + "); keep the PKI in --workdir DIR/pki and the configuration in INSTANCE");
    }
}
