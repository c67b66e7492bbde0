package org.invwb.core.run;

/** The kinds of value a declared parameter can hold; each maps to one Java type in {@link ParamValues}. */
public enum ParamType {
    /** Stored as {@link Integer}. */
    INT("int"),
    /** Stored as {@link Double}, always finite. */
    DOUBLE("real"),
    /** Stored as {@link Boolean}. */
    BOOLEAN("bool"),
    /** Stored as {@link String}, one of the declared choices. */
    CHOICE("choice"),
    /** Stored as {@link String}. */
    STRING("text");

    private final String label;

    ParamType(String label) {
        this.label = label;
    }

    /** The short name shown to users ({@code describe}, forms). */
    public String label() {
        return label;
    }
}
