package eu.bus.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what keeps a repository's files from standing alone: a reference to a path outside it (a {@code ../} that
 * leaves the root, a machine's absolute path such as a home directory, a {@code .md} document the repository does
 * not hold) in any text file, and a relative link in README.md or docs/*.md to a file that does not exist. Each
 * problem is one line, {@code FILE:LINE: what}. Walks the files from the root, skipping {@code target/}, {@code .git}
 * and the directories the root {@code .gitignore} names (a work directory such as {@code bus-data/} is the user's).
 */
final class StandAloneDocs {

    /** The text files read: sources, build files, documents, configuration; scripts are found by their {@code #!}. */
    private static final Set<String> TEXT = Set.of("md", "java", "xml", "sh", "yaml", "yml", "json");
    /** Directories of a machine, never of a repository: what a file names there is on one computer only. */
    private static final Pattern MACHINE_PATH = Pattern.compile("(?<![\\w.])/(?:work|home|root|Users)/[^\\s`'\")]*");
    /** A relative path that climbs: {@code ../x}, {@code ../../x/y}. */
    private static final Pattern CLIMB = Pattern.compile("(?<![\\w.])((?:\\.\\./)+)([\\w.{}$*-]+(?:/[\\w.{}$*-]+)*)?");
    /** A document named by file name, with or without a directory: {@code SITES.md}, {@code docs/SITES.md}. */
    private static final Pattern DOCUMENT = Pattern.compile("(?<![\\w/.-])((?:[\\w.-]+/)*[\\w-]+\\.md)\\b");
    /** A Markdown inline link {@code [text](target "title")} and a reference definition {@code [id]: target}. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*(\\S+)");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private final Path root;
    private final Path exempt;
    private final List<Path> files = new ArrayList<>();
    private final Set<String> paths = new TreeSet<>();

    /**
     * @param exempt a directory whose files are not read (this checker's own sources and tests, whose fixtures are
     *               bad references on purpose), or null
     */
    private StandAloneDocs(Path root, Path exempt) {
        this.root = root.toAbsolutePath().normalize();
        this.exempt = exempt == null ? null : exempt.toAbsolutePath().normalize();
    }

    /** Every problem under {@code root}, one line each, in file order; empty when the repository stands alone. */
    static List<String> problems(Path root, Path exempt) throws IOException {
        StandAloneDocs docs = new StandAloneDocs(root, exempt);
        docs.walk();
        List<String> problems = new ArrayList<>();
        for (Path file : docs.files) {
            problems.addAll(docs.check(file));
        }
        return problems;
    }

    /** The repository root above {@code start}: the first directory holding both pom.xml and README.md. */
    static Path rootAbove(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("README.md"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no directory with pom.xml and README.md above " + start.toAbsolutePath()
                + ": run the test from the repository (mvn runs it in routes/)");
    }

    private void walk() throws IOException {
        Set<Path> ignored = ignoredDirectories();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                boolean skip = !dir.equals(root) && (name.equals("target") || name.equals(".git")
                        || ignored.contains(root.relativize(dir)) || ignored.contains(Path.of(name)) || dir.equals(exempt));
                return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile()) {
                    paths.add(root.relativize(file).toString().replace('\\', '/'));
                    if (isText(file)) {
                        files.add(file);
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(null);
    }

    /**
     * The plain directory entries of the root .gitignore: {@code name/} (any directory of that name, kept as a bare
     * name) and {@code /name/} (that directory under the root). Patterns with wildcards name files, not work areas.
     */
    private Set<Path> ignoredDirectories() throws IOException {
        Set<Path> dirs = new HashSet<>();
        Path gitignore = root.resolve(".gitignore");
        if (!Files.isRegularFile(gitignore)) {
            return dirs;
        }
        for (String line : Files.readAllLines(gitignore, StandardCharsets.UTF_8)) {
            String entry = line.strip();
            if (entry.endsWith("/") && !entry.startsWith("#") && !entry.contains("*") && entry.length() > 1) {
                dirs.add(Path.of(entry.substring(entry.startsWith("/") ? 1 : 0, entry.length() - 1)));
            }
        }
        return dirs;
    }

    private static boolean isText(Path file) throws IOException {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            return TEXT.contains(name.substring(dot + 1));
        }
        try (var in = Files.newInputStream(file)) {
            byte[] start = in.readNBytes(2);
            return start.length == 2 && start[0] == '#' && start[1] == '!';
        }
    }

