package io.concordia.clearing.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository documents itself: every reference in it resolves inside it.
 *
 * <p>Rules, each failure naming {@code file:line}:
 * <ol>
 *   <li><b>Markdown links.</b> In every {@code *.md} file, each relative link {@code [text](target)} and reference
 *       definition {@code [id]: target} (outside code fences and inline code) names a file or folder of the
 *       repository, never a path above its root. A {@code #anchor} into a Markdown file (or the same file) must be
 *       the GitHub slug of one of its headings: lower case, punctuation other than {@code -} and {@code _}
 *       dropped, spaces to {@code -}, repeated headings suffixed {@code -1}, {@code -2}. Links with a scheme
 *       ({@code https:}, {@code mailto:}) are not checked.</li>
 *   <li><b>Paths outside the repository.</b> No text file ({@code md, java, xml, yaml, yml, properties, sh, sql,
 *       tpl, json, txt}, and scripts without an extension) names a reference folder beside the repository (its
 *       documents and examples, by the patterns below), a build machine's workspace or a user's home
 *       ({@code /home/<user>}, {@code /Users/<user>}, {@code /root/}). Markdown also may not name a file under
 *       {@code /tmp/}: documentation cannot point at a file on someone's machine. ({@code /tmp} stays legitimate in
 *       the chart, which mounts a volume there, and in tests that parse a path argument.)</li>
 *   <li><b>Cited documents.</b> A Markdown file named in a code comment or configuration file ({@code docs/x.md},
 *       {@code README.md}, {@code helm/README.md}) exists, relative to the repository root, to the citing file, or
 *       to the citing file's module (where its tests run).
 *       Landed migrations are exempt: they may never change (see {@code LandedMigrationsTest}), and
 *       {@code docs/architecture.md}, "Schema changes" maps their older citations.</li>
 * </ol>
 * Files are those git tracks (or, outside a git checkout, every file except {@code target/} and hidden folders).
 */
class DocumentationLinksTest {

    private static final Pattern INLINE_LINK =
            Pattern.compile("!?\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REFERENCE_DEFINITION =
            Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s+.*)?$");
    private static final Pattern INLINE_CODE = Pattern.compile("(`+)[^`]*?\\1");
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static final Pattern CITED_MARKDOWN =
            Pattern.compile("(?<![\\w./-])((?:\\.\\./|[\\w-]+/)*[\\w-]+\\.md)\\b");
    private static final Set<String> TEXT_EXTENSIONS =
            Set.of("md", "java", "xml", "yaml", "yml", "properties", "sh", "sql", "tpl", "json", "txt");
    private static final String LANDED_MIGRATIONS = "migrations/src/main/resources/db/migration/";

    /** A path outside the repository, with the reason a reader of the file would give. */
    private record OutsidePath(Pattern pattern, String what, boolean markdownOnly) {}

    private static final List<OutsidePath> OUTSIDE_PATHS = List.of(
            new OutsidePath(
                    Pattern.compile("\\.\\./sh[a]red/|(?<![\\w-])sh[a]red/(?:docs|margin-examples)\\b"),
                    "the reference folder beside the repository: cite docs/ instead",
                    false),
            new OutsidePath(Pattern.compile("(?<![\\w.$}-])/w[o]rk/"), "a workspace path of one machine", false),
            new OutsidePath(
                    Pattern.compile("(?<![\\w.$}-])/(?:home|Users)/[\\w.-]+|(?<![\\w.$}-])/root/"),
                    "a user's home directory",
                    false),
            new OutsidePath(Pattern.compile("(?<![\\w.$}-])/tmp/\\S"), "a temporary file on one machine", true));

