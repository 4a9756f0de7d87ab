package eu.bus.rest;

import com.sun.net.httpserver.HttpsExchange;
import eu.bus.keys.CertificateRejectedException;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.NodeTrust;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Who is asking: the node whose registered signing certificate the client presented in the TLS session,
 * checked on every request ({@link NodeTrust}: bus CA, validity, key usage, the current CRL and the
 * certificate the current registry pins; a new {@code crl.pem} or {@code registry.json}, e.g. after
 * {@code bus keys revoke} or {@code rotate}, is picked up at the next request).
 */
final class ClientAuthenticator {

    private final NodeTrust trust;
    private final Path pkiDir;
    private final Clock clock;

    ClientAuthenticator(NodeTrust trust, Path pkiDir, Clock clock) {
        this.trust = trust;
        this.pkiDir = pkiDir;
        this.clock = clock;
    }

    /** The node id of the client certificate; a 401 {@link ApiException} otherwise. */
    String authenticate(HttpsExchange exchange) {
        Certificate[] chain;
        try {
            chain = exchange.getSSLSession().getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            throw new ApiException(401, "client-certificate",
                    "no client certificate: present your node's signing certificate and key, issued by the bus CA "
                            + "(curl: --cacert " + pkiDir + "/ca.pem --cert " + pkiDir + "/nodes/NODE/signing.pem --key KEY.pem,"
                            + " the key exported with '"
                            + eu.bus.keys.KeysHint.command("export-pem NODE --purpose signing --out KEY.pem", pkiDir)
                            + "'; see docs/API.md)");
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
            throw new ApiException(401, "client-certificate", "the client certificate is not an X.509 certificate; "
                    + "present your node's signing certificate issued by the bus CA");
        }
        try {
            return trust.authenticate(certificate, KeyPurpose.SIGNING, clock.instant());
        } catch (CertificateRejectedException e) {
            throw new ApiException(401, "client-certificate", "client certificate refused: " + e.getMessage());
        }
    }
}
