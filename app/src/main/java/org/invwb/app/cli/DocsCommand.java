package org.invwb.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.SpecReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code invwb docs --out docs}: writes the reference pages that are generated, never edited — the
 * spec file reference (from the parameter declarations) and the command-line reference (from the
 * commands' own help).
 */
@Command(name = "docs", hidden = true, mixinStandardHelpOptions = true,
        description = "Write the generated reference pages (spec-reference.md, cli-reference.md) into a folder.")
final class DocsCommand implements Callable<Integer> {

    static final String SPEC_REFERENCE = "spec-reference.md";
    static final String CLI_REFERENCE = "cli-reference.md";
    /** Fixed, so the page does not depend on the terminal it was made in. */
    private static final int WIDTH = 100;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder to write into")
    private Path out;

    @Override
    public Integer call() throws IOException {
        Files.createDirectories(out);
        for (Map.Entry<String, String> page : pages().entrySet()) {
            Files.writeString(out.resolve(page.getKey()), page.getValue());
        }
        return ExitCode.DONE;
    }

    static Map<String, String> pages() {
        return Map.of(SPEC_REFERENCE, SpecReference.markdown(MethodRegistry.standard()), CLI_REFERENCE, cliReference());
    }

    private static String cliReference() {
        CommandLine root = InvwbCommand.commandLine().setUsageHelpWidth(WIDTH);
        StringBuilder md = new StringBuilder("# Command-line reference\n\n")
                .append("Generated from the commands' help by `invwb docs --out docs`; do not edit.\n")
                .append("Exit codes: 0 done, 1 a run failed (or an unexpected error), 2 bad input, 130 cancelled.\n\n")
                .append("```\n").append(root.getUsageMessage()).append("```\n");
        root.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden() && !name.equals("help")) {
                md.append("\n## invwb ").append(name).append("\n\n```\n")
                        .append(sub.setUsageHelpWidth(WIDTH).getUsageMessage()).append("```\n");
            }
        });
        return md.toString();
    }
}
