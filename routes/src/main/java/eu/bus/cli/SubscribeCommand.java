package eu.bus.cli;

import eu.bus.rest.BusApiClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "subscribe", mixinStandardHelpOptions = true,
        description = {
                "Makes NODE follow a case topic on the running bus (bus run): from now on NODE receives every message "
                        + "published on the case. Only participants of the case may follow it.",
                "Exit 0 when NODE follows the case, 2 when it is refused (e.g. not a participant), 4 when no bus runs."},
        footer = {"", "Example:", "  bus subscribe --case CASE-2026-000123 --as BE-ENU --workdir bus-data"})
final class SubscribeCommand extends ClientCommand {


    @Option(names = "--case", required = true, paramLabel = "CASE_ID", description = "The case, e.g. CASE-2026-000123.")
    String caseId;

    @Option(names = "--as", required = true, paramLabel = "NODE", description = "The node that follows the case.")
    String node;

    @Override
    int execute() throws Exception {
        if (!eu.bus.message.CaseId.isValid(caseId)) {
            throw new InvalidInput("'" + caseId + "' is not a case id; case ids look like CASE-2026-000123");
        }
        BusApiClient client = client(node);
        BusApiClient.Response response = call("subscribing", () -> client.follow(caseId));
        if (response.status() == 200) {
            spec.commandLine().getOut().println("OK " + node + " follows case " + caseId);
            return ExitCodes.OK;
        }
        return fail(exitCodeOf(response.status()), refusal(response));
    }
}
