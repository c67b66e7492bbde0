package org.invwb.app.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.invwb.core.run.MethodDescriptor;
import org.invwb.core.run.MethodRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code invwb describe [METHOD]}: the methods there are, or one method's parameters as a spec names them. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "List the methods, or show one method's citation and parameters.")
final class DescribeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "METHOD", description = "a method name, e.g. dlg")
    private String method;

    @Override
    public Integer call() throws BadInputException {
        MethodRegistry registry = MethodRegistry.standard();
        PrintWriter out = spec.commandLine().getOut();
        if (method == null) {
            out.print(table(registry.all()));
        } else {
            MethodDescriptor found = registry.find(method).orElseThrow(() -> new BadInputException(
                    "unknown method \"" + method + "\"; known: " + String.join(", ", names(registry))));
            out.print(found.describe());
        }
        out.flush();
        return ExitCode.DONE;
    }

    /** Family, name and title in aligned columns, with a header. */
    private static String table(List<MethodDescriptor> methods) {
        int family = "FAMILY".length();
        int name = "METHOD".length();
        for (MethodDescriptor m : methods) {
            family = Math.max(family, m.family().length());
            name = Math.max(name, m.name().length());
        }
        String row = "%-" + family + "s  %-" + name + "s  %s%n";
        StringBuilder text = new StringBuilder(String.format(row, "FAMILY", "METHOD", "TITLE"));
        for (MethodDescriptor m : methods) {
            text.append(String.format(row, m.family(), m.name(), m.title()));
        }
        return text.toString();
    }

    private static List<String> names(MethodRegistry registry) {
        return registry.all().stream().map(MethodDescriptor::name).toList();
    }
}
