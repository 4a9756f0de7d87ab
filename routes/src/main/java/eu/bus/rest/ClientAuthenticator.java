package eu.bus.rest;

import com.sun.net.httpserver.HttpsExchange;
import eu.bus.keys.BusTrust;
import eu.bus.keys.CertificateNames;
import eu.bus.keys.CertificateRejectedException;
import eu.bus.keys.KeyPurpose;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Who is asking: the node named in the client certificate of the TLS session, validated against
 * the bus CA on every request (chain, validity, key usage, and the current CRL: a new
 * {@code crl.pem}, e.g. after {@code bus keys revoke}, is picked up at the next request).
 */
final class ClientAuthenticator {

    private final BusTrust trust;
    private final Path pkiDir;
    private final Clock clock;

    /** BusTrust follows pki/crl.pem, so a revocation is refused at the next request. */
    ClientAuthenticator(Path pkiDir, Clock clock) {
        this.pkiDir = pkiDir;
        this.trust = BusTrust.load(pkiDir);
        this.clock = clock;
    }

    /** The node id of the validated client certificate; a 401 {@link ApiException} otherwise. */
    String authenticate(HttpsExchange exchange) {
        Certificate[] chain;
        try {
            chain = exchange.getSSLSession().getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            throw new ApiException(401, "client-certificate",
                    "no client certificate: present your node's signing certificate and key, issued by the bus CA "
                            + "(curl: --cert " + pkiDir + "/nodes/NODE/signing.pem --key " + pkiDir
                            + "/nodes/NODE/signing-key.pem --cacert " + pkiDir + "/ca.pem)");
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
            throw new ApiException(401, "client-certificate", "the client certificate is not an X.509 certificate; "
                    + "present your node's signing certificate issued by the bus CA");
        }
        try {
            trust.validate(certificate, KeyPurpose.SIGNING, clock.instant());
        } catch (CertificateRejectedException e) {
            throw new ApiException(401, "client-certificate", "client certificate refused: " + e.getMessage());
        }
        String node = CertificateNames.nodeIdOf(certificate);
        if (node == null) {
            throw new ApiException(401, "client-certificate", "the client certificate names no node (no subject CN); "
                    + "use the signing certificate the bus CA issued to your node");
        }
        return node;
    }
}
