package eu.bus.stats;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.message.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A generated set of bus messages about victims (referrals, intelligence reports naming one to three victims, assistance
 * requests and their answers), written as message documents, with the ground truth kept beside them: what each message
 * says, so that a test can count it by itself. Victims come back in later messages, some with a corrected age band;
 * nationalities follow a long tail, so many cells are small. Seeded: the same seed writes the same set.
 */
public final class StatsCorpus {

    static final String[] GENDERS = {"FEMALE", "MALE", "OTHER", "UNKNOWN"};
    static final double[] GENDER_WEIGHTS = {0.62, 0.30, 0.01, 0.07};
    static final String[] AGE_BANDS = {"0-11", "12-15", "16-17", "18-24", "25-34", "35-49", "50+", "UNKNOWN"};
    static final double[] AGE_WEIGHTS = {0.02, 0.05, 0.08, 0.35, 0.27, 0.15, 0.03, 0.05};
    static final String[] FORMS = {"SEXUAL", "LABOUR", "SERVICES", "BEGGING", "CRIMINAL_ACTIVITIES", "ORGAN_REMOVAL", "OTHER"};
    static final double[] FORM_WEIGHTS = {0.52, 0.28, 0.05, 0.04, 0.08, 0.003, 0.027};
    static final String[] COUNTRIES = {"RO", "BG", "NG", "HU", "PL", "NL", "FR", "DE", "UA", "CN", "VN", "MA", "AL", "BR",
            "PH", "IN", "PK", "SK", "CZ", "LT", "LV", "EE", "GR", "IT", "ES", "PT", "ER", "SY", "AF", "XX"};
    static final String[] NODES = {"NL-NMT", "BE-NMT", "DE-NMT", "FR-NMT", "RO-NMT", "BG-NMT"};

    /** A victim as one message states them. */
    public record Victim(String ref, String gender, String ageBand, String nationality, String form) {
    }

    /** What one generated message says. */
    public record Message(String id, String type, Instant createdAt, String caseId, String fromCountry, String inReplyTo,
                          List<Victim> victims) {
    }

    private final Random random;
    private final List<Victim> known = new ArrayList<>();
    private final List<Message> requests = new ArrayList<>();
    private final List<Message> messages = new ArrayList<>();

    private StatsCorpus(long seed) {
        random = new Random(seed);
    }

