package eu.bus.cli;

import eu.bus.audit.AuditRecordCodec;
import eu.bus.audit.AuditStorageException;
import eu.bus.audit.LogLayout;
import eu.bus.audit.RecordReader;
import eu.bus.keys.Pem;
import eu.bus.rest.RunFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bus audit}: verify, prove, show and purge a node's audit log and archive. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Checks and reads a node's tamper-evident audit log and message archive (docs/AUDIT.md).",
                "Each subcommand takes the node's audit directory, WORKDIR/nodes/NODE/audit, or a copy of it (an auditor's)."},
        footer = {"", "Example:", "  bus audit verify bus-data/nodes/NL-NMT/audit --ca bus-data/pki/ca.pem"},
        subcommands = {AuditVerifyCommand.class, AuditTimelineCommand.class, AuditProveCommand.class, AuditCheckProofCommand.class,
                AuditShowCommand.class, AuditPurgeCommand.class, AuditReplayCommand.class, AuditGrantCommand.class,
                AuditOpenGrantCommand.class})
final class AuditCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Bad input from the command line or its files: exit 2 with the message. */
    static final class InvalidInput extends RuntimeException {
        InvalidInput(String message) {
            super(message);
        }
    }

    /** Shared by the subcommands: maps outcomes to exit codes and prints errors in plain words. */
    abstract static class Subcommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        abstract int execute() throws Exception;

        @Override
        public final Integer call() {
            try {
                int code = execute();
                spec.commandLine().getOut().flush();
                return code;
            } catch (eu.bus.audit.AuditChainBrokenException e) {
                return fail(ExitCodes.VERIFICATION_FAILED, e.getMessage());
            } catch (InvalidInput | IllegalArgumentException e) {
                return fail(ExitCodes.INVALID_INPUT, e.getMessage());
            } catch (UncheckedIOException | eu.bus.audit.AuditStorageException | eu.bus.archive.ArchiveStorageException e) {
                return fail(ExitCodes.INTERNAL, e.getMessage());
            } catch (Exception e) {
                return fail(ExitCodes.INTERNAL, String.valueOf(e.getMessage()));
            }
        }

        int fail(int code, String message) {
            return ExitCodes.fail(spec, code, message);
        }

        /** A progress bar on stderr, on a terminal only, for work of more than {@code from} units. */
        RecordReader.Progress progressBar(String label, long from) {
            return ProgressBar.on(spec.commandLine().getErr(), label, from);
        }

        /** The bar for reading a log: below 64 MiB it would only flicker. */
        RecordReader.Progress progressBar(String label) {
            return progressBar(label, 64L << 20);
        }

        /**
         * Purging and replaying append to the node's audit log, which has one writer: the running node. A log under
         * a work directory whose bus run runs the node is refused before anything is read for writing.
         */
        static void requireNodeStopped(Path dir, String node, String what) {
            Path nodeDir = dir.toAbsolutePath().normalize().getParent();
            Path nodes = nodeDir == null ? null : nodeDir.getParent();
            if (nodes == null || nodes.getParent() == null || !"nodes".equals(String.valueOf(nodes.getFileName()))) {
                return;
            }
            Path workDir = nodes.getParent();
            var run = RunFile.read(workDir).filter(RunFile::processAlive);
            if (run.isPresent() && run.get().nodes().contains(node)) {
                throw new AuditStorageException("bus run (pid " + run.get().pid() + ") runs " + node + " in " + workDir
                        + " and writes this audit log; stop it first (Ctrl-C in its terminal, or kill " + run.get().pid()
                        + "), then " + what + " again");
            }
        }

        /**
         * Opens the node's log to append to it (purge, replay, grant). It has one writer: a log its running node holds is
         * refused with what to do.
         *
         * @param again what to run once the node is stopped, e.g. "replay again"
         */
        static eu.bus.audit.AuditLog openToAppend(Path log, String node, eu.bus.audit.CheckpointSigner signer, String again) {
            try {
                return eu.bus.audit.AuditLog.open(eu.bus.audit.AuditLogConfig.of(log, node), signer);
            } catch (AuditStorageException e) {
                if (FileLocks.held(new LogLayout(log).lockFile())) {
                    throw new AuditStorageException("the audit log " + log + " is open in another process: its node is running;"
                            + " stop it first (Ctrl-C in the terminal of bus run), then " + again);
                }
                throw e;
            }
        }

        /** --archive, else DIR/archive, else the archive/ beside DIR (the exchange's nodes/NODE/{audit,archive}). */
        static Path archiveRoot(Path dir, Path archiveDir) {
            if (archiveDir != null) {
                if (!Files.isDirectory(archiveDir)) {
                    throw new AuditCommand.InvalidInput(archiveDir + " is not a directory");
                }
                return archiveDir;
            }
            Path parent = dir.toAbsolutePath().getParent();
            for (Path candidate : parent == null ? java.util.List.of(dir.resolve("archive"))
                    : java.util.List.of(dir.resolve("archive"), parent.resolve("archive"))) {
                if (Files.isDirectory(candidate)) {
                    return candidate;
                }
            }
            throw new AuditCommand.InvalidInput("no archive found in " + dir + "/archive or beside " + dir
                    + "; give --archive ARCHIVE_DIR");
        }

        /** The log's node, from its first record; a log that holds none has nothing to purge or replay. */
        static String nodeOf(Path dir) {
            String[] node = new String[1];
            RecordReader.read(new LogLayout(dir), (i, data, off, len) -> {
                node[0] = AuditRecordCodec.decode(data, off, len).node();
                return false;
            }, RecordReader.Progress.NONE);
            if (node[0] == null) {
                throw new AuditCommand.InvalidInput(dir + " holds an empty audit log: nothing was ever archived");
            }
            return node[0];
        }

        /**
         * Verifies the log before a command uses what it says (as bus audit verify, with {@code check}'s options);
         * on failure prints why and that nothing was {@code done}, and returns null.
         */
        eu.bus.audit.VerificationReport verifyFirst(LogCheckOptions check, Path log, String done) {
            eu.bus.audit.VerificationReport verified;
            try {
                verified = check.verifier(log).verify(progressBar("verifying"), null);
            } catch (eu.bus.audit.UntrustedCrlException e) {
                fail(ExitCodes.VERIFICATION_FAILED, e.getMessage());
                return null;
            }
            if (!verified.ok()) {
                fail(ExitCodes.VERIFICATION_FAILED, verified.summary() + "\nnothing " + done + ": a log that does not verify"
                        + " cannot say what arrived");
                return null;
            }
            return verified;
        }

        static Path existingLog(Path dir) {
            if (!Files.isDirectory(dir)) {
                throw new InvalidInput(dir + " is not a directory; give the node's audit directory");
            }
            if (!Files.isDirectory(dir.resolve("segments"))) {
                throw new InvalidInput(dir + " holds no audit log (no segments/ directory)");
            }
            return dir;
        }

        static X509Certificate ca(Path file) {
            if (!Files.isReadable(file)) {
                throw new InvalidInput("cannot read the CA certificate " + file);
            }
            try {
                return Pem.readCertificate(file);
            } catch (RuntimeException e) {
                throw new InvalidInput(file + " is not a PEM certificate: " + e.getMessage());
            }
        }
    }

    /** "2026-01-31" (start of that day, UTC) or an instant such as "2026-01-31T12:00:00Z". */
    static Instant parseTime(String text) {
        try {
            return text.contains("T") ? Instant.parse(text) : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInput("'" + text + "' is not a date (2026-01-31) or a UTC time (2026-01-31T12:00:00Z)");
        }
    }
}
