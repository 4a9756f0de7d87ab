package eu.bus.cli;

import eu.bus.keys.DevPki;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.NodeRegistry;
import eu.bus.keys.Pem;
import eu.bus.keys.PkiLayout;
import eu.bus.keys.RegisteredNode;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bus keys}: the development PKI (CA, node keys and certificates, CRL, node registry). */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Creates and maintains the bus PKI: CA, per-node signing and encryption keys, CRL, node registry.",
        subcommands = {KeysCommand.Init.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class,
                KeysCommand.Rotate.class, KeysCommand.Crl.class})
final class KeysCommand implements Runnable {

    /** A certificate expiring sooner than this is flagged by {@code bus keys list}. */
    static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Shared by the subcommands: the PKI directory and the mapping of failures to exit codes. */
    abstract static class PkiCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The PKI directory (see docs/SECURITY.md).")
        Path dir;

        Clock clock = Clock.systemUTC();

        abstract void execute(PrintWriter out);

        @Override
        public final Integer call() {
            try {
                execute(spec.commandLine().getOut());
                spec.commandLine().getOut().flush();
                return ExitCodes.OK;
            } catch (IllegalArgumentException | IllegalStateException e) {
                spec.commandLine().getErr().println("bus keys " + spec.name() + ": " + e.getMessage());
                return ExitCodes.INVALID_INPUT;
            } catch (UncheckedIOException e) {
                spec.commandLine().getErr().println("bus keys " + spec.name() + ": " + e.getMessage());
                return ExitCodes.INTERNAL;
            }
        }
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Creates a new bus CA, per node a signing and an encryption key pair with certificates "
                    + "(PEM and PKCS#12, password 'bus-dev'), an empty CRL and the node registry.")
    static final class Init extends PkiCommand {
        @Option(names = "--nodes", required = true, split = ",", paramLabel = "NODE",
                description = "Node ids, comma separated, e.g. NL-NMT,NL-ENU,BE-NMT,BE-ENU,EUROPOL,EUROJUST,AUDITOR.")
        List<String> nodes;

        @Option(names = "--validity-days", defaultValue = "365", description = "Node certificate validity (default: ${DEFAULT-VALUE}).")
        int validityDays;

        @Override
        void execute(PrintWriter out) {
            if (validityDays < 1) {
                throw new IllegalArgumentException("--validity-days must be at least 1");
            }
            NodeRegistry registry = new DevPki(clock, Duration.ofDays(validityDays)).create(dir, nodes);
            out.printf("created the bus CA and keys for %d nodes in %s%n", registry.nodes().size(), dir);
            out.println("private keys are owner-only (rw-------); PKCS#12 password (dev only): " + DevPki.DEV_PKCS12_PASSWORD);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists every node certificate with its expiry and status; warns about certificates that expire within 30 days.")
    static final class ListKeys extends PkiCommand {
        @Override
        void execute(PrintWriter out) {
            PkiLayout layout = new PkiLayout(dir);
            NodeRegistry registry = NodeRegistry.load(dir);
            X509CRL crl = Pem.readCrl(layout.crl());
            Instant now = clock.instant();
            PrintWriter err = spec.commandLine().getErr();
            out.printf("%-10s %-8s %-10s %-20s %-34s %s%n", "NODE", "ROLE", "KEY", "NOT AFTER", "SERIAL", "STATUS");
            for (RegisteredNode node : registry.nodes()) {
                for (KeyPurpose purpose : KeyPurpose.values()) {
                    X509Certificate cert = Pem.readCertificate(dir.resolve(node.certificate(purpose)));
                    Instant notAfter = cert.getNotAfter().toInstant();
                    String status = status(cert, crl, now);
                    out.printf("%-10s %-8s %-10s %-20s %-34s %s%n", node.id(), node.role(), purpose.label,
                            notAfter, cert.getSerialNumber().toString(16), status);
                    if (!status.equals("revoked") && !status.equals("expired") && notAfter.isBefore(now.plus(EXPIRY_WARNING))) {
                        err.printf("warning: the %s certificate of %s expires on %s (in %d days): run 'bus keys rotate %s --dir %s'%n",
                                purpose.label, node.id(), notAfter, Duration.between(now, notAfter).toDays(), node.id(), dir);
                    }
                }
            }
            Instant nextUpdate = crl.getNextUpdate().toInstant();
            out.printf("CRL: %d revoked, next update due %s%n",
                    crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size(), nextUpdate);
            if (nextUpdate.isBefore(now.plus(Duration.ofDays(7)))) {
                err.printf("warning: the CRL must be reissued before %s: run 'bus keys crl --dir %s'%n", nextUpdate, dir);
            }
            err.flush();
        }

        private static String status(X509Certificate cert, X509CRL crl, Instant now) {
            if (crl.getRevokedCertificate(cert.getSerialNumber()) != null) {
                return "revoked";
            }
            if (now.isAfter(cert.getNotAfter().toInstant())) {
                return "expired";
            }
            return now.plus(EXPIRY_WARNING).isAfter(cert.getNotAfter().toInstant()) ? "expires soon" : "valid";
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Puts both current certificates of NODE on the CRL (reason keyCompromise). Give it new keys with 'bus keys rotate'.")
    static final class Revoke extends PkiCommand {
        @Parameters(paramLabel = "NODE", description = "The node id, e.g. NL-NMT.")
        String node;

        @Override
        void execute(PrintWriter out) {
            new DevPki(clock, DevPki.DEFAULT_NODE_VALIDITY).revoke(dir, node);
            out.printf("revoked the signing and encryption certificates of %s; distribute %s to every node%n",
                    node, new PkiLayout(dir).crl());
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Issues NODE new signing and encryption keys and certificates; the old certificates are "
                    + "kept under nodes/NODE/retired/ and put on the CRL as superseded.")
    static final class Rotate extends PkiCommand {
        @Parameters(paramLabel = "NODE", description = "The node id, e.g. NL-NMT.")
        String node;

        @Option(names = "--validity-days", defaultValue = "365", description = "Validity of the new certificates (default: ${DEFAULT-VALUE}).")
        int validityDays;

        @Override
        void execute(PrintWriter out) {
            new DevPki(clock, Duration.ofDays(validityDays)).rotate(dir, node);
            out.printf("issued new keys for %s; the old certificates are revoked (superseded)%n", node);
        }
    }

    @Command(name = "crl", mixinStandardHelpOptions = true,
            description = "Reissues the CRL with the same entries and a fresh next-update date (the CRL is valid for 30 days).")
    static final class Crl extends PkiCommand {
        @Override
        void execute(PrintWriter out) {
            new DevPki(clock, DevPki.DEFAULT_NODE_VALIDITY).refreshCrl(dir);
            out.printf("reissued %s%n", new PkiLayout(dir).crl());
        }
    }
}
