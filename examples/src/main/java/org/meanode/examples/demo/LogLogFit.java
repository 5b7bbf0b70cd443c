package org.meanode.examples.demo;

/**
 * Least-squares line through (log x, log y): y ≈ prefactor · x^slope.
 *
 * @param slope      fitted exponent
 * @param intercept  fitted log(prefactor)
 * @param slopeStdError standard error of the slope from the residuals (NaN with fewer than 3 points)
 * @param rSquared   coefficient of determination in log space
 * @param points     number of points fitted
 */
public record LogLogFit(double slope, double intercept, double slopeStdError, double rSquared, int points) {

    /**
     * @param x positive abscissae
     * @param y positive ordinates, same length, at least 2 distinct x
     * @return the fit
     */
    public static LogLogFit fit(double[] x, double[] y) {
        int n = x.length;
        if (n != y.length || n < 2) {
            throw new IllegalArgumentException("LogLogFit needs at least 2 points and equal lengths, got " + n + " x and "
                    + y.length + " y");
        }
        double mx = 0;
        double my = 0;
        double[] lx = new double[n];
        double[] ly = new double[n];
        for (int i = 0; i < n; i++) {
            if (!(x[i] > 0) || !(y[i] > 0)) {
                throw new IllegalArgumentException("LogLogFit needs positive values, got (" + x[i] + ", " + y[i] + ")");
            }
            lx[i] = Math.log(x[i]);
            ly[i] = Math.log(y[i]);
            mx += lx[i] / n;
            my += ly[i] / n;
        }
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (lx[i] - mx) * (lx[i] - mx);
            sxy += (lx[i] - mx) * (ly[i] - my);
            syy += (ly[i] - my) * (ly[i] - my);
        }
        if (sxx == 0) {
            throw new IllegalArgumentException("LogLogFit needs at least 2 distinct x values");
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double rss = 0;
        for (int i = 0; i < n; i++) {
            double r = ly[i] - intercept - slope * lx[i];
            rss += r * r;
        }
        double se = n > 2 ? Math.sqrt(rss / (n - 2) / sxx) : Double.NaN;
        double r2 = syy == 0 ? 1.0 : 1.0 - rss / syy;
        return new LogLogFit(slope, intercept, se, r2, n);
    }

    /**
     * @param x a positive abscissa
     * @return the fitted value prefactor · x^slope
     */
    public double predict(double x) {
        return Math.exp(intercept + slope * Math.log(x));
    }

    /** @return the prefactor exp(intercept) */
    public double prefactor() {
        return Math.exp(intercept);
    }
}
