package eu.bus.witnessing;

import eu.bus.broker.BusAddresses;
import eu.bus.broker.WireProperties;
import eu.bus.exchange.BrokerSender;
import eu.bus.witness.CosignerKey;
import eu.bus.witness.WitnessClient;
import eu.bus.witness.WitnessKeys;
import eu.bus.witness.WitnessResponse;
import eu.bus.witness.WitnessUnreachableException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One witness reached over the broker: the request goes to the witness's witness queue, the answer comes back to
 * this node's own (from another site too: the site links carry witness queues). The witness's
 * public key is the one published in the PKI ({@link WitnessKeys}).
 */
final class BrokerWitnessClient implements WitnessClient {

    /** Longer than a witness needs (a signature check, a proof check, one fsync), short enough for a round. */
    static final Duration ANSWER_WAIT = Duration.ofSeconds(10);
    /** At the last round, while the node stops: a witness that answered before answers well within this. */
    static final Duration CLOSING_WAIT = Duration.ofSeconds(2);

    private final String witness;
    private final Path pkiDir;
    private final BrokerSender sender;
    private final WitnessAnswers answers;
    private volatile Duration wait = ANSWER_WAIT;
    /** The witness's published key once read: a round asks for it several times, every few seconds. */
    private volatile CosignerKey key;

    BrokerWitnessClient(String witness, Path pkiDir, BrokerSender sender, WitnessAnswers answers) {
        this.witness = witness;
        this.pkiDir = pkiDir;
        this.sender = sender;
        this.answers = answers;
    }

    @Override
    public CosignerKey key() {
        return published().orElseThrow(() -> new IllegalStateException("witness " + witness
                + " has published no key (" + WitnessKeys.published(pkiDir, witness) + "): it makes one when it first starts"));
    }

    /** Read from the PKI until it is there, then kept (a witness's key stays for the node's run). */
    private Optional<CosignerKey> published() {
        if (key == null) {
            key = WitnessKeys.of(pkiDir, witness).orElse(null);
        }
        return Optional.ofNullable(key);
    }

    String witness() {
        return witness;
    }

    /** From now on waits at most this long for each answer (the node is stopping). */
    void waitAtMost(Duration shorter) {
        wait = shorter;
    }

    boolean hasKey() {
        return published().isPresent();
    }

    @Override
    public WitnessResponse addCheckpoint(byte[] request) throws WitnessUnreachableException {
        String id = UUID.randomUUID().toString();
        var answer = answers.expect(id, witness);
        try {
            sender.sendAll(List.of(new BrokerSender.Outbound(BusAddresses.witness(witness), request,
                    Map.of(WireProperties.WITNESS_REQUEST, id))));
            return answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new WitnessUnreachableException("no answer from " + witness + " within " + wait.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WitnessUnreachableException("interrupted while waiting for " + witness, e);
        } catch (ExecutionException | RuntimeException e) {
            throw new WitnessUnreachableException("cannot reach " + witness + ": " + e.getMessage(), e);
        } finally {
            answers.forget(id);
        }
    }
}
