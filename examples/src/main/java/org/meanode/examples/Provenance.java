package org.meanode.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What produced an output directory: command, configuration, seeds, project, DL4J, ND4J backend
 * and machine. Entries keep insertion order and are written as one flat JSON object
 * ({@value #FILE_NAME}).
 *
 * <pre>{@code
 * Provenance p = Provenance.forCommand("demo", List.of("--quick"));
 * p.put("embeddingDim", 20);
 * p.write(outDir);
 * }</pre>
 */
public final class Provenance {
    /** File name written by {@link #write(Path)}. */
    public static final String FILE_NAME = "provenance.json";

    private final Map<String, Object> entries = new LinkedHashMap<>();

    private Provenance() {
    }

    /**
     * Starts a record with the command, the time and the software and machine it runs on.
     *
     * @param command the subcommand name
     * @param args    the arguments as given on the command line
     * @return a new record
     */
    public static Provenance forCommand(String command, List<String> args) {
        Provenance p = new Provenance();
        p.put("command", command);
        p.put("arguments", String.join(" ", args));
        p.put("startedUtc", Instant.now().toString());
        p.put("projectVersion", projectVersion());
        p.put("dl4jVersion", dl4jVersion());
        p.put("nd4jBackend", nd4jBackendArtifact());
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        for (String key : List.of("blas.vendor", "omp.threads", "cores", "memory.available")) {
            if (env.get(key) != null) {
                p.put("nd4j." + key, env.get(key).toString());
            }
        }
        // Thread settings read by OpenMP and OpenBLAS at start-up: they change timings a lot on few cores.
        for (String var : List.of("OMP_NUM_THREADS", "OMP_WAIT_POLICY", "OPENBLAS_NUM_THREADS")) {
            String v = System.getenv(var);
            p.put("env." + var, v == null ? "unset" : v);
        }
        p.put("javaVersion", System.getProperty("java.version"));
        p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        p.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        return p;
    }

    /**
     * Adds or replaces an entry.
     *
     * @param key   entry name
     * @param value a String, Number or Boolean (anything else is recorded by its toString())
     * @return this
     */
    public Provenance put(String key, Object value) {
        entries.put(key, value);
        return this;
    }

    /** @return the entries, in insertion order (read-only) */
    public Map<String, Object> entries() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /**
     * Writes {@value #FILE_NAME} into a directory.
     *
     * @param dir an existing directory
     * @return the file written
     */
    public Path write(Path dir) {
        StringBuilder sb = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            sb.append("  ").append(quote(e.getKey())).append(": ").append(json(e.getValue()));
            sb.append(++i < entries.size() ? ",\n" : "\n");
        }
        sb.append("}\n");
        Path file = dir.resolve(FILE_NAME);
        try {
            Files.writeString(file, sb, StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException("could not write " + file + ": " + ex.getMessage(), ex);
        }
        return file;
    }

    private static String json(Object v) {
        if (v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.toString();
        }
        return quote(String.valueOf(v));
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** @return this project's version, filtered into examples.properties at build time */
    public static String projectVersion() {
        return property("/examples.properties", "project.version");
    }

    /** @return the version of the deeplearning4j-nn jar on the classpath */
    public static String dl4jVersion() {
        return mavenVersion("org.deeplearning4j", "deeplearning4j-nn");
    }

    /** @return the ND4J backend artifact and version found on the classpath (CPU or CUDA) */
    public static String nd4jBackendArtifact() {
        for (String artifact : List.of("nd4j-native", "nd4j-cuda-11.6")) {
            String v = mavenVersion("org.nd4j", artifact);
            if (!"unknown".equals(v)) {
                return artifact + " " + v;
            }
        }
        return "unknown";
    }

    /**
     * @param group    a Maven groupId
     * @param artifact an artifactId
     * @return the version of that artifact on the classpath (from its pom.properties), or "unknown"
     */
    public static String mavenVersion(String group, String artifact) {
        return property("/META-INF/maven/" + group + "/" + artifact + "/pom.properties", "version");
    }

    private static String property(String resource, String key) {
        try (InputStream in = Provenance.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty(key, "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
