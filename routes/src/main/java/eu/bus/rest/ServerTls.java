package eu.bus.rest;

import eu.bus.keys.KeyStorePassword;
import eu.bus.keys.ProtectedKeyStore;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The API server's TLS context: its own certificate from the bus CA, and a trust manager that lets
 * any client certificate through the handshake. The handshake still proves the client holds the
 * private key (TLS 1.3 CertificateVerify); whether the certificate is one of the bus is decided per
 * request with {@link eu.bus.keys.BusTrust} (chain, validity, CRL, key usage), so a refused certificate
 * gets a 401 that says why and how to fix it instead of a bare handshake failure, and health and
 * metrics stay reachable without any certificate.
 */
final class ServerTls {

    private ServerTls() {
    }

    /** The server's key from its key store (issued by {@code bus keys}; a missing one fails with the command to run). */
    static SSLContext context(ProtectedKeyStore serverKeys) {
        KeyStorePassword password = serverKeys.password();
        char[] chars = password.chars();
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(serverKeys.load(), chars);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(kmf.getKeyManagers(), new TrustManager[] {new DeferredClientTrust()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the API server key store " + serverKeys.file() + ": " + e.getMessage()
                    + "; issue a new one with 'bus keys tls' (see docs/API.md)", e);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /**
     * Accepts every client certificate at the TLS layer (checked per request instead) and names no
     * acceptable issuers, so a client sends the certificate it has and learns from the 401 what is wrong.
     */
    private static final class DeferredClientTrust extends X509ExtendedTrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // validated per request with BusTrust
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // validated per request with BusTrust
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // validated per request with BusTrust
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the API server does not connect to other servers");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
