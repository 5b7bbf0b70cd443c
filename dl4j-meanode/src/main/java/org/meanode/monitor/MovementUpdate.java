package org.meanode.monitor;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * One measurement of {@link FeatureMovementListener}, taken after the parameter update of DL4J
 * iteration {@link #getIteration()}:
 * <ul>
 *   <li>the loss of that iteration's minibatch (DL4J's score, computed before its update, as on
 *       DL4J's own overview page);</li>
 *   <li>per unit group (block) g, at depth-time {@link MovementStaticInfo#getUnitDepths()}[g]:
 *       ‖U_k − U_0‖_F/‖U_0‖_F and ‖V_k − V_0‖_F/‖V_0‖_F;</li>
 *   <li>per hidden state j, at depth-time {@link MovementStaticInfo#getStateDepths()}[j]:
 *       ‖h_k(s) − h_0(s)‖_F/‖h_0(s)‖_F over the probe batch ([N, D] Frobenius norm);</li>
 *   <li>the time the listener spent on this record.</li>
 * </ul>
 */
public final class MovementUpdate extends MovementRecord {
    private static final long serialVersionUID = 1L;
    private static final int MAGIC = 0x4D4F4455; // "MODU"
    private static final int VERSION = 1;

    private long iteration;
    private int epoch;
    private double loss;
    private double[] uMovement = new double[0];
    private double[] vMovement = new double[0];
    private double[] hiddenMovement = new double[0];
    private double listenerMillis;

    /** For decoding (DL4J's storage instantiates records reflectively). */
    public MovementUpdate() {
    }

    /**
     * @param sessionId      session key
     * @param workerId       worker key
     * @param timeStamp      ms since the epoch (unique per session and worker)
     * @param iteration      DL4J iteration
     * @param epoch          DL4J epoch
     * @param loss           the iteration's score
     * @param uMovement      relative movement of U per group
     * @param vMovement      relative movement of V per group
     * @param hiddenMovement relative movement of h per hidden state
     * @param listenerMillis time spent by the listener on this record
     */
    public MovementUpdate(String sessionId, String workerId, long timeStamp, long iteration, int epoch, double loss,
                          double[] uMovement, double[] vMovement, double[] hiddenMovement, double listenerMillis) {
        super(sessionId, FeatureMovementListener.TYPE_ID, workerId, timeStamp);
        this.iteration = iteration;
        this.epoch = epoch;
        this.loss = loss;
        this.uMovement = uMovement.clone();
        this.vMovement = vMovement.clone();
        this.hiddenMovement = hiddenMovement.clone();
        this.listenerMillis = listenerMillis;
    }

    @Override
    protected int magic() {
        return MAGIC;
    }

    @Override
    protected int version() {
        return VERSION;
    }

    @Override
    protected void writeBody(DataOutputStream out) throws IOException {
        out.writeLong(iteration);
        out.writeInt(epoch);
        out.writeDouble(loss);
        writeDoubles(out, uMovement);
        writeDoubles(out, vMovement);
        writeDoubles(out, hiddenMovement);
        out.writeDouble(listenerMillis);
    }

    @Override
    protected void readBody(DataInputStream in, int version) throws IOException {
        iteration = in.readLong();
        epoch = in.readInt();
        loss = in.readDouble();
        uMovement = readDoubles(in);
        vMovement = readDoubles(in);
        hiddenMovement = readDoubles(in);
        listenerMillis = in.readDouble();
    }

    /** @return DL4J's iteration index (0-based); the movement is measured after its update */
    public long getIteration() {
        return iteration;
    }

    /** @return DL4J's epoch count */
    public int getEpoch() {
        return epoch;
    }

    /** @return the iteration's minibatch loss (DL4J score) */
    public double getLoss() {
        return loss;
    }

    /** @return ‖U_k − U_0‖_F/‖U_0‖_F per unit group */
    public double[] getUMovement() {
        return uMovement.clone();
    }

    /** @return ‖V_k − V_0‖_F/‖V_0‖_F per unit group */
    public double[] getVMovement() {
        return vMovement.clone();
    }

    /** @return ‖h_k(s) − h_0(s)‖/‖h_0(s)‖ per hidden state */
    public double[] getHiddenMovement() {
        return hiddenMovement.clone();
    }

    /** @return milliseconds the listener spent measuring and writing this record */
    public double getListenerMillis() {
        return listenerMillis;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MovementUpdate t) || !sameKeys(t)) {
            return false;
        }
        return iteration == t.iteration && epoch == t.epoch && Double.compare(loss, t.loss) == 0
                && Arrays.equals(uMovement, t.uMovement) && Arrays.equals(vMovement, t.vMovement)
                && Arrays.equals(hiddenMovement, t.hiddenMovement) && Double.compare(listenerMillis, t.listenerMillis) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(keysHash(), iteration, epoch, loss, Arrays.hashCode(uMovement), Arrays.hashCode(vMovement),
                Arrays.hashCode(hiddenMovement));
    }

    @Override
    public String toString() {
        return "MovementUpdate(session=" + getSessionID() + ", iteration=" + iteration + ", epoch=" + epoch + ", loss=" + loss
                + ", groups=" + uMovement.length + ", states=" + hiddenMovement.length + ")";
    }
}
