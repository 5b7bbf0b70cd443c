package org.meanode.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The README and the pages under docs/ as a reader follows them: every relative link and anchor
 * resolves, every figure exists and is followed by a "*Regenerate:*" line whose command really
 * writes a file of that name, and every figure in docs/img is shown by some page.
 *
 * <p>A regenerating command is either {@code bin/meanode <command> ...}, whose command must be one of
 * the CLI's and whose package's sources must name the file, writing it to
 * {@code meanode-output/<command>/}; or {@code mvn ... -Dtest=SomeTest ...}, whose test class must
 * name the file, writing it to its module's {@code target/}.
 */
class DocsLinksTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("(!?)\\[([^\\]]*)\\]\\(([^)\\s]+)\\)");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("CHANGELOG.md")));
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            pages.addAll(s.filter(p -> p.toString().endsWith(".md")).sorted().toList());
        }
        return pages;
    }

    /** @return the page's lines with fenced code blocks blanked (links there are code, not links) */
    private static List<String> prose(Path page) {
        try {
            List<String> out = new ArrayList<>();
            boolean fenced = false;
            for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
                if (line.trim().startsWith("```")) {
                    fenced = !fenced;
                    out.add("");
                } else {
                    out.add(fenced || line.startsWith("    ") ? "" : line);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
    static Set<String> anchors(Path page) {
        Set<String> out = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose(page)) {
            Matcher m = HEADING.matcher(line);
            if (m.matches()) {
                String slug = slug(m.group(1));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                out.add(n == 0 ? slug : slug + "-" + n);
            }
        }
        return out;
    }

    static String slug(String heading) {
        StringBuilder sb = new StringBuilder();
        heading.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                sb.appendCodePoint(c);
            } else if (c == ' ') {
                sb.append('-');
            }
        });
        return sb.toString();
    }

    @Test
    void slugsFollowGitHub() {
        assertEquals("convergence-rates-rates", slug("Convergence rates (`rates`)"));
        assertEquals("generic-blocks-the-papers-theorem-1", slug("Generic blocks (the paper's Theorem 1)"));
        assertEquals("learning-rates-one-η-set-by-the-layers", slug("Learning rates: one η, set by the layers"));
    }

    @Test
    void everyRelativeLinkAndAnchorResolves() throws IOException {
        List<String> dead = new ArrayList<>();
        for (Path page : pages()) {
            List<String> lines = prose(page);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = LINK.matcher(CODE_SPAN.matcher(lines.get(i)).replaceAll(""));
                while (m.find()) {
                    String target = m.group(3);
                    if (target.matches("^[a-z]+:.*")) {
                        continue; // http:, https:, mailto:
                    }
                    String where = ROOT.relativize(page) + ":" + (i + 1) + " " + target;
                    int hash = target.indexOf('#');
                    String file = hash < 0 ? target : target.substring(0, hash);
                    Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                    if (!Files.exists(resolved)) {
                        dead.add(where + " (no such file)");
                    } else if (hash >= 0 && (!resolved.toString().endsWith(".md")
                            || !anchors(resolved).contains(target.substring(hash + 1)))) {
                        dead.add(where + " (no such heading; headings: " + anchors(resolved) + ")");
                    }
                }
            }
        }
        assertTrue(dead.isEmpty(), "dead links:\n" + String.join("\n", dead));
    }

    @Test
    void everyFigureNamesACommandThatWritesIt() throws IOException {
        Map<String, Class<?>> commands = new HashMap<>();
        new CommandLine(MeanOdeCli.class).getSubcommands().forEach((name, cl) -> {
            commands.put(name, cl.getCommandSpec().userObject().getClass());
            cl.getSubcommands().forEach((nested, ncl) -> // e.g. "accuracy span-check", writing meanode-output/span-check/
                    commands.put(name + " " + nested, ncl.getCommandSpec().userObject().getClass()));
        });
        List<String> problems = new ArrayList<>();
        Set<Path> shown = new HashSet<>();
        for (Path page : pages()) {
            List<String> lines = prose(page);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = LINK.matcher(lines.get(i));
                while (m.find()) {
                    if (m.group(1).isEmpty() || m.group(3).matches("^[a-z]+:.*")) {
                        continue;
                    }
                    Path image = page.getParent().resolve(m.group(3)).normalize();
                    shown.add(image);
                    String where = ROOT.relativize(page) + ":" + (i + 1) + " " + m.group(3) + ": ";
                    String regen = nextNonEmpty(lines, i + 1);
                    if (!regen.startsWith("*Regenerate:*")) {
                        problems.add(where + "no '*Regenerate:* `command`' line after the figure");
                        continue;
                    }
                    String problem = checkRegeneration(image.getFileName().toString(), regen, commands);
                    if (problem != null) {
                        problems.add(where + problem);
                    }
                }
            }
        }
        try (Stream<Path> s = Files.list(ROOT.resolve("docs/img"))) {
            for (Path img : s.toList()) {
                if (!shown.contains(img.normalize())) {
                    problems.add("docs/img/" + img.getFileName() + " is shown by no page (remove it or show it)");
                }
            }
        }
        assertTrue(problems.isEmpty(), "figures:\n" + String.join("\n", problems));
    }

    private static String nextNonEmpty(List<String> lines, int from) {
        for (int j = from; j < lines.size() && j < from + 3; j++) {
            if (!lines.get(j).isBlank()) {
                return lines.get(j).trim();
            }
        }
        return "";
    }

    /** @return null if the regeneration line holds, else what is wrong */
    static String checkRegeneration(String name, String line, Map<String, Class<?>> commands) throws IOException {
        List<String> spans = new ArrayList<>();
        Matcher c = CODE_SPAN.matcher(line);
        while (c.find()) {
            spans.add(c.group().substring(1, c.group().length() - 1));
        }
        if (spans.isEmpty()) {
            return "the Regenerate line names no `command`";
        }
        String[] cmd = spans.get(0).trim().split("\\s+");
        String produced = spans.stream().filter(s -> s.endsWith("/" + name)).findFirst().orElse(null);
        if (produced == null) {
            return "the Regenerate line names no file ending in /" + name;
        }
        if (cmd[0].endsWith("bin/meanode")) {
            String sub = cmd.length > 1 ? cmd[1] : MeanOdeCli.DEFAULT_COMMAND;
            String dir = sub;
            if (cmd.length > 2 && commands.containsKey(sub + " " + cmd[2])) { // a nested command writes under its own name
                sub = sub + " " + cmd[2];
                dir = cmd[2];
            }
            Class<?> cls = commands.get(sub);
            if (cls == null) {
                return "'" + sub + "' is not a command of the CLI " + commands.keySet();
            }
            if (!produced.equals("meanode-output/" + dir + "/" + name)) {
                return "the " + sub + " command writes meanode-output/" + dir + "/, not " + produced;
            }
            Path pkg = ROOT.resolve("examples/src/main/java").resolve(cls.getPackageName().replace('.', '/'));
            return sourcesName(pkg, name) ? null : "no source of " + cls.getPackageName() + " names \"" + name + "\"";
        }
        if (cmd[0].equals("mvn")) {
            String test = Stream.of(cmd).filter(a -> a.startsWith("-Dtest=")).map(a -> a.substring(7)).findFirst().orElse(null);
            if (test == null) {
                return "a mvn command must name the test that writes the figure (-Dtest=...)";
            }
            List<Path> sources = new ArrayList<>();
            try (Stream<Path> modules = Files.list(ROOT)) {
                for (Path testRoot : modules.map(m -> m.resolve("src/test/java")).filter(Files::isDirectory).toList()) {
                    try (Stream<Path> s = Files.walk(testRoot)) {
                        s.filter(p -> p.getFileName().toString().equals(test + ".java")).forEach(sources::add);
                    }
                }
            }
            if (sources.size() != 1) {
                return "test class " + test + " found " + sources.size() + " times";
            }
            Path src = sources.get(0);
            String module = ROOT.relativize(src).getName(0).toString();
            if (!produced.equals(module + "/target/" + name)) {
                return test + " writes into " + module + "/target/, not " + produced;
            }
            return sourcesName(src.getParent(), name) ? null : test + " does not name \"" + name + "\"";
        }
        return "unknown command '" + cmd[0] + "' (use bin/meanode ... or mvn ... -Dtest=...)";
    }

    private static boolean sourcesName(Path dir, String name) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList())) {
                if (Files.readString(p, StandardCharsets.UTF_8).contains("\"" + name + "\"")) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void aFigureWithoutItsCommandIsCaught() throws IOException {
        Map<String, Class<?>> commands = Map.of("demo", org.meanode.examples.demo.DemoCommand.class);
        assertEquals(null, checkRegeneration("convergence.png",
                "*Regenerate:* `bin/meanode demo`, then copy `meanode-output/demo/convergence.png`", commands));
        assertTrue(checkRegeneration("nothing.png", "*Regenerate:* `bin/meanode demo`, then copy "
                + "`meanode-output/demo/nothing.png`", commands).contains("names \"nothing.png\""));
        assertTrue(checkRegeneration("convergence.png", "*Regenerate:* `bin/meanode plot`, then copy "
                + "`meanode-output/plot/convergence.png`", commands).contains("not a command"));
        assertTrue(checkRegeneration("convergence.png", "*Regenerate:* `python plot.py`, then copy "
                + "`out/convergence.png`", commands).contains("unknown command"));
    }

    @Test
    void readmeStaysShortWithExactlyTwoSetUpCommands() throws IOException {
        List<String> readme = Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        assertTrue(readme.size() <= 260, "README.md has " + readme.size() + " lines; move detail to docs/");
        int start = -1;
        int end = readme.size();
        for (int i = 0; i < readme.size(); i++) {
            if (readme.get(i).startsWith("## Set-up")) {
                start = i;
            } else if (start >= 0 && readme.get(i).startsWith("## ")) {
                end = i;
                break;
            }
        }
        assertTrue(start >= 0, "README.md has no '## Set-up' section");
        List<String> commands = readme.subList(start, end).stream().filter(l -> l.startsWith("    ")).map(String::trim).toList();
        assertEquals(List.of("mvn -q -pl examples -am -DskipTests -Pdemo package", "mvn -B verify"), commands);
        assertTrue(Files.readString(ROOT.resolve(".ci/run")).contains("\nmvn -B verify"), ".ci/run runs the README's test command");
    }
}
