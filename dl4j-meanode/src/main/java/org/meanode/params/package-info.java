/**
 * Parameter initializers: how each layer's parameters are laid out as views of DL4J's flat
 * parameter vector, and how they are drawn at initialisation.
 */
package org.meanode.params;
