package org.invwb.app.gui;

import java.math.BigDecimal;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamType;
import org.invwb.core.run.Spec;
import org.invwb.core.run.SpecException;

/**
 * One form field, made from one parameter declaration: the text the user typed and, when that text is
 * not a valid value, the spec validator's own message for it. The text is read exactly as a
 * {@code --set section.name=TEXT} on the command line would be, so the form accepts what the CLI accepts.
 */
public final class ParamField {

    private static final Spec EMPTY;

    static {
        try {
            EMPTY = Spec.parse("{}");
        } catch (SpecException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String section;
    private final ParamSet params;
    private final ParamDecl decl;
    private final StringProperty text = new SimpleStringProperty(this, "text");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");

    public ParamField(String section, ParamSet params, ParamDecl decl) {
        this.section = section;
        this.params = params;
        this.decl = decl;
        text.addListener((obs, old, now) -> validate());
        text.set(format(decl.defaultValue()));
    }

    public String section() {
        return section;
    }

    public String name() {
        return decl.name();
    }

    /** "section.name", as in spec files, {@code --set} and error messages. */
    public String path() {
        return section + "." + decl.name();
    }

    public ParamDecl decl() {
        return decl;
    }

    public StringProperty textProperty() {
        return text;
    }

    public String getText() {
        return text.get();
    }

    public void setText(String value) {
        text.set(value);
    }

    /** The validator's message for the current text, "" when it is valid. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public boolean isValid() {
        return error.get().isEmpty();
    }

    public boolean isDefault() {
        return format(decl.defaultValue()).equals(text.get());
    }

    public void reset() {
        text.set(format(decl.defaultValue()));
    }

    /** The field's label: its name and, if it has one, its unit. */
    public String label() {
        return decl.unit() == null ? decl.name() : decl.name() + " (" + decl.unit() + ")";
    }

    /** Several lines for a tooltip: what it is, its default, range or choices, the paper's value. */
    public String help() {
        StringBuilder help = new StringBuilder(decl.help());
        help.append("\n\n").append(decl.type().label()).append(", default ").append(format(decl.defaultValue()));
        if (decl.unit() != null) {
            help.append(' ').append(decl.unit());
        }
        if (decl.min() != null || decl.max() != null) {
            help.append("\nrange ").append(range());
        }
        if (decl.type() == ParamType.CHOICE) {
            help.append("\none of ").append(String.join(", ", decl.choices()));
        }
        if (decl.paperDefault() != null) {
            help.append("\npaper: ").append(decl.paperDefault());
        }
        return help.toString();
    }

    /** A short hint shown in an empty text field, e.g. "1 … 100000". */
    public String prompt() {
        return decl.min() != null || decl.max() != null ? range() : "";
    }

    private String range() {
        String lo = decl.min() == null ? "−∞" : format(decl.min());
        String hi = decl.max() == null ? "∞" : format(decl.max());
        return "[" + lo + ", " + hi + "]";
    }

    /** Sets this field's value on {@code spec}, read as the command line reads {@code --set}. */
    Spec applyTo(Spec spec) throws SpecException {
        return spec.withOverride(path(), text.get() == null ? "" : text.get());
    }

    /** The value the text stands for, in the declared type (what a spec with it would hold). */
    public Object value() throws SpecException {
        return decl.parse(applyTo(EMPTY).json().get(section).get(decl.name()), path());
    }

    private void validate() {
        try {
            Spec one = applyTo(EMPTY);
            params.parse(section, one.json().get(section));
            error.set("");
        } catch (SpecException e) {
            error.set(e.getMessage());
        }
    }

    /**
     * A value as the form shows it: whole numbers without ".0", other numbers in their shortest exact
     * decimal form ({@code 0.0001}, {@code 1E-7}), booleans as true/false, strings as they are.
     */
    public static String format(Object value) {
        if (value instanceof Double d) {
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString(d.longValue());
            }
            return BigDecimal.valueOf(d).stripTrailingZeros().toString();
        }
        return String.valueOf(value);
    }
}
