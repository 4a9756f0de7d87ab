package eu.bus.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.broker.BrokerAddress;
import eu.bus.exchange.ProcessFile;
import eu.bus.message.Json;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code DIR/run.json}: written by {@code bus run} once the bus and its API are up, removed when it
 * stops; how {@code bus submit} and {@code bus subscribe} find the running bus of a work directory,
 * and which broker it uses: the one embedded in it, or an external one ({@code bus broker}).
 */
public record RunFile(String apiHost, int apiPort, long pid, List<String> nodes, BrokerAddress broker,
                      boolean brokerEmbedded, Instant startedAt) {

    public static final String NAME = "run.json";

    public RunFile {
        nodes = List.copyOf(nodes);
    }

    public static Path path(Path workDir) {
        return workDir.resolve(NAME);
    }

    public URI apiUri() {
        return URI.create("https://" + apiHost + ":" + apiPort);
    }

    /** Whether the process that wrote the file still runs (a killed bus leaves its file behind). */
    public boolean processAlive() {
        return ProcessFile.alive(pid);
    }

    public void write(Path workDir) {
        ObjectNode doc = Json.mapper().createObjectNode();
        doc.putObject("api").put("host", apiHost).put("port", apiPort).put("url", apiUri().toString());
        doc.put("pid", pid);
        nodes.forEach(doc.putArray("nodes")::add);
        doc.putObject("broker").put("host", broker.host()).put("port", broker.port())
                .put("mode", brokerEmbedded ? "embedded" : "external");
        doc.put("startedAt", startedAt.toString());
        ProcessFile.write(path(workDir), doc);
    }

    public static Optional<RunFile> read(Path workDir) {
        return ProcessFile.read(path(workDir), RunFile::parse, "bus run --workdir " + workDir);
    }

    private static RunFile parse(JsonNode doc) {
        List<String> nodes = new ArrayList<>();
        doc.path("nodes").forEach(n -> nodes.add(n.asText()));
        JsonNode broker = doc.path("broker");
        return new RunFile(doc.path("api").path("host").asText(), doc.path("api").path("port").asInt(),
                doc.path("pid").asLong(), nodes, new BrokerAddress(broker.path("host").asText("127.0.0.1"),
                broker.path("port").asInt()), !"external".equals(broker.path("mode").asText()),
                Instant.parse(doc.path("startedAt").asText()));
    }

    public static void delete(Path workDir) {
        ProcessFile.delete(path(workDir));
    }
}
