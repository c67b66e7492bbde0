package org.invwb.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.invwb.core.fl.FederatedMethods;
import org.invwb.core.fl.ObservationFile;
import picocli.CommandLine.Command;

/**
 * {@code invwb round SPEC --out DIR}: runs a federated round spec into a run folder, which then also holds
 * the victim's observation, ready for an attack's {@code client.observation}.
 */
@Command(name = "round", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the federated training in SPEC (method federated-round) and store, in its run folder,"
                + " what the server received from the victim client.")
final class RoundCommand extends FamilyRunCommand {

    @Override
    String family() {
        return FederatedMethods.FAMILY;
    }

    @Override
    void afterDone(PrintWriter stdout, Path runDir) {
        stdout.println("observation: " + runDir.resolve(ObservationFile.METADATA)
                + " (set client.observation to " + runDir + " in an attack spec)");
    }
}
