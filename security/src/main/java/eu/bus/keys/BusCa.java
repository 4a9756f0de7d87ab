package eu.bus.keys;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CRLHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The bus certificate authority: issues node and TLS server certificates and CRLs. Its key lives in its own
 * key store in the offline CA directory ({@link PkiLayout#offlineCa()}); only {@code bus keys} commands load
 * it, and hold it in memory only while they sign.
 */
public final class BusCa {

    public static final String ORGANISATION = "bus";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final PrivateKey key;
    private final X509Certificate certificate;

    public BusCa(PrivateKey key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    /** A new self-signed CA (EC P-256, basicConstraints CA, keyCertSign + cRLSign). */
    public static BusCa create(String commonName, Instant notBefore, Instant notAfter) {
        KeyPair pair = newKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, commonName).addRDN(BCStyle.O, ORGANISATION).build();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, newSerial(),
                    Date.from(notBefore), Date.from(notAfter), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            return new BusCa(pair.getPrivate(), Pem.toCertificate(builder.build(signer(pair.getPrivate()))));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the bus CA certificate: " + e.getMessage(), e);
        }
    }

    /**
     * The CA of the PKI in {@code layout}, its key from {@code caStore}; refuses a key store of another CA,
     * which would sign certificates nobody here trusts.
     */
    public static BusCa load(PkiLayout layout, ProtectedKeyStore caStore) {
        ProtectedKeyStore.Entry entry = caStore.entry();
        X509Certificate published = Pem.readCertificate(layout.caCertificate());
        if (!published.equals(entry.certificate())) {
            throw new IllegalArgumentException("the CA key store " + caStore.file() + " belongs to the CA '"
                    + entry.certificate().getSubjectX500Principal() + "' (SHA-256 " + CertificateFingerprint.of(entry.certificate())
                    + "), not to the CA of " + layout.caCertificate() + " (SHA-256 " + CertificateFingerprint.of(published)
                    + "): name this PKI's CA directory with --ca-dir");
        }
        return new BusCa(entry.key(), published);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    PrivateKey key() {
        return key;
    }

    /** A node certificate: CN=node, OU=role, O=bus, C=country (national nodes), key usage per purpose. */
    public X509Certificate issue(String nodeId, KeyPurpose purpose, PublicKey subjectKey, Instant notBefore, Instant notAfter) {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        String country = NodeId.countryOf(nodeId);
        if (country != null) {
            name.addRDN(BCStyle.C, country);
        }
        name.addRDN(BCStyle.O, ORGANISATION).addRDN(BCStyle.OU, NodeRole.ofNodeId(nodeId).name()).addRDN(BCStyle.CN, nodeId);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, newSerial(),
                    Date.from(notBefore), Date.from(notAfter), name.build(), subjectKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(purpose.issuedUsage))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            return Pem.toCertificate(builder.build(signer(key)));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue the " + purpose.label + " certificate of " + nodeId + ": " + e.getMessage(), e);
        }
    }

    /** Reasons from RFC 5280 that the bus uses. */
    public enum RevocationReason {
        KEY_COMPROMISE(org.bouncycastle.asn1.x509.CRLReason.keyCompromise),
        SUPERSEDED(org.bouncycastle.asn1.x509.CRLReason.superseded);

        final int code;

        RevocationReason(int code) {
            this.code = code;
        }
    }

    /**
     * A new CRL holding every entry of {@code previous} (if any) plus {@code revoked}, numbered one higher.
     * Certificates already listed are not listed twice.
     */
    public X509CRL crl(X509CRL previous, Instant thisUpdate, Instant nextUpdate,
                       RevocationReason reason, X509Certificate... revoked) {
        try {
            X509v2CRLBuilder builder = new X509v2CRLBuilder(
                    X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), Date.from(thisUpdate));
            builder.setNextUpdate(Date.from(nextUpdate));
            BigInteger number = BigInteger.ONE;
            if (previous != null) {
                X509CRLHolder holder = new JcaX509CRLHolder(previous);
                builder.addCRL(holder);
                CRLNumber last = CRLNumber.getInstance(holder.getExtension(Extension.cRLNumber) == null
                        ? new ASN1Integer(0) : holder.getExtension(Extension.cRLNumber).getParsedValue());
                number = last.getCRLNumber().add(BigInteger.ONE);
            }
            for (X509Certificate cert : revoked) {
                if (previous == null || previous.getRevokedCertificate(cert.getSerialNumber()) == null) {
                    builder.addCRLEntry(cert.getSerialNumber(), Date.from(thisUpdate), reason.code);
                }
            }
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate));
            return new JcaX509CRLConverter().getCRL(builder.build(signer(key)));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue the CRL: " + e.getMessage(), e);
        }
    }

    /** A fresh P-256 key pair from the BouncyCastle provider. */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(Algorithms.CURRENT.keyAlgorithm, Providers.bouncyCastle());
            generator.initialize(new ECGenParameterSpec(Algorithms.CURRENT.curve), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an " + Algorithms.CURRENT.curveDisplayName + " key pair", e);
        }
    }

    static BigInteger newSerial() {
        // Random 127-bit positive serials: no serial counter to keep, no collision across rotations.
        return new BigInteger(127, RANDOM).setBit(120);
    }

    static ContentSigner signer(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(Algorithms.CURRENT.signature).setProvider(Providers.bouncyCastle()).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot create a " + Algorithms.CURRENT.signature + " signer", e);
        }
    }
}
