package eu.bus.keys;

import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * TLS server certificates (SAN localhost, 127.0.0.1 and the host names given, EKU serverAuth), issued by the bus CA when the
 * PKI is made ({@code bus keys init}) or renewed ({@code bus keys tls NAME}): never by a running server,
 * which has no access to the CA's key. Nodes authenticate with their signing key and certificate
 * (digitalSignature), so a node has no third key to manage; both sides trust {@code ca.pem}.
 */
public final class ServerCertificates {

    /** The broker's TLS identity (BrokerSettings' default name). */
    public static final String BROKER = "bus-broker";
    /** The REST API's TLS identity. */
    public static final String API = "bus-api";
    /** Issued by {@code bus keys init} unless told otherwise. */
    public static final List<String> DEFAULTS = List.of(BROKER, API);

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");
    /** A DNS host name: letters, digits and '-' in dot-separated labels (clients check the name they dial against it). */
    private static final Pattern HOST_NAME = Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private ServerCertificates() {
    }

    /** Server names become directory names and password variables; "ca" would share the CA's variable. */
    public static String requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.equalsIgnoreCase(PkiLayout.CA_OWNER)) {
            throw new IllegalArgumentException("'" + name + "' is not a TLS server name: use lower-case letters, digits"
                    + " and '-', starting with a letter, e.g. " + BROKER + " or " + API);
        }
        return name;
    }

    /** A host name a server is reached by besides localhost (e.g. broker-nl, a container's name), checked. */
    public static String requireValidHostName(String hostName) {
        if (hostName == null || hostName.length() > 253 || !HOST_NAME.matcher(hostName).matches()) {
            throw new IllegalArgumentException("'" + hostName + "' is not a DNS host name: letters, digits and '-' in labels"
                    + " separated by '.', e.g. broker-nl or broker.bus.example.eu");
        }
        return hostName;
    }

    static X509Certificate issue(BusCa ca, String name, KeyPair pair, java.time.Instant notBefore, java.time.Instant notAfter,
                                 List<String> hostNames) {
        List<GeneralName> names = new java.util.ArrayList<>(List.of(new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        hostNames.forEach(h -> names.add(new GeneralName(GeneralName.dNSName, requireValidHostName(h))));
        try {
            var builder = new JcaX509v3CertificateBuilder(ca.certificate(), BusCa.newSerial(),
                    Date.from(notBefore), Date.from(notAfter),
                    new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, BusCa.ORGANISATION)
                            .addRDN(BCStyle.OU, "SERVER").addRDN(BCStyle.CN, name).build(),
                    pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    // clientAuth too: a site's broker presents the same certificate when it links to another site.
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    // Clients (Artemis connectors, the API's) verify the name they dial: a broker in another container
                    // is dialled by its host name, so that name must be here too.
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            return Pem.toCertificate(builder.build(BusCa.signer(ca.key())));
        } catch (IOException e) {
            throw new IllegalStateException("cannot issue the TLS certificate of " + name + ": " + e.getMessage(), e);
        }
    }
}
