package org.meanode.examples.search;

import org.meanode.arbiter.MeanOdeResNetSpace;

/**
 * The search commands' ({@code search}, {@code spark search}) options {@code --depth}, {@code --width},
 * {@code --alpha} and {@code --eta}, each "min:max" or one value ({@link Range}), set on a
 * {@link MeanOdeResNetSpace.Builder}: a fixed value for one value, a range otherwise.
 */
public final class SpaceOptions {
    private SpaceOptions() {
    }

    /**
     * @param b     the space being built
     * @param depth L, "min:max" or one value
     * @param width M, likewise
     * @param alpha α, likewise
     * @param eta   η, likewise
     * @return {@code b}
     * @throws IllegalArgumentException naming the option of a malformed or non-integral value
     */
    public static MeanOdeResNetSpace.Builder apply(MeanOdeResNetSpace.Builder b, String depth, String width, String alpha,
                                                   String eta) {
        Range l = Range.parse("--depth", depth);
        Range m = Range.parse("--width", width);
        Range a = Range.parse("--alpha", alpha);
        Range e = Range.parse("--eta", eta);
        if (l.fixed()) {
            b.depth(l.intMin("--depth"));
        } else {
            b.depth(l.intMin("--depth"), l.intMax("--depth"));
        }
        if (m.fixed()) {
            b.width(m.intMin("--width"));
        } else {
            b.width(m.intMin("--width"), m.intMax("--width"));
        }
        if (a.fixed()) {
            b.alpha(a.min());
        } else {
            b.alpha(a.min(), a.max());
        }
        if (e.fixed()) {
            b.learningRate(e.min());
        } else {
            b.learningRate(e.min(), e.max());
        }
        return b;
    }
}
