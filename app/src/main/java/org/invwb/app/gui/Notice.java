package org.invwb.app.gui;

/** A one-line message a panel shows its user, with how to read it. */
public record Notice(Tone tone, String text) {

    /** How a notice is shown: plain, good news, worth a look, or something to fix. */
    public enum Tone { INFO, SUCCESS, WARNING, ERROR }

    public static final Notice NONE = new Notice(Tone.INFO, "");

    public static Notice info(String text) {
        return new Notice(Tone.INFO, text);
    }

    public static Notice success(String text) {
        return new Notice(Tone.SUCCESS, text);
    }

    public static Notice warning(String text) {
        return new Notice(Tone.WARNING, text);
    }

    public static Notice error(String text) {
        return new Notice(Tone.ERROR, text);
    }
}
