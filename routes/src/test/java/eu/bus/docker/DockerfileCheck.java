package eu.bus.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the node's docker/Dockerfile and the repository's .dockerignore must be: a multi-stage build (Maven with JDK
 * 17 builds bus.jar, a JRE 17 runs it), a non-root user, no key, password file or PKI copied in and no secret in
 * ENV or ARG (keys are mounted at run time), the runtime stage taking files from the build stage only, a health
 * check, and bus node --config as what it runs. Returns the problems, none when right.
 */
final class DockerfileCheck {

    /** What a key, a PKI or a password file looks like in a COPY/ADD source. */
    private static final Pattern KEY_FILE = Pattern.compile(
            "(?i).*(pki|offline-ca|\\.p12|\\.pfx|\\.jks|keystore\\.password|-key\\.pem|\\.key\\b|\\.env\\b|generated|secret).*");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|secret|token|passphrase|private).*");
    /** Entries .dockerignore must have so no build output, PKI, key or password reaches the build context. */
    static final List<String> IGNORED = List.of("**/target/", "docker/generated/", "docker/.env", "**/pki/", "**/*.p12",
            "**/keystore.password", "**/offline-ca/");

    record Instruction(String keyword, String arguments) {
    }

    private DockerfileCheck() {
    }

    /** The instructions, continuation lines joined, comments and parser directives left out. */
    static List<Instruction> parse(String dockerfile) {
        List<Instruction> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dockerfile.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String text = current.toString().strip();
            current.setLength(0);
            if (text.isEmpty()) {
                continue;
            }
            int space = text.indexOf(' ');
            out.add(new Instruction(text.substring(0, space < 0 ? text.length() : space).toUpperCase(Locale.ROOT),
                    space < 0 ? "" : text.substring(space + 1).strip()));
        }
        return out;
    }

    static List<String> problems(String dockerfile, String dockerignore) {
        List<String> problems = new ArrayList<>();
        List<List<Instruction>> stages = new ArrayList<>();
        for (Instruction i : parse(dockerfile)) {
            if (i.keyword().equals("FROM")) {
                stages.add(new ArrayList<>());
            }
            if (stages.isEmpty()) {
                if (i.keyword().equals("ARG") && SECRET_NAME.matcher(i.arguments()).matches()) {
                    problems.add("ARG " + i.arguments() + " looks like a secret: secrets are given at run time");
                }
                continue;
            }
            stages.get(stages.size() - 1).add(i);
        }
        if (stages.size() < 2) {
            problems.add("not a multi-stage build: " + stages.size() + " stage(s)");
            return problems;
        }
        String buildFrom = stages.get(0).get(0).arguments();
        if (!buildFrom.matches("(?i)maven:\\S*(temurin|jdk)\\S*17\\S*\\s+AS\\s+build")) {
            problems.add("the first stage is not a Maven + JDK 17 stage named build: FROM " + buildFrom);
        }
        if (stages.get(0).stream().noneMatch(i -> i.keyword().equals("RUN")
                && i.arguments().matches(".*mvn .*-DskipTests -pl routes -am package.*"))) {
            problems.add("the build stage does not run mvn -B -DskipTests -pl routes -am package");
        }
        List<Instruction> runtime = stages.get(stages.size() - 1);
        String runtimeFrom = runtime.get(0).arguments();
        if (!runtimeFrom.matches("(?i)\\S*17\\S*jre\\S*")) {
            problems.add("the runtime stage is not a JRE 17 image: FROM " + runtimeFrom);
        }
        String user = null;
        for (List<Instruction> stage : stages) {
            for (Instruction i : stage) {
                switch (i.keyword()) {
                    case "COPY", "ADD" -> {
                        List<String> words = List.of(i.arguments().split("\\s+"));
                        List<String> sources = words.stream().filter(w -> !w.startsWith("--")).toList();
                        for (String source : sources.subList(0, Math.max(0, sources.size() - 1))) {
                            if (KEY_FILE.matcher(source).matches()) {
                                problems.add(i.keyword() + " " + i.arguments() + " puts keys or passwords into the image;"
                                        + " mount them at run time");
                            }
                        }
                        if (stage == runtime && words.stream().noneMatch(w -> w.equals("--from=build"))) {
                            problems.add("the runtime stage copies from the build context (" + i.arguments() + "), not from"
                                    + " the build stage");
                        }
                    }
                    case "ENV", "ARG" -> {
                        if (SECRET_NAME.matcher(i.arguments()).matches()) {
                            problems.add(i.keyword() + " " + i.arguments() + " looks like a secret: secrets are given at run time");
                        }
                    }
                    case "USER" -> {
                        if (stage == runtime) {
                            user = i.arguments();
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        if (user == null || user.equals("root") || user.equals("0") || user.startsWith("0:") || user.startsWith("root:")) {
            problems.add("the runtime stage runs as " + (user == null ? "root (no USER)" : user) + ", not as a user of its own");
        }
        if (runtime.stream().noneMatch(i -> i.keyword().equals("HEALTHCHECK") && !i.arguments().equalsIgnoreCase("NONE"))) {
            problems.add("no HEALTHCHECK in the runtime stage");
        }
        String entrypoint = runtime.stream().filter(i -> i.keyword().equals("ENTRYPOINT")).reduce((a, b) -> b)
                .map(Instruction::arguments).orElse("");
        String cmd = runtime.stream().filter(i -> i.keyword().equals("CMD")).reduce((a, b) -> b)
                .map(Instruction::arguments).orElse("");
        String runs = (entrypoint + " " + cmd).replaceAll("[\\[\\]\",]", " ").replaceAll("\\s+", " ").strip();
        if (!runs.matches("bus node --config \\S+")) {
            problems.add("the image does not run bus node --config FILE but: " + runs);
        }
        List<String> ignored = dockerignore.lines().map(String::strip).toList();
        for (String entry : IGNORED) {
            if (!ignored.contains(entry)) {
                problems.add(".dockerignore does not leave out " + entry);
            }
        }
        return problems;
    }
}
