package eu.bus.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository stands alone: no file refers to a path outside it, and every relative link of README.md and
 * docs/*.md reaches a file. The fixtures show that each kind of problem is found, and that what is fine passes.
 */
class StandAloneDocsTest {

    /** This checker's own sources, under the repository root: their fixtures below are bad references on purpose. */
    private static final String OWN_SOURCES = "routes/src/test/java/eu/bus/docs";

    @TempDir
    Path repo;

    @Test
    void shouldFindNoReferenceOutsideTheRepositoryAndNoBrokenLinkWhenTheRepositoryIsChecked() throws Exception {
        Path root = StandAloneDocs.rootAbove(Path.of(""));

        List<String> problems = StandAloneDocs.problems(root, root.resolve(OWN_SOURCES));

        assertEquals(List.of(), problems, "fix each reference (or add the file it names):\n" + String.join("\n", problems));
    }

    @Test
    void shouldNameTheFileAndLineWhenADocumentLinksToAFileThatDoesNotExist() throws Exception {
        write("README.md", "# x\nSee [the sites](docs/SITES.md) and [the map](docs/MAP.md#start).\n");
        write("docs/SITES.md", "# Sites\nBack to the [README](../README.md), on to [nothing](examples/none.json).\n");

        assertEquals(List.of(
                "README.md:2: names docs/MAP.md, a document the repository does not hold",
                "README.md:2: links to docs/MAP.md#start, which does not exist (docs/MAP.md)",
                "docs/SITES.md:2: links to examples/none.json, which does not exist (docs/examples/none.json)"),
                StandAloneDocs.problems(repo, null));
    }

    @Test
    void shouldReportAReferenceOutsideTheRepositoryWhenAnyTextFileMakesOne() throws Exception {
        write("README.md", "# x\n");
        write("docs/NOTES.md", "# Notes\nAs the brief in ../../notes/BRIEF.md says.\n");
        write("routes/pom.xml", "<project/>\n");
        write("routes/src/main/java/eu/bus/A.java", "// see /root/notes/BRIEF.md\nclass A { String p = \"../../x\"; }\n");
        write("bus", "#!/usr/bin/env bash\nexec java -jar /home/someone/bus.jar\n");
        write("docs/site.yaml", "volumes: [\"../../../keys:/keys\"]\n");

        assertEquals(List.of(
                "bus:2: refers to /home/someone/bus.jar, a path on one machine outside the repository",
                "docs/NOTES.md:2: refers to ../../notes/BRIEF.md, which leaves the repository",
                "docs/NOTES.md:2: names ../../notes/BRIEF.md, a document the repository does not hold",
                "docs/site.yaml:1: refers to ../../../keys, which leaves the repository",
                "routes/src/main/java/eu/bus/A.java:1: refers to /root/notes/BRIEF.md, a path on one machine outside the repository",
                "routes/src/main/java/eu/bus/A.java:2: refers to ../../x, which leaves the repository"),
                StandAloneDocs.problems(repo, null));
    }

    @Test
    void shouldAcceptPathsThatStayInsideAndSkipBuildOutputWhenTheyAreChecked() throws Exception {
        write("README.md", "# x\nReuse `../common/1.0.json#/$defs/nodeId` in a schema; [docs](docs/) and [SITES](docs/SITES.md#links).\n"
                + "```\n[not a link](nowhere/x.json)\n```\n[web](https://example.org/x.md) [anchor](#layout)\n");
        write("docs/SITES.md", "# Sites\n[up](../README.md), [root](/README.md)\n");
        write("schemas/json/common/1.0.json", "{}\n");
        write("schemas/json/header/1.0.json", "{\"$ref\": \"../common/1.0.json#/$defs/x\"}\n");
        write("routes/pom.xml", "<project><x>../schemas/examples</x></project>\n");
        write("routes/src/test/java/eu/bus/T.java", "class T { String p = \"../docs\"; }\n");
        write("routes/target/classes/Old.java", "// /root/notes/BRIEF.md\n");
        write("bus-data/run.json", "{\"dir\": \"/home/someone/bus-data\"}\n");
        write(".gitignore", "target/\nbus-data/\n*.log\n");

        assertEquals(List.of(), StandAloneDocs.problems(repo, null));
    }

    private void write(String path, String text) throws Exception {
        Path file = repo.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
