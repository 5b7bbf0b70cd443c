package org.meanode.layers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When the once-only OMP_WAIT_POLICY warning of the direct-BLAS kernel fires, and what it says. */
class SpinWaitWarningTest {

    @Test
    void warnsWhenThreadsSpinOnSeveralCores() {
        assertTrue(SpinWaitWarning.spinWaiting(null, 2));
        assertTrue(SpinWaitWarning.spinWaiting("", 16));
        assertTrue(SpinWaitWarning.spinWaiting("active", 2));
        assertTrue(SpinWaitWarning.spinWaiting(" ACTIVE ", 2));
    }

    @Test
    void silentWhenPassiveOrSingleCore() {
        assertFalse(SpinWaitWarning.spinWaiting("PASSIVE", 2));
        assertFalse(SpinWaitWarning.spinWaiting("passive", 64));
        assertFalse(SpinWaitWarning.spinWaiting(null, 1));
    }

    @Test
    void messageNamesTheSettingAndTheFix() {
        String unset = SpinWaitWarning.message(null, 2);
        assertTrue(unset.contains("OMP_WAIT_POLICY is not set on 2 cores"), unset);
        assertTrue(unset.contains("OMP_WAIT_POLICY=PASSIVE"), unset);
        assertTrue(SpinWaitWarning.message("ACTIVE", 8).contains("OMP_WAIT_POLICY is ACTIVE on 8 cores"));
    }
}