    @Test
    void shouldResolveEveryRelativeMarkdownLinkInsideTheRepository() throws IOException, InterruptedException {
        Path root = repositoryRoot();
        Map<Path, Set<String>> anchors = new HashMap<>();
        List<String> broken = new ArrayList<>();
        int links = 0;

        for (String file : trackedFiles(root)) {
            if (!file.endsWith(".md")) {
                continue;
            }
            Path source = root.resolve(file);
            List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
                    fenced = !fenced;
                    continue;
                }
                if (fenced) {
                    continue;
                }
                for (String target : linkTargets(line)) {
                    links++;
                    String problem = problemOf(root, source, target, anchors);
                    if (problem != null) {
                        broken.add(file + ":" + (i + 1) + ": " + target + ": " + problem);
                    }
                }
            }
        }

        assertThat(links)
                .as("relative links found (the scan must see the documentation)")
                .isGreaterThan(20);
        assertThat(broken).as("broken relative links in Markdown files").isEmpty();
    }

    @Test
    void shouldNameNoPathOutsideTheRepository() throws IOException, InterruptedException {
        Path root = repositoryRoot();
        List<String> outside = new ArrayList<>();
        int files = 0;

        for (String file : trackedFiles(root)) {
            if (!isText(file) || file.equals(selfPath())) {
                continue;
            }
            List<String> lines = readText(root.resolve(file));
            if (lines == null) {
                continue;
            }
            files++;
            for (int i = 0; i < lines.size(); i++) {
                for (OutsidePath rule : OUTSIDE_PATHS) {
                    if (rule.markdownOnly() && !file.endsWith(".md")) {
                        continue;
                    }
                    Matcher m = rule.pattern().matcher(lines.get(i));
                    if (m.find()) {
                        outside.add(file + ":" + (i + 1) + ": '" + m.group() + "' is " + rule.what());
                    }
                }
            }
        }

        assertThat(files).as("text files scanned").isGreaterThan(100);
        assertThat(outside).as("paths outside the repository").isEmpty();
    }

    @Test
    void shouldFindEveryMarkdownDocumentThatCodeCites() throws IOException, InterruptedException {
        Path root = repositoryRoot();
        List<String> missing = new ArrayList<>();
        int citations = 0;

        for (String file : trackedFiles(root)) {
            if (file.endsWith(".md")
                    || !isText(file)
                    || file.startsWith(LANDED_MIGRATIONS)
                    || file.equals(selfPath())) {
                continue;
            }
            Path source = root.resolve(file);
            List<String> lines = readText(source);
            if (lines == null) {
                continue;
            }
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = CITED_MARKDOWN.matcher(lines.get(i));
                while (m.find()) {
                    citations++;
                    String cited = m.group(1);
                    Path module = root.resolve(file.substring(0, Math.max(0, file.indexOf('/'))));
                    if (Stream.of(root, source.getParent(), module)
                            .noneMatch(dir -> Files.isRegularFile(dir.resolve(cited)))) {
                        missing.add(file + ":" + (i + 1) + ": " + cited + " is not a file of the repository");
                    }
                }
            }
        }

        assertThat(citations).as("citations of documents found").isGreaterThan(20);
        assertThat(missing).as("documents cited by code that do not exist").isEmpty();
    }

    @Test
    void shouldSlugHeadingsAsGitHubDoes() {
        assertThat(slug("§6 Replication format")).isEqualTo("6-replication-format");
        assertThat(slug("§3 Building a scenario set: filtered historical simulation"))
                .isEqualTo("3-building-a-scenario-set-filtered-historical-simulation");
        assertThat(slug("Tokens, roles and four-eyes")).isEqualTo("tokens-roles-and-four-eyes");
        assertThat(slug("Out: `outbox` events")).isEqualTo("out-outbox-events");
    }

    @Test
    void shouldReportABrokenLinkAndAnchor(@org.junit.jupiter.api.io.TempDir Path root) throws IOException {
        Files.writeString(root.resolve("a.md"), "# Title\n\n## Second part\n");
        Map<Path, Set<String>> anchors = new HashMap<>();

        assertThat(problemOf(root, root.resolve("a.md"), "a.md#second-part", anchors))
                .isNull();
        assertThat(problemOf(root, root.resolve("a.md"), "#title", anchors)).isNull();
        assertThat(problemOf(root, root.resolve("a.md"), "b.md", anchors)).contains("no such file");
        assertThat(problemOf(root, root.resolve("a.md"), "a.md#third-part", anchors))
                .contains("no heading");
        assertThat(problemOf(root, root.resolve("a.md"), "../outside.md", anchors))
                .contains("outside the repository");
        assertThat(linkTargets("see [x](a.md) and `[y](b.md)` and [z](https://example.com)"))
                .containsExactly("a.md");
        // the samples are put together here so that this file does not itself name the paths it forbids
        String referenceFolder = String.join("/", "..", "shared", "docs", "margin-model.md");
        String workspace = String.join("/", "", "work", "main");
        assertThat(OUTSIDE_PATHS
                        .get(0)
                        .pattern()
                        .matcher("(" + referenceFolder + ")")
                        .find())
                .isTrue();
        assertThat(OUTSIDE_PATHS
                        .get(1)
                        .pattern()
                        .matcher("cd " + workspace + " && mvn")
                        .find())
                .isTrue();
        assertThat(OUTSIDE_PATHS
                        .get(1)
                        .pattern()
                        .matcher("${project.build.directory}" + workspace)
                        .find())
                .isFalse();
        assertThat(isText(".ci/run")).isTrue();
        assertThat(isText("helm/concordia/templates/NOTES.txt")).isTrue();
        assertThat(isText("docs/diagram.png")).isFalse();
    }

    /** The relative targets of the links on one line, outside inline code. */
    static List<String> linkTargets(String line) {
        String text = INLINE_CODE.matcher(line).replaceAll("");
        List<String> targets = new ArrayList<>();
        Matcher inline = INLINE_LINK.matcher(text);
        while (inline.find()) {
            targets.add(inline.group(1));
        }
        Matcher definition = REFERENCE_DEFINITION.matcher(text);
        if (definition.matches()) {
            targets.add(definition.group(1));
        }
        targets.removeIf(t -> SCHEME.matcher(t).find() || t.startsWith("//"));
        return targets;
    }

    /** Why {@code target}, linked from {@code source}, does not resolve inside {@code root}; null when it does. */
    static String problemOf(Path root, Path source, String target, Map<Path, Set<String>> anchors) {
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = path.isEmpty()
                ? source
                : (path.startsWith("/")
                        ? root.resolve(path.substring(1))
                        : source.getParent().resolve(path));
        resolved = resolved.toAbsolutePath().normalize();
        if (!resolved.startsWith(root.toAbsolutePath().normalize())) {
            return "points outside the repository";
        }
        if (!Files.exists(resolved)) {
            return "no such file or folder";
        }
        if (anchor != null && !anchor.isEmpty() && resolved.toString().endsWith(".md")) {
            Set<String> slugs = anchors.computeIfAbsent(resolved, DocumentationLinksTest::headingSlugs);
            if (!slugs.contains(anchor)) {
                return "no heading with the anchor #" + anchor;
            }
        }
        return null;
    }

    private static Set<String> headingSlugs(Path markdown) {
        Set<String> slugs = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        try {
            for (String line : Files.readAllLines(markdown, StandardCharsets.UTF_8)) {
                if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
                    fenced = !fenced;
                    continue;
                }
                Matcher m = HEADING.matcher(line);
                if (!fenced && m.matches()) {
                    String slug = slug(m.group(1));
                    int n = seen.merge(slug, 1, Integer::sum) - 1;
                    slugs.add(n == 0 ? slug : slug + "-" + n);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + markdown, e);
        }
        return slugs;
    }

    /** GitHub's anchor of a heading: markup and punctuation dropped, lower case, spaces to hyphens. */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                .replace("`", "")
                .replace("*", "");
        return text.strip()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}\\s_-]", "")
                .replace(' ', '-');
    }

    /** The repository root: the first folder upwards from the working directory holding the parent pom and docs/. */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("docs/README.md"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (pom.xml and docs/README.md) above "
                + Path.of("").toAbsolutePath());
    }

    /** Files git tracks, relative to the root with '/' separators; outside git, the source tree without build output. */
    static List<String> trackedFiles(Path root) throws IOException, InterruptedException {
        if (Files.exists(root.resolve(".git"))) {
            Process git = new ProcessBuilder("git", "ls-files", "-z")
                    .directory(root.toFile())
                    .redirectErrorStream(false)
                    .start();
            byte[] out = git.getInputStream().readAllBytes();
            if (git.waitFor(60, TimeUnit.SECONDS) && git.exitValue() == 0) {
                List<String> files = new ArrayList<>();
                for (String f : new String(out, StandardCharsets.UTF_8).split("\0")) {
                    if (!f.isEmpty() && Files.isRegularFile(root.resolve(f))) {
                        files.add(f);
                    }
                }
                return files;
            }
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(f ->
                            Stream.of(f.split("/")).noneMatch(part -> part.equals("target") || part.startsWith(".")))
                    .sorted()
                    .toList();
        }
    }

    /** A text file the rules apply to: by its extension, or a script without one ({@code .ci/run}). */
    static boolean isText(String file) {
        String name = file.substring(file.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot < 0 || TEXT_EXTENSIONS.contains(name.substring(dot + 1));
    }

    /** This file: it spells out the patterns it forbids. */
    private static String selfPath() {
        return "clearing-api/src/test/java/io/concordia/clearing/docs/DocumentationLinksTest.java";
    }

    /** The lines of a UTF-8 text file; null for a file that is not UTF-8 text. */
    private static List<String> readText(Path file) throws IOException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            return null;
        }
    }
}
