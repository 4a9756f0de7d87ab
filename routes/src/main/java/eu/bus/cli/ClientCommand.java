package eu.bus.cli;

import eu.bus.exchange.BusLayout;
import eu.bus.keys.KeyStorePasswordException;
import eu.bus.keys.MissingKeyStoreException;
import eu.bus.rest.BusApiClient;
import eu.bus.rest.RunFile;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLException;
import picocli.CommandLine;

/**
 * Shared by the commands that talk to a running bus ({@code bus run}) through its REST API: finds
 * it from {@code DIR/run.json}, authenticates as {@code --as NODE} with that node's keys, and maps
 * failures to exit codes with messages that say what to do.
 */
abstract class ClientCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The work directory of the running bus (as given to bus run). */
    @CommandLine.Mixin
    WorkDirOption workDir;

    /** Bad input (a file, an id, a refusal by the bus): exit 2 with the message. */
    static final class InvalidInput extends RuntimeException {
        InvalidInput(String message) {
            super(message);
        }
    }

    /** The bus cannot be reached or failed: exit 4 with the message. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }

    abstract int execute() throws Exception;

    @Override
    public final Integer call() {
        try {
            int code = execute();
            spec.commandLine().getOut().flush();
            return code;
        } catch (InvalidInput | IllegalArgumentException | KeyStorePasswordException | MissingKeyStoreException e) {
            // the node's key store or its password: the user fixes it (the message says how)
            return fail(ExitCodes.INVALID_INPUT, e.getMessage());
        } catch (Unavailable e) {
            return fail(ExitCodes.INTERNAL, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(ExitCodes.INTERNAL, "interrupted");
        } catch (Exception e) {
            return fail(ExitCodes.INTERNAL, String.valueOf(e.getMessage()));
        }
    }

    int fail(int code, String message) {
        return ExitCodes.fail(spec, code, message);
    }

    Path dir() {
        return workDir.path();
    }

    private String notRunning() {
        return "no bus is running in " + dir() + "; start one with: bus run --workdir " + dir();
    }

    /** The API client for {@code node} on the bus running in the work directory. */
    BusApiClient client(String node) {
        RunFile run = RunFile.read(dir()).orElseThrow(() -> new Unavailable(notRunning()));
        if (!run.processAlive()) {
            throw new Unavailable(notRunning() + " (" + RunFile.path(dir()) + " is left over from process " + run.pid()
                    + ", which has ended; bus run replaces it)");
        }
        return BusApiClient.forNode(new BusLayout(dir()).pki(), node, run.apiUri());
    }

    /** Calls the API; a bus that does not answer is exit 4 with what to do. */
    <T> T call(String what, ApiCall<T> call) throws InterruptedException {
        try {
            return call.run();
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new Unavailable(notRunning() + " (nothing answers at the address in " + RunFile.path(dir()) + ")");
        } catch (SSLException e) {
            throw new Unavailable("the TLS connection to the bus failed while " + what + " (" + e.getMessage()
                    + "); check that " + dir().resolve("pki") + " is the PKI of the running bus");
        } catch (IOException e) {
            throw new Unavailable("the bus did not answer while " + what + ": " + e.getMessage()
                    + "; check the terminal of bus run, then try again");
        }
    }

    interface ApiCall<T> {
        T run() throws IOException, InterruptedException;
    }

    /** The refusal in the server's words, for stderr. */
    static String refusal(BusApiClient.Response response) {
        var json = response.json();
        String error = json.path("error").asText(null);
        String rule = json.path("rule").asText(null);
        StringBuilder text = new StringBuilder(error != null ? error : "HTTP " + response.status());
        if (rule != null && !rule.isEmpty() && !rule.equals("invalid")) {
            text.append(" [rule ").append(rule).append(']');
        }
        return text.toString();
    }

    /** Exit code for an HTTP refusal: the bus's fault (5xx) is 4, everything the caller can fix is 2. */
    static int exitCodeOf(int status) {
        return status >= 500 ? ExitCodes.INTERNAL : ExitCodes.INVALID_INPUT;
    }
}
