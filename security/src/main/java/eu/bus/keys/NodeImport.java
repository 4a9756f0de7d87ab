package eu.bus.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * {@code bus keys import} (bring your own PKI): enrols a node whose certificates an agency's own CA issued. The
 * agency's CA, given with its CRL, becomes a trust anchor of the bus ({@link TrustAnchorStore}); the node's
 * certificates must pass {@link BusTrust} as every certificate does at run time (issued by a trusted CA, valid,
 * not revoked, key usage), be named for the node, and be on the bus's curve; the registry then pins them as it
 * pins the bus CA's. Private keys, when the agency hands them over in PKCS#12, go into the node's key stores
 * as the bus's own do. Nothing is written until every check passed; the registry is written last.
 */
public final class NodeImport {

    /**
     * What to import. {@code ca} and {@code crl}: the agency's CA and its CRL (both, for a CA not trusted yet);
     * {@code keyStores}: PKCS#12 files with private keys, besides certificate files given as PKCS#12.
     */
    public record Request(String nodeId, Path signingCertificate, Path encryptionCertificate, Path ca, Path crl,
                          List<Path> keyStores, String site, boolean replace) {
    }

    /**
     * What was done. {@code anchor}: the trust anchor's name if the certificates chain to one (null: the bus CA);
     * {@code anchorAdded}: it was new; {@code keysImported}: private keys were stored; {@code retired}: the
     * replaced certificates' files (with --replace).
     */
    public record Result(RegisteredNode node, String anchor, boolean anchorAdded, boolean keysImported, List<Path> retired) {
    }

    private final Clock clock;
    private final KeyStorePasswords passwords;

    public NodeImport(Clock clock, KeyStorePasswords passwords) {
        this.clock = clock;
        this.passwords = passwords;
    }

    public Result run(Path pkiDir, Request request) {
        String node = NodeId.requireValid(request.nodeId());
        NodeRole.ofNodeId(node);
        String site = request.site() == null ? NodeId.defaultSiteOf(node) : NodeId.requireValidSite(request.site());
        PkiLayout layout = new PkiLayout(pkiDir);
        NodeRegistry registry = NodeRegistry.load(pkiDir);
        Optional<RegisteredNode> existing = registry.find(node);
        if (existing.isPresent() && !request.replace()) {
            throw new IllegalArgumentException(node + " is already registered in " + layout.registry() + " (signing SHA-256 "
                    + existing.get().signingCertificateSha256() + "): to replace its certificates add --replace (the old ones"
                    + " are kept under " + layout.retired(node) + "); a node with keys from the bus CA is renewed with '"
                    + KeysHint.command("rotate " + node, pkiDir) + "'");
        }
        Instant now = clock.instant();
        ImportedFiles.Certificate[] given = {
                ImportedFiles.readNodeCertificate(request.signingCertificate(), "--signing-cert", node, passwords),
                ImportedFiles.readNodeCertificate(request.encryptionCertificate(), "--encryption-cert", node, passwords)};

        BusTrust trust = BusTrust.load(pkiDir);
        Anchor anchor = anchor(request, trust, layout, now);
        if (anchor.added()) {
            trust = trust.withAnchor(anchor.name(), anchor.ca(), anchor.crl());
        }
        for (KeyPurpose purpose : KeyPurpose.values()) {
            check(given[purpose.ordinal()], node, purpose, trust, now);
        }
        if (given[0].certificate().equals(given[1].certificate())
                || given[0].certificate().getPublicKey().equals(given[1].certificate().getPublicKey())) {
            throw new IllegalArgumentException(request.signingCertificate() + " and " + request.encryptionCertificate()
                    + " hold the same key: the bus keeps signing and encryption keys apart (docs/SECURITY.md); ask the agency"
                    + " for two key pairs, one certificate with digitalSignature and one with keyAgreement");
        }
        PrivateKey[] keys = keys(given, request.keyStores(), node);

        // every check passed: write the anchor, the certificates, the keys, then the registry that makes them count
        if (anchor.added()) {
            new TrustAnchorStore(pkiDir).install(anchor.name(), anchor.ca(), anchor.crl());
        } else if (anchor.crl() != null) {
            new TrustAnchorStore(pkiDir).writeCrl(anchor.name(), anchor.crl());
        }
        List<Path> retired = existing.isPresent() ? retire(layout, node) : List.of();
        X509Certificate issuer = trust.issuerOf(given[0].certificate(), KeyPurpose.SIGNING);
        for (KeyPurpose purpose : KeyPurpose.values()) {
            X509Certificate certificate = given[purpose.ordinal()].certificate();
            SecureFiles.writePublic(layout.certificate(node, purpose), Pem.certificate(certificate).getBytes(StandardCharsets.US_ASCII));
            if (keys != null) {
                ProtectedKeyStore.ofNode(pkiDir, node, purpose).with(passwords).write(keys[purpose.ordinal()], certificate, issuer);
            }
        }
        RegisteredNode entry = RegisteredNode.of(node, layout, site);
        registry.with(entry).save();
        return new Result(entry, anchor.name(), anchor.added(), keys != null, retired);
    }

