package org.invwb.core.run;

import java.util.List;

/**
 * Lets a package contribute methods to {@link MethodRegistry#standard()} through
 * {@code META-INF/services/org.invwb.core.run.MethodProvider}, so the registry needs no list of them.
 */
public interface MethodProvider {
    List<MethodDescriptor> methods();
}
