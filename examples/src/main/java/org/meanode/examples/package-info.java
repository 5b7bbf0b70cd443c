/**
 * Command-line examples of dl4j-meanode, built only on the library's public API.
 * {@link org.meanode.examples.MeanOdeCli} is the entry point (subcommand {@code demo}, the default); {@link org.meanode.examples.Provenance} records what produced each output.
 */
package org.meanode.examples;