    /** The CA the node's certificates chain to, when --ca names one: new (with its CRL), or already trusted. */
    private record Anchor(String name, X509Certificate ca, X509CRL crl, boolean added) {
    }

    private Anchor anchor(Request request, BusTrust trust, PkiLayout layout, Instant now) {
        if (request.ca() == null) {
            if (request.crl() != null) {
                throw new IllegalArgumentException("--crl " + request.crl() + " needs --ca (the CA whose CRL it is); to install"
                        + " a newer CRL of a trusted agency CA use '" + KeysHint.command("import-crl " + request.crl(), layout.dir()) + "'");
            }
            return new Anchor(null, null, null, false);
        }
        X509Certificate ca = ImportedFiles.readCa(request.ca());
        if (ca.equals(trust.caCertificate())) {
            return new Anchor(null, null, null, false); // the bus CA: already trusted, its CRL kept by bus keys crl
        }
        TrustAnchorStore.requireCa(ca, request.ca(), now);
        X509CRL crl = request.crl() == null ? null : ImportedFiles.readCrl(request.crl());
        TrustAnchor known = trust.anchorOf(ca);
        if (known != null) {
            if (crl != null) {
                known.updateCrl(crl); // refuses a CRL the anchor did not sign, or an older one
            }
            return new Anchor(known.name(), ca, crl, false);
        }
        if (ca.getSubjectX500Principal().equals(trust.caCertificate().getSubjectX500Principal())) {
            throw new IllegalArgumentException(request.ca() + " has the name of the bus CA ('" + ca.getSubjectX500Principal()
                    + "') but another key: the bus cannot tell two CAs of one name apart; the agency's CA needs its own name");
        }
        Path sameName = sameSubject(layout, ca);
        if (sameName != null) {
            throw new IllegalArgumentException(request.ca() + " has the name '" + ca.getSubjectX500Principal() + "' of the"
                    + " trust anchor " + sameName + " but another key: if the agency renewed its CA under the same name, remove "
                    + sameName + " and its .crl.pem once no registered node uses certificates of the old one, then import again");
        }
        if (crl == null) {
            // Required, not optional: without it a revocation by the agency would never be seen here (docs/SECURITY.md).
            throw new IllegalArgumentException("--ca " + request.ca() + " without --crl: the bus checks every certificate"
                    + " against its CA's CRL, and without one a certificate the agency revoked would still be accepted here;"
                    + " give the agency CA's current CRL with --crl FILE (PEM or DER)");
        }
        String name = TrustAnchorStore.nameOf(ca);
        new TrustAnchor(ca, crl, name, KeysHint.option(layout.dir())); // refuses a CRL not signed by the CA, or unnumbered
        return new Anchor(name, ca, crl, true);
    }

    private static Path sameSubject(PkiLayout layout, X509Certificate ca) {
        for (Path file : layout.anchorCertificates()) {
            if (Pem.readCertificate(file).getSubjectX500Principal().equals(ca.getSubjectX500Principal())) {
                return file;
            }
        }
        return null;
    }