    /**
     * Writes {@code count} messages (and a copy of every hundredth under another file name, as when two nodes deliver
     * the same message) into {@code dir}; returns what they say.
     */
    public static List<Message> write(Path dir, int count, long seed) {
        StatsCorpus corpus = new StatsCorpus(seed);
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < count; i++) {
                Message m = corpus.next();
                byte[] document = Json.mapper().writeValueAsBytes(document(m));
                Files.write(dir.resolve(String.format("%07d-%s.json", i, m.id())), document);
                if (i % 100 == 0) {
                    Files.write(dir.resolve(String.format("copy-%07d.json", i)), document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(corpus.messages);
    }

    private Message next() {
        double kind = random.nextDouble();
        Instant at = Instant.parse((2023 + random.nextInt(4)) + "-01-01T00:00:00Z").plusSeconds(random.nextInt(365 * 86_400));
        String caseId = String.format("CASE-%d-%06d", 2023 + random.nextInt(4), random.nextInt(Math.max(1, messages.size() / 12 + 5)));
        Message m;
        if (kind < 0.62) {
            m = new Message(UUID.randomUUID().toString(), "victim-referral", at, caseId, pick(COUNTRIES, null), null, List.of(victim()));
        } else if (kind < 0.92) {
            List<Victim> victims = new ArrayList<>();
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                Victim v = victim();
                if (victims.stream().noneMatch(x -> x.ref().equals(v.ref()))) {
                    victims.add(v);
                }
            }
            m = new Message(UUID.randomUUID().toString(), "intelligence-report", at, caseId, null, null, victims);
        } else if (kind < 0.96 || requests.isEmpty()) {
            m = new Message(UUID.randomUUID().toString(), "assistance-request", at, caseId, null, null, List.of());
            requests.add(m);
        } else {
            Message request = requests.remove(random.nextInt(requests.size()));
            Instant answered = request.createdAt().plus(Duration.ofMinutes(60 + random.nextInt(30 * 1440)));
            m = new Message(UUID.randomUUID().toString(), "assistance-response", answered, request.caseId(), null, request.id(), List.of());
        }
        messages.add(m);
        return m;
    }

    /** A victim named before (one in three), sometimes with a corrected age band, or a new one. */
    private Victim victim() {
        if (!known.isEmpty() && random.nextInt(3) == 0) {
            Victim before = known.get(random.nextInt(known.size()));
            if (random.nextInt(10) == 0) {
                return new Victim(before.ref(), before.gender(), pick(AGE_BANDS, AGE_WEIGHTS), before.nationality(), before.form());
            }
            return before;
        }
        Victim v = new Victim(String.format("V-%06d", known.size()), pick(GENDERS, GENDER_WEIGHTS), pick(AGE_BANDS, AGE_WEIGHTS),
                nationality(), pick(FORMS, FORM_WEIGHTS));
        known.add(v);
        return v;
    }

    /** A long tail: the first countries are common, the last rare. */
    private String nationality() {
        return COUNTRIES[(int) Math.min(COUNTRIES.length - 1, Math.floor(-Math.log(1 - random.nextDouble()) * 4))];
    }

    private String pick(String[] values, double[] weights) {
        if (weights == null) {
            return values[random.nextInt(values.length)];
        }
        double x = random.nextDouble();
        for (int i = 0; i < values.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    private static ObjectNode document(Message m) {
        ObjectNode doc = Json.mapper().createObjectNode();
        ObjectNode header = doc.putObject("header");
        header.put("messageId", m.id()).put("messageType", m.type()).put("schemaVersion", "1.0").put("sender", NODES[0]);
        header.putArray("recipients").add(NODES[1]);
        header.put("createdAt", m.createdAt().toString()).put("handlingCode", "H1").put("classification", "RESTRICTED")
                .put("caseId", m.caseId());
        if (m.inReplyTo() != null) {
            header.put("inReplyTo", m.inReplyTo());
        }
        ObjectNode payload = doc.putObject("payload");
        switch (m.type()) {
            case "victim-referral" -> {
                victim(payload.putObject("victim"), m.victims().get(0));
                payload.put("fromCountry", m.fromCountry()).put("toCountry", "BE");
                payload.putArray("needs").add("SHELTER");
                payload.put("victimConsent", true).put("urgency", "ROUTINE").put("notes", "free text the statistics never read");
            }
            case "intelligence-report" -> {
                payload.put("title", "Generated report").put("summary", "free text the statistics never read");
                payload.putArray("countriesInvolved").add("NL");
                payload.putArray("exploitationForms").add(m.victims().get(0).form());
                ArrayNode victims = payload.putArray("victims");
                m.victims().forEach(v -> victim(victims.addObject(), v));
            }
            case "assistance-request" -> payload.put("requestType", "INFORMATION").put("subject", "generated")
                    .put("description", "free text").put("deadline", m.createdAt().plus(Duration.ofDays(14)).toString().substring(0, 10))
                    .put("urgency", "ROUTINE");
            default -> payload.put("status", "FULFILLED").put("answer", "free text");
        }
        return doc;
    }

    private static void victim(ObjectNode node, Victim v) {
        boolean minor = v.ageBand().equals("0-11") || v.ageBand().equals("12-15") || v.ageBand().equals("16-17");
        node.put("victimRef", v.ref()).put("ageBand", v.ageBand()).put("gender", v.gender()).put("nationality", v.nationality())
                .put("exploitationForm", v.form()).put("minor", minor);
    }
}
