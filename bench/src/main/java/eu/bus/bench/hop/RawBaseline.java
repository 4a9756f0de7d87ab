package eu.bus.bench.hop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The raw broker baseline: {@code artemis perf client --persistent} from the Artemis binary
 * distribution, run as its own process against the very broker the exchange uses (same journal,
 * same TLS 1.3 acceptor with client certificates, same authorisation), connected with NL-ENU's key
 * and certificate, producing to and consuming from NL-ENU's own inbox (the only queue a node may both
 * write and read). The exchange's NL-ENU inbox route is stopped meanwhile, so the perf client is alone.
 *
 * <p>The perf client is another process and takes its TLS settings as a URL on its command line, which
 * every user of the machine can read ({@code ps}): so it gets no key-store password at all, but NL-ENU's
 * key and certificate exported as one owner-only PEM file into the benchmark's temporary directory
 * (Artemis' PEM key store type), and {@code ca.pem} as its trust store.
 */
final class RawBaseline {

    /** The properties Artemis' perf client sets on every message (its send time, for latencies). */
    static final java.util.Set<String> PERF_CLIENT_PROPERTIES = java.util.Set.of("time");


    private static final Pattern RATE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*msg/sec");

    private final Path artemisHome;

    RawBaseline(Path artemisHome) {
        this.artemisHome = artemisHome;
    }

    /** The perf client's broker URL: the exported PEM key and certificate, the bus CA; no password anywhere. */
    static String url(String host, int port, Path keyAndCertificatePem, Path caCertificate) {
        return "tcp://" + host + ":" + port + "?sslEnabled=true&enabledProtocols=TLSv1.3"
                + "&keyStoreType=PEM&keyStorePath=" + keyAndCertificatePem.toAbsolutePath()
                + "&trustStoreType=PEMCA&trustStorePath=" + caCertificate.toAbsolutePath();
    }

    /** The command line, for the report. */
    List<String> command(String url, String queue, int messageSize, int seconds, int warmup, int maxPending) {
        List<String> cmd = new ArrayList<>();
        cmd.add(artemisHome.resolve("bin/artemis").toString());
        cmd.addAll(List.of("perf", "client", "--persistent", "--message-size", Integer.toString(messageSize),
                "--duration", Integer.toString(seconds), "--warmup", Integer.toString(warmup),
                "--max-pending", Integer.toString(maxPending),
                "--url", url, "queue://" + queue));
        return cmd;
    }

    /** Runs it and returns the messages per second it reports (consumed, i.e. sent and received). */
    double run(List<String> cmd, Path log) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("ARTEMIS_HOME", artemisHome.toString());
        Process p = pb.start();
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("artemis perf client did not finish; see " + log);
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor();
            }
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("artemis perf client failed (exit " + p.exitValue() + "):\n" + tail(out));
        }
        return parseRate(out, log);
    }

    private static String tail(String out) {
        String[] lines = out.split("\\R");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 25), lines.length));
    }

    /**
     * The perf client prints a block per second ("--- warmup true|false" then "--- received: N msg/sec");
     * the rate is the mean of the received figures of the blocks after the warm-up.
     */
    static double parseRate(String out, Path log) {
        boolean measured = false;
        double sum = 0;
        int blocks = 0;
        for (String line : out.split("\\R")) {
            String l = line.trim();
            if (l.startsWith("--- warmup")) {
                measured = l.contains("false");
            } else if (measured && l.startsWith("--- received:")) {
                Matcher m = RATE.matcher(l);
                if (m.find()) {
                    sum += Double.parseDouble(m.group(1));
                    blocks++;
                }
            }
        }
        if (blocks == 0) {
            throw new IllegalStateException("no rate in the output of artemis perf client:\n" + tail(out));
        }
        return sum / blocks;
    }
}