    /** The checks of one certificate, each refusal with what the agency or the operator should do. */
    private static void check(ImportedFiles.Certificate given, String node, KeyPurpose purpose, BusTrust trust, Instant at) {
        X509Certificate certificate = given.certificate();
        String what = given.file() + " (the " + purpose.label + " certificate, serial " + certificate.getSerialNumber().toString(16) + ")";
        String named = CertificateNames.nodeIdOf(certificate);
        if (!node.equals(named)) {
            throw new IllegalArgumentException(what + " is issued to '" + certificate.getSubjectX500Principal() + "', not to "
                    + node + ": the bus ties a certificate to a node by its subject CN, which must be exactly '" + node
                    + "'; ask the agency for a certificate with CN=" + node + ", or import it under the node it names");
        }
        SubjectPublicKeyInfo key = SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded());
        AlgorithmIdentifier algorithm = key.getAlgorithm();
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())
                || !SECObjectIdentifiers.secp256r1.equals(algorithm.getParameters())) {
            throw new IllegalArgumentException(what + " has a " + Algorithms.describe(algorithm.getAlgorithm()) + " key"
                    + (algorithm.getParameters() instanceof org.bouncycastle.asn1.ASN1ObjectIdentifier curve
                    ? " on " + Algorithms.describe(curve) : "") + ": the bus signs with ECDSA and encrypts with ECDH on "
                    + Algorithms.CURRENT.curveDisplayName + " (docs/SECURITY.md); ask the agency for " + Algorithms.CURRENT.curveDisplayName + " keys");
        }
        try {
            trust.validate(certificate, purpose, at);
        } catch (UntrustedCertificateException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage() + ". To import it, give the agency CA that issued it"
                    + " ('" + certificate.getIssuerX500Principal() + "') with --ca FILE and its CRL with --crl FILE", e);
        } catch (WrongKeyUsageException e) {
            throw new IllegalArgumentException(what + " lacks the key usage " + (purpose == KeyPurpose.SIGNING
                    ? "digitalSignature" : "keyAgreement") + " that a " + purpose.label + " certificate needs: check that"
                    + " --signing-cert and --encryption-cert are not swapped, else ask the agency for a certificate with"
                    + " that key usage", e);
        } catch (CertificateRejectedException e) {
            // expired, not yet valid, revoked, revocation status unknown: the message says which and what to do
            throw new IllegalArgumentException(what + " cannot be imported: " + e.getMessage(), e);
        }
    }

    /**
     * The private keys, in purpose order, from the key stores among the certificate files and {@code keyStores};
     * null when none was given (the node runs where its keys are). Refuses a key that does not belong to its
     * certificate, a key store for neither certificate, and keys for one purpose only.
     */
    private PrivateKey[] keys(ImportedFiles.Certificate[] given, List<Path> keyStores, String node) {
        List<ImportedFiles.Certificate> entries = new ArrayList<>();
        for (ImportedFiles.Certificate certificate : given) {
            if (certificate.keyEntry() != null) {
                entries.add(certificate);
            }
        }
        for (Path file : keyStores == null ? List.<Path>of() : keyStores) {
            ProtectedKeyStore.Entry entry = ImportedFiles.readKeyStore(file, "--key-store", node, passwords);
            entries.add(new ImportedFiles.Certificate(entry.certificate(), entry, file));
        }
        if (entries.isEmpty()) {
            return null;
        }
        PrivateKey[] keys = new PrivateKey[KeyPurpose.values().length];
        for (ImportedFiles.Certificate entry : entries) {
            KeyPurpose purpose = null;
            for (KeyPurpose candidate : KeyPurpose.values()) {
                if (given[candidate.ordinal()].certificate().equals(entry.certificate())) {
                    purpose = candidate;
                }
            }
            if (purpose == null) {
                throw new IllegalArgumentException(entry.file() + " holds the key of the certificate serial "
                        + entry.certificate().getSerialNumber().toString(16) + " ('" + entry.certificate().getSubjectX500Principal()
                        + "'), which is neither the signing nor the encryption certificate given: give the key store of each"
                        + " certificate being imported");
            }
            if (!NodeCredentials.matches(entry.keyEntry().key(), entry.certificate())) {
                throw new IllegalArgumentException("the private key in " + entry.file() + " does not belong to its " + purpose.label
                        + " certificate (serial " + entry.certificate().getSerialNumber().toString(16) + "): the key store"
                        + " pairs a key with another key's certificate; ask the agency for the key store of that certificate");
            }
            keys[purpose.ordinal()] = entry.keyEntry().key();
        }
        for (KeyPurpose purpose : KeyPurpose.values()) {
            if (keys[purpose.ordinal()] == null) {
                throw new IllegalArgumentException("a private key was given for one of " + node + "'s certificates but not for"
                        + " its " + purpose.label + " certificate: give both key stores (--key-store FILE.p12, or the"
                        + " certificate as PKCS#12), or neither when " + node + " runs where its keys are");
            }
        }
        return keys;
    }

    /** Keeps the replaced certificates (and key stores) under retired/, as a rotation keeps the certificates. */
    private static List<Path> retire(PkiLayout layout, String node) {
        List<Path> retired = new ArrayList<>();
        for (KeyPurpose purpose : KeyPurpose.values()) {
            Path certificateFile = layout.certificate(node, purpose);
            if (!Files.exists(certificateFile)) {
                continue;
            }
            X509Certificate replaced = Pem.readCertificate(certificateFile);
            Path target = layout.retired(node, replaced, purpose, ".pem");
            SecureFiles.writePublic(target, readAll(certificateFile));
            retired.add(target);
            Path keyStore = layout.pkcs12(node, purpose);
            if (Files.exists(keyStore)) {
                // a key store left in place would be out of step with the registry; it stays under its own password
                try {
                    Files.move(keyStore, layout.retired(node, replaced, purpose, ".p12"), StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot move " + keyStore + " to " + layout.retired(node) + ": " + e.getMessage(), e);
                }
            }
        }
        return retired;
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
