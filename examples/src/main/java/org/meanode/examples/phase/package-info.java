/**
 * The {@code phase} command: the phase diagram of MODEL.md measured. Sweeps the residual scale α
 * (lazy to complete) against σ_v/√D and against the base rate η, and maps the relative movement
 * of the units, of the hidden states and the loss after K steps.
 */
package org.meanode.examples.phase;
