package org.invwb.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.invwb.app.notes.TeachingContent;
import org.invwb.core.run.MethodDescriptor;
import java.util.concurrent.Callable;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.SpecReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code invwb docs --out docs}: writes the reference pages that are generated, never edited — the
 * spec file reference (from the parameter declarations), the command-line reference (from the
 * commands' own help) and one page per method (its declarations and its teaching notes).
 */
@Command(name = "docs", hidden = true, mixinStandardHelpOptions = true,
        description = "Write the generated reference pages (spec-reference.md, cli-reference.md) into a folder.")
final class DocsCommand implements Callable<Integer> {

    static final String SPEC_REFERENCE = "spec-reference.md";
    static final String CLI_REFERENCE = "cli-reference.md";
    /** One page per method, from its declarations and its teaching notes. */
    static final String METHODS = "methods";
    /** Fixed, so the page does not depend on the terminal it was made in. */
    private static final int WIDTH = 100;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder to write into")
    private Path out;

    @Override
    public Integer call() throws IOException {
        Files.createDirectories(out);
        for (Map.Entry<String, String> page : pages().entrySet()) {
            Path file = out.resolve(page.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, page.getValue());
        }
        return ExitCode.DONE;
    }

    /** Every generated page by its path under docs. */
    static Map<String, String> pages() {
        MethodRegistry registry = MethodRegistry.standard();
        Map<String, String> pages = new TreeMap<>();
        pages.put(SPEC_REFERENCE, SpecReference.markdown(registry));
        pages.put(CLI_REFERENCE, cliReference());
        for (MethodDescriptor method : registry.all()) {
            pages.put(METHODS + "/" + method.name() + ".md", MethodPage.markdown(method, TeachingContent.of(method)));
        }
        return pages;
    }

    private static String cliReference() {
        CommandLine root = InvwbCommand.commandLine().setUsageHelpWidth(WIDTH);
        StringBuilder md = new StringBuilder("# Command-line reference\n\n")
                .append("Generated from the commands' help by `invwb docs --out docs`; do not edit.\n")
                .append("Exit codes: 0 done, 1 a run failed (or an unexpected error), 2 bad input, 130 cancelled.\n\n")
                .append("```\n").append(root.getUsageMessage()).append("```\n");
        appendSubcommands(md, "invwb", root);
        return md.toString();
    }

    /** A section for each visible subcommand of {@code parent}, then for its own subcommands. */
    private static void appendSubcommands(StringBuilder md, String path, CommandLine parent) {
        parent.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden() && !name.equals("help")) {
                md.append("\n## ").append(path).append(' ').append(name).append("\n\n```\n")
                        .append(sub.setUsageHelpWidth(WIDTH).getUsageMessage()).append("```\n");
                appendSubcommands(md, path + " " + name, sub);
            }
        });
    }
}
