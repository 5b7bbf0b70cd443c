/**
 * Numerics of the Neural Mean ODE limit layer: explicit Runge–Kutta methods in depth-time s
 * ({@link org.meanode.ode.OdeSolver}, each a {@link org.meanode.ode.ButcherTableau}) and the
 * quadrature nodes that stand for the initial law of the units ({@link org.meanode.ode.NodeScheme},
 * {@link org.meanode.ode.QuadratureNodes}).
 */
package org.meanode.ode;
