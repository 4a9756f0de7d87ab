package eu.bus.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The files a stock Artemis instance needs in its {@code lib/} to run the bus's logic: the bus-broker jar and what
 * it uses that Artemis does not ship (the bus's security and schema jars, BouncyCastle, Jackson), taken from where
 * this process loaded them, so the broker runs exactly the code of this bus. (The build also collects them in
 * {@code broker/target/plugin/}.)
 */
public final class BrokerPluginFiles {

    /** One class from each jar the plugin needs; a jar whose class is absent here is not needed by this build. */
    private static final List<String> CLASSES = List.of(
            "eu.bus.broker.BusBrokerPlugin", "eu.bus.keys.NodeTrust", "eu.bus.message.Json",
            "org.bouncycastle.jce.provider.BouncyCastleProvider", "org.bouncycastle.cert.X509CertificateHolder",
            "org.bouncycastle.asn1.cms.ContentInfo",
            "com.fasterxml.jackson.databind.ObjectMapper", "com.fasterxml.jackson.core.JsonFactory",
            "com.fasterxml.jackson.annotation.JsonProperty", "com.fasterxml.jackson.datatype.jsr310.JavaTimeModule");

    private BrokerPluginFiles() {
    }

    /** Copies the plugin's jars into {@code lib} (replacing older copies); returns their names. */
    public static List<String> copyTo(Path lib) throws IOException {
        Files.createDirectories(lib);
        List<String> names = new ArrayList<>();
        for (Path source : sources()) {
            Path target = lib.resolve(Files.isDirectory(source) ? source.getParent().getParent().getFileName() + ".jar"
                    : source.getFileName().toString());
            if (Files.isDirectory(source)) {
                jar(source, target); // classes of a module built but not packaged (a test run in the reactor)
            } else {
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            }
            names.add(target.getFileName().toString());
        }
        return names;
    }

    private static Set<Path> sources() {
        Set<Path> sources = new LinkedHashSet<>();
        for (String name : CLASSES) {
            try {
                Class<?> type = Class.forName(name, false, BrokerPluginFiles.class.getClassLoader());
                sources.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()));
            } catch (ClassNotFoundException notUsed) {
                // not on this build's class path: the broker does not need it either
            } catch (URISyntaxException | RuntimeException e) {
                throw new IllegalStateException("cannot locate the jar of " + name + ": " + e.getMessage(), e);
            }
        }
        return sources;
    }

    private static void jar(Path classes, Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(target); JarOutputStream jar = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                jar.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, jar);
                jar.closeEntry();
            }
        }
    }
}
