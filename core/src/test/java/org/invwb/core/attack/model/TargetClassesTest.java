package org.invwb.core.attack.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.invwb.core.run.SpecException;
import org.junit.jupiter.api.Test;

class TargetClassesTest {

    @Test
    void readsOneClassListsAndRangesInOrder() throws SpecException {
        assertArrayEquals(new int[] {7}, TargetClasses.parse("7", 10));
        assertArrayEquals(new int[] {5, 6, 7, 8, 9}, TargetClasses.parse("5-9", 10));
        assertArrayEquals(new int[] {1, 5, 6, 9}, TargetClasses.parse("9, 5-6,1,5", 10));
    }

    @Test
    void refusalsNameTheFieldAndTheAllowedRange() {
        SpecException outside = assertThrows(SpecException.class, () -> TargetClasses.parse("5-10", 10));
        assertEquals("parameters.targetClasses", outside.path());
        assertTrue(outside.getMessage().contains("0 to 9"), outside.getMessage());
        assertThrows(SpecException.class, () -> TargetClasses.parse("9-5", 10));
        assertThrows(SpecException.class, () -> TargetClasses.parse("five", 10));
        assertThrows(SpecException.class, () -> TargetClasses.parse("5,,6", 10));
    }
}
