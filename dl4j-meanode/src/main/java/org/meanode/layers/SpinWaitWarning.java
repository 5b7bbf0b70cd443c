package org.meanode.layers;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns once per JVM, through SLF4J, when the direct-BLAS kernel runs while OpenMP threads
 * spin-wait between ND4J operations.
 *
 * <p>The OpenMP runtime under ND4J reads {@code OMP_WAIT_POLICY} once, when the native libraries
 * load; unset (or {@code ACTIVE}), its idle threads spin and take cores from OpenBLAS's threads,
 * which the direct-BLAS kernel shares with ND4J. On this project's 2-core x86-64 machine that cost
 * the medium benchmark case (L, M, D, N) = (128, 128, 128, 256) a third of its speed: 41% of the
 * SGEMM rate against 64% with {@code OMP_WAIT_POLICY=PASSIVE}. With one core there is nothing to
 * compete for, so no warning. The fix cannot be applied from Java: the variable must be in the
 * environment of the {@code java} (or {@code mvn}) command; the CLI's launcher {@code bin/meanode}
 * sets it unless the user did.
 */
final class SpinWaitWarning {
    private static final Logger LOG = LoggerFactory.getLogger(SpinWaitWarning.class);
    private static final AtomicBoolean CHECKED = new AtomicBoolean();

    private SpinWaitWarning() {
    }

    /** Checks the environment and logs the warning the first time it is called in this JVM. */
    static void checkOnce() {
        if (CHECKED.compareAndSet(false, true)) {
            String policy = System.getenv("OMP_WAIT_POLICY");
            int cores = Runtime.getRuntime().availableProcessors();
            if (spinWaiting(policy, cores)) {
                LOG.warn(message(policy, cores));
            }
        }
    }

    /**
     * @param policy the value of {@code OMP_WAIT_POLICY}, or null when unset
     * @param cores  the processors available to the JVM
     * @return true if idle OpenMP threads spin (policy unset, empty or ACTIVE) on more than one core
     */
    static boolean spinWaiting(String policy, int cores) {
        if (cores <= 1) {
            return false;
        }
        return policy == null || policy.isBlank() || policy.trim().toUpperCase(Locale.ROOT).equals("ACTIVE");
    }

    /**
     * @param policy the value of {@code OMP_WAIT_POLICY}, or null when unset
     * @param cores  the processors available to the JVM
     * @return the warning: what was seen, what it costs, how to fix it
     */
    static String message(String policy, int cores) {
        String seen = policy == null || policy.isBlank() ? "is not set" : "is " + policy.trim();
        return "OMP_WAIT_POLICY " + seen + " on " + cores + " cores: ND4J's idle OpenMP threads spin-wait and"
                + " slow the direct-BLAS residual kernel (measured on 2 cores: 41% of the SGEMM rate instead of"
                + " 64% at (L, M, D, N) = (128, 128, 128, 256)). Set OMP_WAIT_POLICY=PASSIVE in the environment"
                + " of the java or mvn command (it cannot be changed once ND4J has loaded); the CLI launcher"
                + " bin/meanode sets it for you.";
    }
}
