package eu.bus.reliability;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditRecord;
import eu.bus.broker.BusAddresses;
import eu.bus.cli.BusCommand;
import eu.bus.cli.ExitCodes;
import eu.bus.exchange.BusLayout;
import eu.bus.exchange.BusNetwork;
import eu.bus.exchange.TestMessages;
import eu.bus.exchange.WireHeaders;
import eu.bus.keys.DevPki;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.ProtectedKeyStore;
import eu.bus.message.Json;
import eu.bus.rest.BusApiClient;
import eu.bus.rest.BusApiServer;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Property-based hostile input through every way into a node: the REST API's submit, the drop
 * directory, a raw message put on a node's inbox over the broker (by a node with valid credentials),
 * and {@code bus validate}. Inputs are random bytes, random text, and valid messages with one thing
 * broken (a value replaced by another of any JSON type, a field removed or added, the bytes cut short, a
 * key repeated, deep nesting). Each must get an answer with a reason, never an internal error: a 4xx
 * with a rule and an error text, a {@code failed/NAME.error}, a dead letter with an audit record, an
 * exit code 2 with an INVALID line (or the message is accepted, if the mutation left it valid). After
 * all of it the node still takes and delivers a valid message.
 */
class HostileInputPropertyTest {

    static final String SENDER = "NL-NMT";
    static final String RECIPIENT = "BE-NMT";
    static final List<String> EXAMPLES = List.of("victim-referral-1.json", "intelligence-report-1.json", "case-open-1.json",
            "assistance-request-1.json");
    static final Duration ANSWER = Duration.ofSeconds(30);

    static Path dir;
    static BusLayout layout;
    static BusNetwork bus;
    static BusApiServer api;
    static BusApiClient client;
    static ActiveMQConnectionFactory hostileFactory;
    static Connection hostile;
    static final List<AuditRecord> RECIPIENT_AUDIT = new CopyOnWriteArrayList<>();
    static final AtomicInteger TRIES = new AtomicInteger();

    @BeforeContainer
    static void start() throws Exception {
        dir = Files.createTempDirectory("hostile-input");
        layout = new BusLayout(dir);
        DevPki.init(layout.pki(), List.of(SENDER, RECIPIENT));
        bus = BusNetwork.start(layout, List.of(SENDER, RECIPIENT), Clock.systemUTC(), audit -> audit.onRecord(r -> {
            if (RECIPIENT.equals(r.node())) {
                RECIPIENT_AUDIT.add(r);
            }
        }));
        api = BusApiServer.start(bus, BusApiServer.Settings.defaults(), Clock.systemUTC());
        client = BusApiClient.forNode(layout.pki(), SENDER, api.baseUri());
        hostileFactory = bus.broker().connectionFactory(ProtectedKeyStore.ofNode(layout.pki(), SENDER, KeyPurpose.SIGNING));
        hostile = hostileFactory.createConnection();
    }

    @AfterContainer
    static void stillWorksThenStop() throws Exception {
        try {
            // The node keeps working: a valid message after all the hostile ones is delivered.
            byte[] valid = TestMessages.freshBytes("victim-referral-1.json", SENDER, List.of(RECIPIENT));
            String id = bus.node(SENDER).submit(valid);
            await().atMost(ANSWER).until(() -> Files.exists(layout.delivered(RECIPIENT).resolve(id + ".json")));
            System.out.println("hostile input: " + TRIES.get() + " tries answered with a reason; a valid message afterwards was delivered");
        } finally {
            hostile.close();
            hostileFactory.close();
            api.close();
            bus.close();
            deleteRecursively(dir); // a dev PKI with private keys: not left behind in the temp directory
        }
    }

    private static void deleteRecursively(Path root) throws java.io.IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Property
    void shouldAnswerEveryRestSubmissionWithAStatusAndAReason(@ForAll("hostileDocuments") byte[] document) throws Exception {
        BusApiClient.Response answer = client.submit(document);
        TRIES.incrementAndGet();
        if (answer.status() == 202) {
            require(answer.json().path("messageId").isTextual(), "202 without a message id: " + answer.body());
            return;
        }
        require(answer.status() >= 400 && answer.status() < 500, "not a refusal of the request: HTTP " + answer.status() + " "
                + answer.body());
        JsonNode body = answer.json();
        require(!body.path("error").asText().isBlank() && !body.path("rule").asText().isBlank(),
                "a refusal without its reason: " + answer.body());
        requireNoInternals(answer.body());
    }

