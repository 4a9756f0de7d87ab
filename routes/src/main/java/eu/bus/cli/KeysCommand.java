package eu.bus.cli;

import eu.bus.exchange.BusLayout;
import eu.bus.keys.BusTrust;
import eu.bus.keys.CertificateExpiredException;
import eu.bus.keys.CertificateRejectedException;
import eu.bus.keys.CertificateRevokedException;
import eu.bus.keys.DevPki;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.KeyStorePasswords;
import eu.bus.keys.KeysHint;
import eu.bus.keys.NodeImport;
import eu.bus.keys.NodeRegistry;
import eu.bus.keys.Pem;
import eu.bus.keys.PemExport;
import eu.bus.keys.PkiLayout;
import eu.bus.keys.RegisteredNode;
import eu.bus.keys.RevocationStatusUnknownException;
import eu.bus.keys.ServerCertificates;
import eu.bus.keys.TrustAnchorStore;
import eu.bus.keys.UntrustedCertificateException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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

/**
 * {@code bus keys}: the development PKI (CA, node keys and certificates, TLS server keys, CRL, node registry).
 * The only commands that read the CA's private key are the ones that sign: init, add, revoke, rotate, crl, tls.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = {"Creates and maintains the bus PKI: CA, per-node signing and encryption keys, TLS server keys, "
                + "CRL, node registry (docs/SECURITY.md).",
                "Private keys live only in password-protected PKCS#12 files; each owner's password is random, in "
                        + "keystore.password (rw-------) beside its key stores, unless BUS_KEYSTORE_PASSWORD_<OWNER> gives it. "
                        + "The CA's key is in DIR/pki/offline-ca: keep it offline; init, add, revoke, rotate, crl and tls need it"
                        + " (--ca-dir).",
                "Every subcommand works on the PKI of the work directory, DIR/pki (--workdir DIR, else $BUS_WORKDIR, else bus-data)."},
        footer = {"", "Example:", "  bus keys init --workdir bus-data --nodes NL-NMT,NL-ENU,BE-NMT,BE-ENU,EUROPOL,EUROJUST",
                "  bus keys add FR-NMT --workdir bus-data", "  bus keys list --workdir bus-data",
                "  bus keys import DE-NMT --signing-cert de-signing.p12 --encryption-cert de-encryption.p12 --ca de-ca.pem"
                        + " --crl de-ca.crl --workdir bus-data"},
        subcommands = {KeysCommand.Init.class, KeysCommand.Add.class, KeysCommand.Import.class, KeysCommand.ImportCrl.class,
                KeysCommand.ListKeys.class, KeysCommand.Revoke.class,
                KeysCommand.Rotate.class, KeysCommand.Crl.class, KeysCommand.Tls.class, KeysCommand.ExportPem.class})
final class KeysCommand implements Runnable {

    /** A certificate expiring sooner than this is flagged by {@code bus keys list}. */
    static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Shared by the subcommands: the PKI directory (DIR/pki of the work directory) and the mapping of failures to exit codes. */
    abstract static class PkiCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        WorkDirOption workDir;

        /** Deprecated: the PKI directory itself, from before every command took --workdir; still works. */
        @Option(names = "--dir", hidden = true, paramLabel = "PKI_DIR")
        Path pkiDir;

        /** The PKI directory the command works on: DIR/pki of --workdir, or --dir. */
        Path dir;

        Clock clock = Clock.systemUTC();

        abstract void execute(PrintWriter out);

        @Override
        public final Integer call() {
            try {
                dir = pkiDir();
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

        private Path pkiDir() {
            if (pkiDir == null) {
                return new BusLayout(workDir.path()).pki();
            }
            if (spec.commandLine().getParseResult().hasMatchedOption("--workdir")) {
                throw new IllegalArgumentException("give --workdir DIR (the PKI is DIR/pki) or the older --dir PKI_DIR, not both");
            }
            Path given = pkiDir.toAbsolutePath().normalize();
            // The old option named the PKI itself; a work directory given there would be read as an empty PKI.
            if (!Files.exists(new PkiLayout(given).registry()) && Files.exists(new PkiLayout(given.resolve("pki")).registry())) {
                throw new IllegalArgumentException(given + " is a work directory: its PKI is " + given.resolve("pki")
                        + "; give it as --workdir " + given);
            }
            spec.commandLine().getErr().println("bus keys " + spec.name() + ": --dir is deprecated; next time give the work"
                    + " directory: " + KeysHint.option(given));
            return given;
        }
    }

    /** The commands that sign: they read the CA's private key, by default from DIR/pki/offline-ca. */
    abstract static class SigningCommand extends PkiCommand {
        @Option(names = "--ca-dir", paramLabel = "CA_DIR",
                description = "Where the CA's key store (ca.p12 and its keystore.password) is. Default: DIR/pki/offline-ca.")
        Path caDir;

        DevPki pki(Duration validity) {
            return new DevPki(clock, validity).withCaDir(caDir);
        }
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Creates a new bus CA, per node a signing and an encryption key pair with certificates, the TLS "
                    + "server key stores, an empty CRL and the node registry. Private keys go only into password-protected "
                    + "PKCS#12 files (random passwords in keystore.password files, rw-------), unless --pem is given. "
                    + "(bus run and bus broker create a dev PKI like this one when the work directory has none.)",
            footer = {"", "Example:", "  bus keys init --workdir bus-data --nodes NL-NMT,NL-ENU,BE-NMT,BE-ENU,EUROPOL,EUROJUST,AUDITOR"})
    static final class Init extends SigningCommand {
        @Option(names = "--nodes", required = true, split = ",", paramLabel = "NODE",
                description = "Node ids, comma separated, e.g. NL-NMT,NL-ENU,BE-NMT,BE-ENU,EUROPOL,EUROJUST,AUDITOR.")
        List<String> nodes;

        @Option(names = "--tls-servers", split = ",", paramLabel = "NAME", defaultValue = ServerCertificates.BROKER + "," + ServerCertificates.API,
                description = "TLS server key stores to issue (default: ${DEFAULT-VALUE}: the broker and the REST API).")
        List<String> servers;

        @Option(names = "--validity-days", defaultValue = "365", description = "Node certificate validity (default: ${DEFAULT-VALUE}).")
        int validityDays;

        @Option(names = "--pem", description = "Also write each node's private keys as unencrypted PEM "
                + "(nodes/NODE/signing-key.pem, encryption-key.pem; rw-------), for OpenSSL. Off by default.")
        boolean pem;

        @Override
        void execute(PrintWriter out) {
            if (validityDays < 1) {
                throw new IllegalArgumentException("--validity-days must be at least 1");
            }
            if (dir.getParent() != null) {
                WritableWorkDir.create(dir.getParent());
            }
            NodeRegistry registry = pki(Duration.ofDays(validityDays)).withPlainPemKeys(pem).create(dir, nodes, servers);
            PkiLayout layout = new PkiLayout(dir);
            Path ca = caDir != null ? caDir : layout.offlineCa();
            out.printf("created the bus CA and keys for %d nodes in %s%n", registry.nodes().size(), dir);
            out.printf("  CA private key  %s: keep this directory offline; only bus keys init, revoke, rotate, crl and tls"
                    + " read it (--ca-dir)%n", PkiLayout.caKeyStoreIn(ca));
            out.printf("  TLS servers     %s (%s)%n", String.join(", ", servers), layout.dir().resolve("servers"));
            out.printf("  private keys    in PKCS#12 key stores only; each owner's password is random, in %s (rw-------)"
                    + " beside its key stores, unless %sOWNER is set%n", KeyStorePasswords.FILE_NAME, KeyStorePasswords.VARIABLE_PREFIX);
            out.println(pem ? "  plain PEM keys  written (--pem): nodes/NODE/signing-key.pem, encryption-key.pem (rw-------)"
                    : "  plain PEM keys  none; for OpenSSL: bus keys export-pem NODE --purpose signing|encryption --out FILE");
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Enrols NODE in the existing PKI: a signing and an encryption key pair with certificates from the "
                    + "bus CA, in password-protected key stores, and its entry in the node registry. The id carries the role "
                    + "and country: CC-NMT or CC-ENU (CC = ISO country code), EUROPOL, EUROJUST, AUDITOR.",
                    "Refuses a node already enrolled (bus keys rotate gives it new keys). Running processes learn of the node "
                            + "from the registry; restart bus run (and bus broker) with the node in --nodes to run its gateway."},
            footer = {"", "Example:", "  bus keys add FR-NMT --workdir bus-data",
                    "  bus run --workdir bus-data --nodes NL-NMT,NL-ENU,BE-NMT,BE-ENU,EUROPOL,EUROJUST,FR-NMT"})
    static final class Add extends SigningCommand {
        @Parameters(paramLabel = "NODE", description = "The new node's id, e.g. FR-NMT.")
        String node;

        @Option(names = "--validity-days", defaultValue = "365", description = "Validity of its certificates (default: ${DEFAULT-VALUE}).")
        int validityDays;

        @Option(names = "--pem", description = "Also write its private keys as unencrypted PEM (rw-------), for OpenSSL.")
        boolean pem;

        @Override
        void execute(PrintWriter out) {
            if (validityDays < 1) {
                throw new IllegalArgumentException("--validity-days must be at least 1");
            }
            RegisteredNode added = pki(Duration.ofDays(validityDays)).withPlainPemKeys(pem).enrol(dir, node);
            PkiLayout layout = new PkiLayout(dir);
            out.printf("enrolled %s (role %s%s) in %s%n", added.id(), added.role(),
                    added.country() == null ? "" : ", country " + added.country(), layout.registry());
            out.printf("  key stores  %s (password in %s, rw-------)%n", layout.nodeDir(node), KeyStorePasswords.FILE_NAME);
            out.printf("  run it      restart bus run with %s in --nodes%n", node);
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Enrols NODE with certificates its agency's own CA issued (bring your own PKI): checks them, pins"
                    + " them in the node registry (fingerprints) at SITE, and, when --ca is given, makes the agency's CA a trust"
                    + " anchor of the bus (DIR/pki/anchors/NAME.pem, with its CRL). Needs no CA key of the bus.",
                    "Certificates in PEM (one, or a chain with the node's first), DER or PKCS#12; from PKCS#12 the private key"
                            + " comes too and is stored in NODE's key store as the bus's own (password: BUS_KEYSTORE_PASSWORD_<NODE>,"
                            + " else a keystore.password beside the .p12; the stored key stores use the variable, or a new random"
                            + " password file). Without private keys only the registry entry is made: NODE's gateway runs where its keys are.",
                    "Refused, with what to do: a certificate not named CN=NODE, without digitalSignature (signing) or keyAgreement"
                            + " (encryption), expired, revoked, not issued by the bus CA or a trust anchor, not on P-256; a --ca that is"
                            + " not a CA; a new --ca without --crl (revocations would go unseen); a key that does not belong to its"
                            + " certificate; a node already registered (unless --replace: the old certificates go to nodes/NODE/retired/)."},
            footer = {"", "Examples:",
                    "  bus keys import DE-NMT --signing-cert de-signing.p12 --encryption-cert de-encryption.p12 \\",
                    "      --ca de-police-ca.pem --crl de-police-ca.crl --site DE --workdir bus-data",
                    "  bus keys import DE-ENU --signing-cert de-enu-signing.pem --encryption-cert de-enu-encryption.pem --workdir bus-data",
                    "  bus keys import DE-NMT --replace --signing-cert new-signing.pem --encryption-cert new-encryption.pem --workdir bus-data"})
    static final class Import extends PkiCommand {
        @Parameters(paramLabel = "NODE", description = "The node id, as the certificates' CN, e.g. DE-NMT.")
        String node;

        @Option(names = "--signing-cert", required = true, paramLabel = "FILE",
                description = "The signing certificate (keyUsage digitalSignature): PEM, DER or PKCS#12 (with its key).")
        Path signingCert;

        @Option(names = "--encryption-cert", required = true, paramLabel = "FILE",
                description = "The encryption certificate (keyUsage keyAgreement): PEM, DER or PKCS#12 (with its key).")
        Path encryptionCert;

        @Option(names = "--ca", paramLabel = "FILE",
                description = "The agency's CA that issued both certificates (PEM or DER); becomes a trust anchor. Not needed"
                        + " for a CA already trusted.")
        Path ca;

        @Option(names = "--crl", paramLabel = "FILE",
                description = "The CRL of that CA (PEM or DER); required with a new --ca, updates the CRL of a known one.")
        Path crl;

        @Option(names = "--key-store", paramLabel = "FILE.p12", arity = "1..*",
                description = "PKCS#12 files with the private keys (one key each), when the certificates are given as PEM.")
        List<Path> keyStores;

        @Option(names = "--site", paramLabel = "SITE",
                description = "Where the node runs (default: its country, e.g. DE; its id for agencies, e.g. EUROPOL).")
        String site;

        @Option(names = "--replace", description = "Replace the certificates of a node already registered.")
        boolean replace;

        @Override
        void execute(PrintWriter out) {
            NodeImport.Result result = new NodeImport(clock, KeyStorePasswords.fromEnvironment()).run(dir,
                    new NodeImport.Request(node, signingCert, encryptionCert, ca, crl, keyStores, site, replace));
            PkiLayout layout = new PkiLayout(dir);
            RegisteredNode entry = result.node();
            out.printf("%s %s (role %s, site %s) in %s%n", replace ? "replaced the certificates of" : "imported", entry.id(),
                    entry.role(), entry.site(), layout.registry());
            out.printf("  issued by   %s%n", result.anchor() == null ? "the bus CA"
                    : "trust anchor " + layout.anchor(result.anchor()) + (result.anchorAdded() ? " (new, with its CRL)" : ""));
            out.printf("  pinned      signing SHA-256 %s%n              encryption SHA-256 %s%n",
                    entry.signingCertificateSha256(), entry.encryptionCertificateSha256());
            out.println(result.keysImported()
                    ? "  key stores  " + layout.nodeDir(entry.id()) + " (password from " + KeyStorePasswords.variableFor(entry.id())
                    + " or " + KeyStorePasswords.FILE_NAME + ", rw-------)"
                    : "  key stores  none imported: " + entry.id() + "'s gateway runs where its private keys are");
            for (Path retired : result.retired()) {
                out.printf("  retired     %s%n", retired);
            }
            if (result.anchor() != null) {
                out.printf("  revocation  checked against the agency's CRL; install each newer one with '%s'%n",
                        KeysHint.command("import-crl FILE", dir));
            }
            out.printf("  run it      restart bus run with %s in --nodes (where its keys are)%n", entry.id());
        }
    }

    @Command(name = "import-crl", mixinStandardHelpOptions = true,
            description = "Installs a newer CRL of an agency's CA that the bus trusts (a trust anchor, from bus keys import"
                    + " --ca): the CA that signed it is found by name. Refuses a CRL of no trust anchor, one the CA did not sign,"
                    + " and one not newer than the CRL in use. Running processes take it at their next check, without a restart.",
            footer = {"", "Example:", "  bus keys import-crl de-police-ca.crl --workdir bus-data"})
    static final class ImportCrl extends PkiCommand {
        @Parameters(paramLabel = "FILE", description = "The CRL (PEM or DER).")
        Path crlFile;

        @Override
        void execute(PrintWriter out) {
            String anchor = new TrustAnchorStore(dir).importCrl(crlFile);
            out.printf("installed %s as the CRL of trust anchor %s%n", crlFile, new PkiLayout(dir).anchor(anchor));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists every node certificate with its expiry and status; warns about certificates that expire within 30 days.",
            footer = {"", "Example:", "  bus keys list --workdir bus-data"})
    static final class ListKeys extends PkiCommand {
        @Override
        void execute(PrintWriter out) {
            PkiLayout layout = new PkiLayout(dir);
            NodeRegistry registry = NodeRegistry.load(dir);
            X509CRL crl = Pem.readCrl(layout.crl());
            BusTrust trust = BusTrust.load(dir);
            Instant now = clock.instant();
            PrintWriter err = spec.commandLine().getErr();
            out.printf("%-10s %-8s %-10s %-10s %-20s %-34s %s%n", "NODE", "ROLE", "SITE", "KEY", "NOT AFTER", "SERIAL", "STATUS");
            for (RegisteredNode node : registry.nodes()) {
                for (KeyPurpose purpose : KeyPurpose.values()) {
                    X509Certificate cert = Pem.readCertificate(dir.resolve(node.certificate(purpose)));
                    Instant notAfter = cert.getNotAfter().toInstant();
                    boolean busCa = cert.getIssuerX500Principal().equals(trust.caCertificate().getSubjectX500Principal());
                    String status = busCa ? status(cert, crl, now) : anchoredStatus(trust, cert, purpose, now);
                    out.printf("%-10s %-8s %-10s %-10s %-20s %-34s %s%n", node.id(), node.role(), node.site(), purpose.label,
                            notAfter, cert.getSerialNumber().toString(16), status);
                    if (!status.equals("revoked") && !status.equals("expired") && notAfter.isBefore(now.plus(EXPIRY_WARNING))) {
                        err.printf("warning: the %s certificate of %s expires on %s (in %d days): run '%s'%n", purpose.label,
                                node.id(), notAfter, Duration.between(now, notAfter).toDays(), busCa ? KeysHint.command("rotate " + node.id(), dir)
                                        : "ask its agency for new certificates; " + KeysHint.command("import " + node.id() + " --replace ...", dir));
                    }
                }
            }
            Instant nextUpdate = crl.getNextUpdate().toInstant();
            out.printf("CRL: %d revoked, next update due %s%n",
                    crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size(), nextUpdate);
            if (nextUpdate.isBefore(now.plus(Duration.ofDays(7)))) {
                err.printf("warning: the CRL must be reissued before %s: run '%s'%n", nextUpdate, KeysHint.command("crl", dir));
            }
            err.flush();
        }

        /** A certificate of an agency's CA (trust anchor): its status as BusTrust sees it, against that CA's CRL. */
        private static String anchoredStatus(BusTrust trust, X509Certificate cert, KeyPurpose purpose, Instant now) {
            try {
                trust.validate(cert, purpose, now);
            } catch (CertificateRevokedException e) {
                return "revoked";
            } catch (CertificateExpiredException e) {
                return "expired";
            } catch (UntrustedCertificateException e) {
                return "untrusted (its CA is no trust anchor)";
            } catch (RevocationStatusUnknownException e) {
                return "CRL of its CA overdue (bus keys import-crl)";
            } catch (CertificateRejectedException e) {
                return "refused (" + e.getClass().getSimpleName() + ")";
            }
            return now.plus(EXPIRY_WARNING).isAfter(cert.getNotAfter().toInstant()) ? "expires soon" : "valid";
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
            description = "Puts both current certificates of NODE on the CRL (reason keyCompromise). Give it new keys with 'bus keys rotate'.",
            footer = {"", "Example:", "  bus keys revoke BE-NMT --workdir bus-data"})
    static final class Revoke extends SigningCommand {
        @Parameters(paramLabel = "NODE", description = "The node id, e.g. NL-NMT.")
        String node;

        @Override
        void execute(PrintWriter out) {
            pki(DevPki.DEFAULT_NODE_VALIDITY).revoke(dir, node);
            out.printf("revoked the signing and encryption certificates of %s; distribute %s to every node%n",
                    node, new PkiLayout(dir).crl());
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Issues NODE new signing and encryption keys and certificates and pins them in the registry; "
                    + "the old certificates are kept under nodes/NODE/retired/ and put on the CRL as superseded. Running "
                    + "processes refuse the old certificates at once, and NODE's running gateway takes the new keys within seconds (no "
                    + "restart; messages waiting in its outbox are protected again with them).",
            footer = {"", "Example:", "  bus keys rotate BE-NMT --workdir bus-data"})
    static final class Rotate extends SigningCommand {
        @Parameters(paramLabel = "NODE", description = "The node id, e.g. NL-NMT.")
        String node;

        @Option(names = "--validity-days", defaultValue = "365", description = "Validity of the new certificates (default: ${DEFAULT-VALUE}).")
        int validityDays;

        @Override
        void execute(PrintWriter out) {
            pki(Duration.ofDays(validityDays)).rotate(dir, node);
            out.printf("issued new keys for %s and pinned them in %s; the old certificates are revoked (superseded)%n",
                    node, new PkiLayout(dir).registry());
        }
    }

    @Command(name = "crl", mixinStandardHelpOptions = true,
            description = "Reissues the CRL with the same entries and a fresh next-update date (the CRL is valid for 30 days).",
            footer = {"", "Example:", "  bus keys crl --workdir bus-data"})
    static final class Crl extends SigningCommand {
        @Override
        void execute(PrintWriter out) {
            pki(DevPki.DEFAULT_NODE_VALIDITY).refreshCrl(dir);
            out.printf("reissued %s%n", new PkiLayout(dir).crl());
        }
    }

    @Command(name = "tls", mixinStandardHelpOptions = true,
            description = "Issues, or renews, the TLS server key store of NAME (DIR/servers/NAME/tls.p12): bus-broker for "
                    + "the broker, bus-api for the REST API, site-<site> for a site's stock broker (bus site init --site), which"
                    + " also presents it when it links to other sites. Its certificate names localhost and 127.0.0.1, and each"
                    + " --hostname: clients check the name they connect to. Servers never issue their own certificates; restart the "
                    + "server to use the new one.",
            footer = {"", "Examples:", "  bus keys tls bus-api --workdir bus-data", "  bus keys tls site-nl --workdir bus-data",
                    "  bus keys tls site-nl --hostname broker-nl --workdir docker/generated/ca   (the broker of docker/compose.yaml)"})
    static final class Tls extends SigningCommand {
        @Parameters(paramLabel = "NAME", description = "The server name, e.g. bus-broker or bus-api.")
        String name;

        @Option(names = "--validity-days", defaultValue = "365", description = "Validity of the certificate (default: ${DEFAULT-VALUE}).")
        int validityDays;

        @Option(names = "--hostname", paramLabel = "HOST",
                description = "Another DNS name clients reach the server by, besides localhost and 127.0.0.1 (repeat for each),"
                        + " e.g. broker-nl for the broker of site NL in docker/compose.yaml.")
        List<String> hostNames = List.of();

        @Override
        void execute(PrintWriter out) {
            if (validityDays < 1) {
                throw new IllegalArgumentException("--validity-days must be at least 1");
            }
            X509Certificate cert = pki(Duration.ofDays(validityDays)).issueServer(dir, name, hostNames);
            out.printf("issued the TLS key store of %s: %s (valid until %s); restart %s to use it%n", name,
                    new PkiLayout(dir).serverKeyStore(name), cert.getNotAfter().toInstant(), name);
        }
    }

    @Command(name = "export-pem", mixinStandardHelpOptions = true,
            description = "Writes NODE's private key for PURPOSE out of its key store as unencrypted PEM (rw-------), for "
                    + "tools that take a key file (openssl cms, curl). The bus never reads it; delete it when done.",
            footer = {"", "Example:", "  bus keys export-pem NL-NMT --purpose signing --out nl-nmt-key.pem --workdir bus-data"})
    static final class ExportPem extends PkiCommand {
        @Parameters(paramLabel = "NODE", description = "The node id, e.g. NL-NMT.")
        String node;

        @Option(names = "--purpose", required = true, paramLabel = "PURPOSE",
                description = "signing (also the node's TLS client key) or encryption.")
        String purpose;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The PEM file to write; must not exist.")
        Path outFile;

        @Option(names = "--with-certificate", description = "Append the certificate (one file with key and certificate).")
        boolean withCertificate;

        @Override
        void execute(PrintWriter out) {
            KeyPurpose keyPurpose = switch (purpose) {
                case "signing" -> KeyPurpose.SIGNING;
                case "encryption" -> KeyPurpose.ENCRYPTION;
                default -> throw new IllegalArgumentException("--purpose must be signing or encryption, was '" + purpose + "'");
            };
            if (withCertificate) {
                PemExport.keyAndCertificate(dir, node, keyPurpose, outFile, KeyStorePasswords.fromEnvironment());
            } else {
                PemExport.privateKey(dir, node, keyPurpose, outFile, KeyStorePasswords.fromEnvironment());
            }
            out.printf("wrote the %s key of %s to %s (rw-------, unencrypted: keep it safe and delete it when done)%n",
                    keyPurpose.label, node, outFile);
        }
    }
}
