/**
 * Command-line examples of dl4j-meanode, built only on the library's public API.
 * {@link org.meanode.examples.MeanOdeCli} is the entry point (subcommands {@code demo}, the default,
 * and {@code bench}); {@link org.meanode.examples.Provenance} records what produced each output.
 */
package org.meanode.examples;
