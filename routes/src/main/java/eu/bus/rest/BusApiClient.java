package eu.bus.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import eu.bus.keys.DevPki;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.PkiLayout;
import eu.bus.keys.TransportPki;
import eu.bus.message.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * A client of {@link BusApiServer} that authenticates as one node: its signing key and certificate
 * (PKCS#12) for TLS client authentication, and the bus CA trust store to check the server.
 */
public final class BusApiClient {

    /** One answer of the API: the status and the body, parsed as JSON when it is JSON. */
    public record Response(int status, String body) {
        public JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                return MissingNode.getInstance();
            }
        }
    }

    private final HttpClient http;
    private final URI base;

    public BusApiClient(URI base, SSLContext tls) {
        this.base = base;
        SSLParameters params = tls.getDefaultSSLParameters();
        params.setProtocols(new String[] {"TLSv1.3"});
        this.http = HttpClient.newBuilder()
                .sslContext(tls)
                .sslParameters(params)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** A client for {@code node} with the keys of the PKI in {@code pkiDir}. */
    public static BusApiClient forNode(Path pkiDir, String node, URI base) {
        Path keyStore = new PkiLayout(pkiDir).pkcs12(node, KeyPurpose.SIGNING);
        if (!Files.exists(keyStore)) {
            throw new IllegalArgumentException("no keys for node " + node + " in " + pkiDir + " (" + keyStore
                    + " is missing); name a node of this bus, or issue keys with: bus keys rotate " + node + " --dir " + pkiDir);
        }
        return new BusApiClient(base, tls(keyStore, TransportPki.trustStore(pkiDir)));
    }

    /** TLS with the key store's key for client authentication (or none when null) and the CA trust store. */
    public static SSLContext tls(Path keyStore, Path trustStore) {
        try {
            KeyManagerFactory kmf = null;
            if (keyStore != null) {
                kmf = KeyManagerFactory.getInstance("PKIX");
                kmf.init(load(keyStore), DevPki.DEV_PKCS12_PASSWORD.toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(load(trustStore));
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS with " + keyStore + " and " + trustStore + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, DevPki.DEV_PKCS12_PASSWORD.toCharArray());
        }
        return store;
    }

    public URI base() {
        return base;
    }

    public Response get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    public Response post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    /** Submits a message document; 202 with the message id, or the refusal. */
    public Response submit(byte[] document) throws IOException, InterruptedException {
        return post("/api/v1/messages", "application/json", document);
    }

    public Response status(String messageId) throws IOException, InterruptedException {
        return get("/api/v1/messages/" + messageId);
    }

    public Response follow(String caseId) throws IOException, InterruptedException {
        return post("/api/v1/cases/" + caseId + "/subscriptions", null, new byte[0]);
    }

    private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }
}
