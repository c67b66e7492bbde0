package org.invwb.core.run;

/** QUEUED → RUNNING ⇄ PAUSED → DONE | CANCELLED | FAILED. PAUSED means parked at a checkpoint. */
public enum JobState {
    QUEUED, RUNNING, PAUSED, DONE, CANCELLED, FAILED;

    public boolean isFinal() {
        return this == DONE || this == CANCELLED || this == FAILED;
    }
}
