package org.meanode.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's Unix launcher (src/dist/bin/meanode) run for real against a stand-in
 * {@code org.meanode.examples.MeanOdeCli} in lib/ that prints its environment and arguments: it sets
 * OMP_WAIT_POLICY=PASSIVE unless the caller set it, passes arguments through unchanged, finds lib/
 * through a symbolic link, honours JAVA_HOME and JAVA_OPTS, and returns the program's exit code.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX shell launcher; bin/meanode.bat serves Windows")
class LauncherScriptTest {
    @TempDir
    static Path dist;

    private static final String STAND_IN = """
            package org.meanode.examples;
            public final class MeanOdeCli {
                public static void main(String[] args) {
                    System.out.println("OMP_WAIT_POLICY=" + System.getenv("OMP_WAIT_POLICY"));
                    System.out.println("prop=" + System.getProperty("meanode.test"));
                    System.out.println("conf=" + System.getProperty("meanode.conf"));
                    System.out.println("args=" + String.join("|", args));
                    System.exit(args.length > 0 && args[0].equals("fail") ? 3 : 0);
                }
            }
            """;

    @BeforeAll
    static void buildDistribution() throws IOException {
        Path bin = Files.createDirectories(dist.resolve("bin"));
        Files.copy(Path.of("src/dist/bin/meanode"), bin.resolve("meanode"), StandardCopyOption.COPY_ATTRIBUTES);
        assertTrue(Files.isExecutable(bin.resolve("meanode")), "src/dist/bin/meanode must be executable");
        Path src = Files.createDirectories(dist.resolve("src/org/meanode/examples")).resolve("MeanOdeCli.java");
        Files.writeString(src, STAND_IN);
        Path classes = Files.createDirectories(dist.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", classes.toString(), src.toString()));
        Path lib = Files.createDirectories(dist.resolve("lib"));
        try (OutputStream os = Files.newOutputStream(lib.resolve("stand-in.jar"));
             JarOutputStream jar = new JarOutputStream(os)) {
            jar.putNextEntry(new JarEntry("org/meanode/examples/MeanOdeCli.class"));
            jar.write(Files.readAllBytes(classes.resolve("org/meanode/examples/MeanOdeCli.class")));
            jar.closeEntry();
        }
    }

    private static Result launch(Path script, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("OMP_WAIT_POLICY");
        pb.environment().remove("JAVA_OPTS");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    private record Result(int code, String out) {
    }

    @Test
    void setsPassiveWaitPolicyUnlessTheUserChoseOne() throws Exception {
        Path script = dist.resolve("bin/meanode");
        Result unset = launch(script, Map.of(), "rates");
        assertEquals(0, unset.code(), unset.out());
        assertTrue(unset.out().contains("OMP_WAIT_POLICY=PASSIVE"), unset.out());
        Result active = launch(script, Map.of("OMP_WAIT_POLICY", "ACTIVE"), "rates");
        assertTrue(active.out().contains("OMP_WAIT_POLICY=ACTIVE"), active.out());
    }

    @Test
    void passesArgumentsJavaOptsAndExitCodeThrough() throws Exception {
        Result r = launch(dist.resolve("bin/meanode"), Map.of("JAVA_OPTS", "-Dmeanode.test=yes -Xmx256m"),
                "demo", "--out", "a dir/with spaces", "*");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("args=demo|--out|a dir/with spaces|*"), r.out());
        assertTrue(r.out().contains("prop=yes"), r.out());
        assertEquals(3, launch(dist.resolve("bin/meanode"), Map.of(), "fail").code());
    }

    @Test
    void passesTheOptionsOfConfJvmConfigBeforeJavaOpts() throws Exception {
        Path conf = Files.createDirectories(dist.resolve("conf")).resolve("jvm.config");
        Files.writeString(conf, "# comment\n-Dmeanode.conf=from-config\n\n-Dmeanode.test=config\n");
        try {
            Result r = launch(dist.resolve("bin/meanode"), Map.of("JAVA_OPTS", "-Dmeanode.test=user"), "x");
            assertEquals(0, r.code(), r.out());
            assertTrue(r.out().contains("conf=from-config"), r.out());
            assertTrue(r.out().contains("prop=user"), "JAVA_OPTS comes last and wins: " + r.out());
        } finally {
            Files.delete(conf);
        }
    }

    @Test
    void findsItsLibrariesThroughASymbolicLink() throws Exception {
        Path link = Files.createDirectories(dist.resolve("elsewhere")).resolve("meanode");
        Files.createSymbolicLink(link, dist.resolve("bin/meanode"));
        Result r = launch(link, Map.of(), "help");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("args=help"), r.out());
    }
}
