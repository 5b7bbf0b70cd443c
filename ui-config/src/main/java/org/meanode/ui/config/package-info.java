/**
 * Configuration defaults of the DL4J dashboard integration: port, storage file and refresh
 * interval, bundled as a properties file and overridable by system properties.
 */
package org.meanode.ui.config;