    private List<String> check(Path file) throws IOException {
        List<String> problems = new ArrayList<>();
        // Decoded leniently: a few examples are not UTF-8 on purpose (the validator's invalid inputs).
        List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        String where = root.relativize(file).toString().replace('\\', '/');
        boolean linked = file.getFileName().toString().endsWith(".md")
                && (file.getParent().equals(root) || file.getParent().equals(root.resolve("docs")));
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String at = where + ":" + (i + 1) + ": ";
            Matcher machine = MACHINE_PATH.matcher(line);
            while (machine.find()) {
                problems.add(at + "refers to " + machine.group() + ", a path on one machine outside the repository");
            }
            Matcher climb = CLIMB.matcher(line);
            while (climb.find()) {
                if (leavesRoot(file, climb.group(1), climb.group(2))) {
                    problems.add(at + "refers to " + climb.group() + ", which leaves the repository");
                }
            }
            Matcher document = DOCUMENT.matcher(line);
            while (document.find()) {
                if (!holdsDocument(file, document.group(1))) {
                    problems.add(at + "names " + document.group(1) + ", a document the repository does not hold");
                }
            }
            if (linked) {
                if (line.strip().startsWith("```")) {
                    fenced = !fenced;
                    continue;
                }
                if (!fenced) {
                    for (String target : links(line)) {
                        brokenLink(file, target).ifPresent(why -> problems.add(at + "links to " + target + ", " + why));
                    }
                }
            }
        }
        return problems;
    }

    /**
     * Whether {@code ups} (a run of {@code ../}) climbs above the root from where the file's paths are read: a Java
     * file's from its module (the working directory of the code and tests Maven runs there), any other file's from its
     * own directory. A path that climbs out but names, after the climb, something the repository holds is a relative
     * reference written for another place (README quoting a schema's {@code ../common/1.0.json}), not a way out.
     */
    private boolean leavesRoot(Path file, String ups, String rest) {
        Path base = file.getFileName().toString().endsWith(".java") ? moduleOf(file) : file.getParent();
        int depth = root.relativize(base).getNameCount() - (base.equals(root) ? 1 : 0);
        if (ups.length() / 3 <= depth) {
            return false;
        }
        String target = rest == null ? "" : rest.replaceAll("[#?].*$", "");
        return target.isEmpty() || paths.stream().noneMatch(p -> p.equals(target) || p.endsWith("/" + target)
                || p.startsWith(target + "/") || p.contains("/" + target + "/"));
    }

    /** The nearest directory above {@code file} with a pom.xml (its Maven module), else the root. */
    private Path moduleOf(Path file) {
        for (Path dir = file.getParent(); dir != null && dir.startsWith(root); dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        return root;
    }

    /** A document named in {@code file} is found beside it, from the root, or in docs/. */
    private boolean holdsDocument(Path file, String name) {
        for (Path base : List.of(file.getParent(), root, root.resolve("docs"))) {
            Path candidate = base.resolve(name).normalize();
            if (candidate.startsWith(root) && Files.isRegularFile(candidate)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> links(String line) {
        List<String> targets = new ArrayList<>();
        Matcher inline = LINK.matcher(line);
        while (inline.find()) {
            targets.add(inline.group(1));
        }
        Matcher reference = REFERENCE.matcher(line);
        if (reference.find()) {
            targets.add(reference.group(1));
        }
        return targets;
    }

    /** Why a relative link's target is missing, or empty when it exists (links with a scheme or only an anchor are not files). */
    private Optional<String> brokenLink(Path file, String target) {
        String path = target.replaceAll("[#?].*$", "");
        if (path.isEmpty() || SCHEME.matcher(target).find()) {
            return Optional.empty();
        }
        Path resolved = (path.startsWith("/") ? root.resolve(path.substring(1)) : file.getParent().resolve(path)).normalize();
        if (!resolved.startsWith(root)) {
            return Optional.of("which leaves the repository");
        }
        return Files.exists(resolved) ? Optional.empty()
                : Optional.of("which does not exist (" + root.relativize(resolved).toString().replace('\\', '/') + ")");
    }
}
