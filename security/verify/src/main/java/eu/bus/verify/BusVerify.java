package eu.bus.verify;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code java -jar bus-verify.jar}: the auditor's verifier, apart from the bus that writes the logs. It reads a
 * node's audit directory, the bus CA certificate and CRL, the witnesses' public keys and the node's archive, and
 * says OK with counts (exit 0) or the first problem (exit 3); bad arguments exit 2.
 */
public final class BusVerify {

    static final int OK = 0;
    static final int INVALID_INPUT = 2;
    static final int FAILED = 3;

    private static final String HELP = """
            Usage: java -jar bus-verify.jar AUDIT_DIR --ca CA_PEM [--crl CRL_PEM] [--witnesses N]
                       [--witness-key VKEY]... [--cosignatures FILE]... [--archive DIR | --no-archive]

            Verifies one node's audit log with nothing of the bus but its files: the records' hash chain, the
            Merkle root at every signed checkpoint, each checkpoint's certificate (issued by the CA, valid, not
            revoked in a way that voids it), the witnesses' cosignatures, and the node's message archive against the
            log (every body the log says was archived is there unless a PURGED record says why, every archived body
            has its record, no body altered). Exit 0 OK, 3 a problem (the first one is named), 2 bad arguments.

              AUDIT_DIR           the node's audit directory (nodes/NODE/audit)
              --ca CA_PEM         the bus CA certificate (pki/ca.pem)
              --crl CRL_PEM       its CRL; default: crl.pem beside the CA file, if there is one
              --witnesses N       how many trusted witnesses must have cosigned the latest checkpoint (default 0)
              --witness-key VKEY  a file of C2SP witness keys or a directory of .vkey files; default: the
                                  witnesses directory beside the CA file (pki/witnesses)
              --cosignatures FILE more cosigned checkpoints to check against, e.g. a witness's cosigned.log
              --archive DIR       the node's archive; default: the archive directory beside AUDIT_DIR, if there is one
              --no-archive        do not cross-check the archive
              --help              this text

            Examples:
              java -jar bus-verify.jar bus-data/nodes/NL-NMT/audit --ca bus-data/pki/ca.pem --witnesses 2
              java -jar bus-verify.jar audit --ca ca.pem --crl crl.pem --witness-key witnesses --archive archive
            """;

    private BusVerify() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** As {@code main}, with the streams given and the exit code returned (for tools that embed the verifier). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Arguments a;
        try {
            a = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("bus-verify: " + e.getMessage());
            err.println("Run java -jar bus-verify.jar --help for the options.");
            return INVALID_INPUT;
        }
        if (a.help) {
            out.print(HELP);
            return OK;
        }
        try {
            Trust trust = new Trust(certificate(a.ca), a.crl != null ? crl(a.crl) : crlBeside(a.ca));
            List<WitnessKey> keys = witnessKeys(a);
            if (a.witnesses > keys.stream().map(WitnessKey::name).distinct().count()) {
                err.println("bus-verify: " + a.witnesses + " witness cosignatures are required but only "
                        + keys.stream().map(WitnessKey::name).distinct().count() + " witness key(s) are given; pass each with --witness-key");
                return INVALID_INPUT;
            }
            Path archive = a.noArchive ? null : a.archive != null ? a.archive : besideLog(a.log);
            LogVerification.Result result = LogVerification.run(new LogVerification.Settings(a.log, trust, keys, a.witnesses,
                    a.cosignatures, archive));
            (result.ok() ? out : err).println(result.summary(trust));
            return result.ok() ? OK : FAILED;
        } catch (IllegalArgumentException | IOException e) {
            err.println("bus-verify: " + e.getMessage());
            return INVALID_INPUT;
        } catch (GeneralSecurityException e) {
            err.println("bus-verify: " + e.getMessage());
            return FAILED;
        }
    }

    private static Path besideLog(Path log) {
        Path archive = log.toAbsolutePath().getParent().resolve("archive");
        return Files.isDirectory(archive) ? archive : null;
    }

    private static List<WitnessKey> witnessKeys(Arguments a) throws IOException {
        List<Path> sources = new ArrayList<>(a.witnessKeys);
        Path beside = a.ca.toAbsolutePath().getParent().resolve("witnesses");
        if (sources.isEmpty() && Files.isDirectory(beside)) {
            sources.add(beside);
        }
        List<WitnessKey> keys = new ArrayList<>();
        for (Path source : sources) {
            List<Path> files;
            if (Files.isDirectory(source)) {
                try (Stream<Path> list = Files.list(source)) {
                    files = list.filter(p -> p.getFileName().toString().endsWith(".vkey")).sorted().toList();
                }
            } else {
                files = List.of(source);
            }
            for (Path file : files) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        keys.add(WitnessKey.parse(line));
                    }
                }
            }
        }
        return keys;
    }

    private static X509Certificate certificate(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " is not a PEM certificate: " + e.getMessage());
        }
    }

    private static X509CRL crlBeside(Path ca) throws IOException {
        Path beside = ca.toAbsolutePath().getParent().resolve("crl.pem");
        return Files.exists(beside) ? crl(beside) : null;
    }

    private static X509CRL crl(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " is not a PEM CRL: " + e.getMessage());
        }
    }

    /** The command line, read by hand: the verifier depends on as little as it can. */
    private static final class Arguments {
        Path log;
        Path ca;
        Path crl;
        Path archive;
        boolean noArchive;
        boolean help;
        int witnesses;
        final List<Path> witnessKeys = new ArrayList<>();
        final List<Path> cosignatures = new ArrayList<>();

        static Arguments parse(String[] args) {
            Arguments a = new Arguments();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--help", "-h" -> a.help = true;
                    case "--no-archive" -> a.noArchive = true;
                    case "--ca" -> a.ca = Path.of(value(args, ++i, arg));
                    case "--crl" -> a.crl = Path.of(value(args, ++i, arg));
                    case "--archive" -> a.archive = Path.of(value(args, ++i, arg));
                    case "--witness-key" -> a.witnessKeys.add(Path.of(value(args, ++i, arg)));
                    case "--cosignatures" -> a.cosignatures.add(Path.of(value(args, ++i, arg)));
                    case "--witnesses" -> {
                        try {
                            a.witnesses = Integer.parseInt(value(args, ++i, arg));
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--witnesses takes a number, not '" + args[i] + "'");
                        }
                        if (a.witnesses < 0) {
                            throw new IllegalArgumentException("--witnesses must be 0 or more");
                        }
                    }
                    default -> {
                        if (arg.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + arg);
                        }
                        if (a.log != null) {
                            throw new IllegalArgumentException("one audit directory at a time; '" + arg + "' is a second one");
                        }
                        a.log = Path.of(arg);
                    }
                }
            }
            if (a.help) {
                return a;
            }
            if (a.log == null || a.ca == null) {
                throw new IllegalArgumentException("give the node's audit directory and --ca CA_PEM");
            }
            if (!Files.isDirectory(a.log.resolve("segments"))) {
                throw new IllegalArgumentException(a.log + " holds no audit log (no segments/ directory); give the node's audit directory");
            }
            if (a.archive != null && !Files.isDirectory(a.archive)) {
                throw new IllegalArgumentException("the archive " + a.archive + " is not a directory");
            }
            return a;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }
}
