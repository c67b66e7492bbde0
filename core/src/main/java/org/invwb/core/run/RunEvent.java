package org.invwb.core.run;

/** What a running job tells its consumers (GUI, CLI, run store). Immutable; never holds NDArrays. */
public sealed interface RunEvent permits Progress, Snapshot, Log, Artifact, Finished, Failed {
}
