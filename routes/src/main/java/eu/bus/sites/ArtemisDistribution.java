package eu.bus.sites;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Apache Artemis distribution a site's broker runs ({@code org.apache.activemq:apache-artemis:2.44.0:tar.gz:bin},
 * which the build unpacks to {@code routes/target/artemis/}). Found at an explicit place, else {@code $ARTEMIS_HOME},
 * else beside the bus's own code.
 */
public record ArtemisDistribution(Path home) {

    public static final String VERSION = "2.44.0";
    public static final String VARIABLE = "ARTEMIS_HOME";

    /** @param explicit a directory the user named (--artemis-home), or null */
    public static ArtemisDistribution locate(Path explicit) {
        Path home = explicit != null ? explicit
                : System.getenv(VARIABLE) != null ? Path.of(System.getenv(VARIABLE)) : besideTheCode();
        if (home == null || !Files.isRegularFile(home.resolve("bin/artemis"))) {
            throw new IllegalArgumentException("no Apache Artemis distribution at " + home + " (bin/artemis missing);"
                    + " the build unpacks it: run 'mvn -B -DskipTests -pl routes -am package' (or ./bus), or name one with"
                    + " --artemis-home DIR or $" + VARIABLE + " (apache-artemis-" + VERSION + "-bin.tar.gz, unpacked)");
        }
        return new ArtemisDistribution(home.toAbsolutePath().normalize());
    }

    /** routes/target/artemis/apache-artemis-VERSION: the code runs from routes/target/classes or routes/target/bus.jar. */
    private static Path besideTheCode() {
        try {
            Path code = Path.of(ArtemisDistribution.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.getParent().resolve("artemis/apache-artemis-" + VERSION);
        } catch (Exception unknown) {
            return null;
        }
    }

    /** {@code artemis create}: a new broker instance, which {@code bus site init} then configures for the bus. */
    public void createInstance(Path instance) throws IOException, InterruptedException {
        List<String> command = List.of("bash", home.resolve("bin/artemis").toString(), "create", instance.toString(),
                "--silent", "--user", "unused", "--password", "unused", "--require-login", "--no-web", "--no-autotune");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("'artemis create " + instance + "' failed: " + output);
        }
    }
}
