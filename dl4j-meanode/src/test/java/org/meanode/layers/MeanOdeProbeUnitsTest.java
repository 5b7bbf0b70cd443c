package org.meanode.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanode.network.MeanOdeResNet;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.testutil.Arrays2;
import org.meanode.units.GatedUnit;
import org.meanode.units.TwoLayerBiasUnit;
import org.meanode.units.TwoLayerUnit;
import org.meanode.units.UnitFunction;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The limit layer's {@link HiddenStateProbe} runs through the layer's {@link UnitFunction}: for
 * every unit and solver, after a few fit() steps (so that the stage copies differ), its last grid
 * state equals the layer's own output (the kernel's forward pass, a separate code path) to 1e-12
 * in double, and its first state is the input. A probe that skipped a stage or used the wrong
 * multiplier would miss by far more (negative control: the state one step short). Unit movement
 * (blocks U and V, one group per step and stage) is reported for every unit.
 */
class MeanOdeProbeUnitsTest {
    static Stream<Arguments> cases() {
        return Stream.of(Arguments.of(new TwoLayerUnit(new ActivationTanH(), Math.sqrt(5), Math.sqrt(5)), OdeSolver.RK4),
                Arguments.of(new TwoLayerBiasUnit(), OdeSolver.HEUN), Arguments.of(new GatedUnit(), OdeSolver.RK4),
                Arguments.of(new GatedUnit(), OdeSolver.RK3));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void lastGridStateIsTheLayerOutput(UnitFunction unit, OdeSolver solver) {
        MultiLayerNetwork net = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(5).unit(unit).alpha(1.3)
                .learningRate(0.3).dataType(DataType.DOUBLE).seed(4).limit(6, 3, solver, NodeScheme.IID)
                .build().multiLayerNetwork();
        DataSet ds = new DataSet(Arrays2.nd(Arrays2.gaussian(5, 8, 3)), Arrays2.nd(Arrays2.gaussian(6, 8, 2)));
        for (int k = 0; k < 3; k++) {
            net.fit(ds);
        }
        INDArray h0 = net.getLayer(0).activate(ds.getFeatures(), false, LayerWorkspaceMgr.noWorkspaces()).dup();
        MeanOdeLayerRuntime limit = (MeanOdeLayerRuntime) net.getLayer(1);
        INDArray out = limit.activate(h0, false, LayerWorkspaceMgr.noWorkspaces()).dup();
        INDArray states = limit.hiddenStates(h0);
        assertArrayEquals(new long[] {4, 8, 5}, states.shape());
        double first = states.tensorAlongDimension(0, 1, 2).sub(h0).norm2Number().doubleValue();
        assertTrue(first == 0.0, "state 0 must be the input, differs by " + first);
        double err = states.tensorAlongDimension(3, 1, 2).sub(out).norm2Number().doubleValue()
                / out.norm2Number().doubleValue();
        assertTrue(err < 1e-12, "last grid state vs layer output: rel. error " + err);
        double shortBy = states.tensorAlongDimension(2, 1, 2).sub(out).norm2Number().doubleValue()
                / out.norm2Number().doubleValue();
        assertTrue(shortBy > 1e-4, "control: the state one step short must differ, rel. " + shortBy);
        assertArrayEquals(new long[] {3L * solver.tableau().stages(), 5, 6}, limit.unitsU().shape());
        assertArrayEquals(limit.unitsU().shape(), limit.unitsV().shape());
    }
}
