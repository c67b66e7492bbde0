package org.invwb.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated reference pages in docs must say what the code says now. */
class DocsCommandTest {

    @Test
    void theReferencePagesInDocsAreUpToDate() throws Exception {
        Path docs = Path.of(System.getProperty("invwb.root"), "docs");
        DocsCommand.pages().forEach((name, text) -> {
            try {
                assertEquals(text, Files.readString(docs.resolve(name)),
                        "docs/" + name + " is stale; regenerate with ./invwb docs --out docs");
            } catch (java.io.IOException e) {
                throw new AssertionError("docs/" + name + " is missing; generate with ./invwb docs --out docs", e);
            }
        });
    }

    /** The guide's hand-written method table must reach every method's generated page. */
    @Test
    void theGuideLinksEveryMethodPage() throws Exception {
        String guide = Files.readString(Path.of(System.getProperty("invwb.root"), "docs", "guide.md"));
        for (org.invwb.core.run.MethodDescriptor m : org.invwb.core.run.MethodRegistry.standard().all()) {
            assertTrue(guide.contains("(methods/" + m.name() + ".md)"), "docs/guide.md does not link " + m.name());
        }
    }

    @Test
    void writesBothPages(@TempDir Path tmp) throws Exception {
        Cli.Result r = Cli.run("docs", "--out", tmp.toString());
        assertEquals(0, r.exitCode(), r.err());
        String spec = Files.readString(tmp.resolve(DocsCommand.SPEC_REFERENCE));
        assertTrue(spec.contains("| `iterations` | int | 300 | 1 … 100000 |"), spec);
        String cli = Files.readString(tmp.resolve(DocsCommand.CLI_REFERENCE));
        assertTrue(cli.contains("## invwb run") && cli.contains("--set=NAME=VALUE"), cli);
        assertTrue(!cli.contains("## invwb docs"), "the hidden docs command is not listed");
    }
}
