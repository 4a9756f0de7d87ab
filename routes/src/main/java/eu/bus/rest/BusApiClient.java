package eu.bus.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.KeyStorePassword;
import eu.bus.keys.Pem;
import eu.bus.keys.PkiLayout;
import eu.bus.keys.ProtectedKeyStore;
import eu.bus.message.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * A client of {@link BusApiServer} that authenticates as one node: its signing key and certificate
 * (its password-protected PKCS#12 key store) for TLS client authentication, and the bus CA
 * ({@code ca.pem}) to check the server.
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
        ProtectedKeyStore keys = ProtectedKeyStore.ofNode(pkiDir, node, KeyPurpose.SIGNING);
        if (!keys.exists()) {
            throw new IllegalArgumentException("no keys for node " + node + " in " + pkiDir + " (" + keys.file()
                    + " is missing); name a node of this bus, or enrol it with: "
                    + eu.bus.keys.KeysHint.command("add " + node, pkiDir));
        }
        return new BusApiClient(base, tls(keys, new PkiLayout(pkiDir).caCertificate()));
    }

    /** TLS with the key store's key for client authentication (or none when null), trusting only the bus CA certificate. */
    public static SSLContext tls(ProtectedKeyStore clientKeys, Path caCertificate) {
        try {
            KeyManagerFactory kmf = null;
            if (clientKeys != null) {
                KeyStorePassword password = clientKeys.password();
                char[] chars = password.chars();
                try {
                    kmf = KeyManagerFactory.getInstance("PKIX");
                    kmf.init(clientKeys.load(), chars);
                } finally {
                    Arrays.fill(chars, '\0');
                }
            }
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("bus-ca", Pem.readCertificate(caCertificate));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS with " + (clientKeys == null ? "no client key store" : clientKeys.file())
                    + " and " + caCertificate + ": " + e.getMessage(), e);
        }
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

    /** The node's messages, sent and received, filtered as {@code bus messages list} does (null: no filter). */
    public Response messages(String status, String caseId, String since) throws IOException, InterruptedException {
        return get("/api/v1/messages" + query("status", status, "case", caseId, "since", since));
    }

    /** A received message's content, read for {@code purpose} (audited CONSULTED) by the named operator. */
    public Response content(String messageId, String purpose, String operator) throws IOException, InterruptedException {
        return send(operator(HttpRequest.newBuilder(base.resolve("/api/v1/messages/" + segment(messageId) + "/content"
                + query("purpose", purpose))).GET(), operator));
    }

    public Response deadLetters() throws IOException, InterruptedException {
        return get("/api/v1/dead-letters");
    }

    public Response deadLetter(String id) throws IOException, InterruptedException {
        return get("/api/v1/dead-letters/" + segment(id));
    }

    /** Has a refused sent message protected again and resent; {@code reason} goes to the audit log. */
    public Response resubmit(String id, String reason, String operator) throws IOException, InterruptedException {
        return send(operator(HttpRequest.newBuilder(base.resolve("/api/v1/dead-letters/" + segment(id) + "/resubmit"
                + query("reason", reason))).POST(HttpRequest.BodyPublishers.noBody()), operator));
    }

    /** Removes a received dead letter; {@code reason} goes to the audit log. */
    public Response discard(String id, String reason, String operator) throws IOException, InterruptedException {
        return send(operator(HttpRequest.newBuilder(base.resolve("/api/v1/dead-letters/" + segment(id)
                + query("reason", reason))).DELETE(), operator));
    }

    private static HttpRequest.Builder operator(HttpRequest.Builder request, String operator) {
        return operator == null ? request : request.header(OperatorApi.OPERATOR_HEADER, operator);
    }

    /** An id as one path segment: whatever it holds, it cannot reach another endpoint. */
    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code ?k=v&...} of the pairs whose value is not null, encoded. */
    private static String query(String... pairs) {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                q.append(q.length() == 0 ? '?' : '&').append(pairs[i]).append('=')
                        .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        return q.toString();
    }

    private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }
}
