/**
 * Numerics of the Neural Mean ODE limit layer: explicit Runge–Kutta methods in depth-time s
 * ({@link org.meanode.ode.OdeSolver}, each a {@link org.meanode.ode.ButcherTableau}, which the
 * residual kernel runs with the units of each stage) and the quadrature nodes that stand for the
 * initial law of the units ({@link org.meanode.ode.NodeScheme},
 * {@link org.meanode.ode.QuadratureNodes}).
 *
 * <p>A contributor adds a solver here as a new tableau (one enum constant, no new code in the
 * kernel) or a node scheme; its measured order is checked by SolverOrderTest.
 */
package org.meanode.ode;