    @Property(tries = 15)
    void shouldGiveEveryDropFileExactlyOneOutcomeWithAReason(@ForAll("hostileDocuments") byte[] document) throws Exception {
        Path outbox = layout.outbox(SENDER);
        Files.createDirectories(outbox);
        String name = "hostile-" + UUID.randomUUID() + ".json";
        Path tmp = outbox.resolve(name + ".tmp");
        Files.write(tmp, document);
        Files.move(tmp, outbox.resolve(name), StandardCopyOption.ATOMIC_MOVE); // the documented way to drop a file
        TRIES.incrementAndGet();
        await().atMost(ANSWER).until(() -> outcome(outbox, name).isPresent());
        Path outcome = outcome(outbox, name).orElseThrow();
        if (outcome.getParent().getFileName().toString().equals("failed")) {
            Path error = outcome.resolveSibling(outcome.getFileName() + ".error");
            require(Files.exists(error), "failed/" + name + " has no .error beside it");
            String why = Files.readString(error);
            require(!why.isBlank(), "an empty .error for " + name);
            requireNoInternals(why);
        }
    }

    @Property
    void shouldDeadLetterEveryRawInboxMessageWithAnAuditedReason(@ForAll("hostileDocuments") byte[] body,
                                                                   @ForAll("hostileHeaders") String headerJson) throws Exception {
        String claimedId = UUID.randomUUID().toString();
        try (Session session = hostile.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(session.createQueue(BusAddresses.inbox(RECIPIENT)));
            BytesMessage m = session.createBytesMessage();
            m.writeBytes(body);
            m.setStringProperty(WireHeaders.BUS_HEADER, headerJson);
            m.setStringProperty(WireHeaders.MESSAGE_ID, claimedId);
            m.setStringProperty(WireHeaders.DUPLICATE_ID, UUID.randomUUID().toString());
            try {
                producer.send(m);
            } catch (JMSException refusedByBroker) {
                TRIES.incrementAndGet(); // the broker's guards refused it at the door, saying why
                require(refusedByBroker.getMessage() != null && !refusedByBroker.getMessage().isBlank(),
                        "the broker refused a message without a reason");
                return;
            }
        }
        TRIES.incrementAndGet();
        await().atMost(ANSWER).until(() -> RECIPIENT_AUDIT.stream().anyMatch(r -> r.event() == AuditEvent.DEAD_LETTERED
                && r.reason() != null && r.reason().contains(claimedId)));
    }

    @Property
    void shouldAnswerEveryValidateWithOkOrInvalidAndAReason(@ForAll("hostileDocuments") byte[] document) throws Exception {
        Path file = Files.createTempFile(dir, "validate-", ".json");
        Files.write(file, document);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cmd = ExitCodes.newCommandLine(new BusCommand());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute("validate", file.toString());
        TRIES.incrementAndGet();
        require(exit == ExitCodes.OK && out.toString().startsWith("OK")
                        || exit == ExitCodes.INVALID_INPUT && err.toString().startsWith("INVALID  " + file)
                        && err.toString().length() > ("INVALID  " + file).length() + 10,
                "bus validate answered " + exit + ": " + out + err);
        requireNoInternals(err.toString());
    }

    private static Optional<Path> outcome(Path outbox, String name) throws Exception {
        for (String where : List.of("done", "failed")) {
            Path d = outbox.resolve(where);
            if (Files.isDirectory(d)) {
                try (Stream<Path> files = Files.list(d)) {
                    Optional<Path> found = files.filter(f -> f.getFileName().toString().equals(name)).findFirst();
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** An answer for a person: no stack trace, no exception class names. */
    private static void requireNoInternals(String text) {
        require(!text.contains("\tat ") && !text.matches("(?s).*\\b[a-z]+(\\.[a-z]+)+\\.[A-Z]\\w*(Exception|Error)\\b.*"),
                "internals leak into the answer: " + text);
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    @Provide
    Arbitrary<byte[]> hostileDocuments() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(600),
                Arbitraries.strings().ofMaxLength(400).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                brokenMessages());
    }

    @Provide
    Arbitrary<String> hostileHeaders() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(300),
                brokenMessages().map(b -> {
                    try {
                        JsonNode doc = Json.mapper().readTree(b);
                        return doc != null && doc.has("header") ? doc.get("header").toString() : new String(b, StandardCharsets.UTF_8);
                    } catch (Exception notJson) {
                        return new String(b, StandardCharsets.UTF_8);
                    }
                }));
    }

    /** A valid message (fresh id, from the sender to the recipient) with one thing broken. */
    Arbitrary<byte[]> brokenMessages() {
        return Combinators.combine(Arbitraries.of(EXAMPLES), Arbitraries.of(Break.values()),
                Arbitraries.integers().between(0, 10_000), jsonValues()).as(HostileInputPropertyTest::broken);
    }

    enum Break { REPLACE, REMOVE, ADD, CUT, REPEAT_KEY, NEST }

    static byte[] broken(String example, Break how, int where, JsonNode value) {
        ObjectNode doc = TestMessages.fresh(example, SENDER, List.of(RECIPIENT));
        List<String> pointers = new ArrayList<>();
        collect(doc, "", pointers);
        String pointer = pointers.get(where % pointers.size());
        switch (how) {
            case REPLACE -> replace(doc, pointer, value);
            case REMOVE -> remove(doc, pointer);
            case ADD -> ((ObjectNode) doc.get(where % 2 == 0 ? "header" : "payload")).set("extra" + where, value);
            case CUT -> {
                byte[] bytes = TestMessages.bytes(doc);
                byte[] cut = new byte[where % bytes.length];
                System.arraycopy(bytes, 0, cut, 0, cut.length);
                return cut;
            }
            case REPEAT_KEY -> {
                String text = new String(TestMessages.bytes(doc), StandardCharsets.UTF_8);
                return text.replaceFirst("\"sender\":", "\"sender\":\"EUROPOL\",\"sender\":").getBytes(StandardCharsets.UTF_8);
            }
            case NEST -> {
                return ("{\"header\":" + "[".repeat(50 + where % 200) + "]".repeat(50 + where % 200) + "}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            default -> throw new IllegalArgumentException(how.name());
        }
        return TestMessages.bytes(doc);
    }

    /** Any kind of JSON value, awkward ones included. */
    static Arbitrary<JsonNode> jsonValues() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(80).map(s -> (JsonNode) Json.mapper().getNodeFactory().textNode(s)),
                Arbitraries.longs().map(n -> (JsonNode) Json.mapper().getNodeFactory().numberNode(n)),
                Arbitraries.doubles().map(n -> (JsonNode) Json.mapper().getNodeFactory().numberNode(n)),
                Arbitraries.of(true, false).map(b -> (JsonNode) Json.mapper().getNodeFactory().booleanNode(b)),
                Arbitraries.just((JsonNode) Json.mapper().getNodeFactory().nullNode()),
                Arbitraries.just((JsonNode) Json.mapper().createObjectNode()),
                Arbitraries.just((JsonNode) Json.mapper().createArrayNode()),
                Arbitraries.strings().ofMinLength(5_000).ofMaxLength(20_000).map(s -> (JsonNode) Json.mapper().getNodeFactory().textNode(s)));
    }

    private static void collect(JsonNode node, String at, List<String> out) {
        if (!at.isEmpty()) {
            out.add(at);
        }
        if (node.isObject()) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                collect(node.get(name), at + "/" + name, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), at + "/" + i, out);
            }
        }
    }

    private static void replace(ObjectNode doc, String pointer, JsonNode value) {
        JsonNode parent = doc.at(pointer.substring(0, pointer.lastIndexOf('/')));
        String last = pointer.substring(pointer.lastIndexOf('/') + 1);
        if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else if (parent instanceof ArrayNode a) {
            a.set(Integer.parseInt(last), value);
        }
    }

    private static void remove(ObjectNode doc, String pointer) {
        JsonNode parent = doc.at(pointer.substring(0, pointer.lastIndexOf('/')));
        String last = pointer.substring(pointer.lastIndexOf('/') + 1);
        if (parent instanceof ObjectNode o) {
            o.remove(last);
        } else if (parent instanceof ArrayNode a) {
            a.remove(Integer.parseInt(last));
        }
    }
}
