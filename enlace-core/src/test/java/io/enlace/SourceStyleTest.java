package io.enlace;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Source checks that the compiled classes cannot show (bytecode has no qualified names): in {@code src/main/java},
 * types are named through imports, never written out fully qualified in code ({@code java.util.Objects.requireNonNull},
 * {@code io.netty.channel.EventLoop}) outside {@code import}/{@code package} lines, comments and strings.
 */
class SourceStyleTest {
    private static final Pattern QUALIFIED =
            Pattern.compile("\\b(java|javax|io|com|org)\\.[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*\\.[A-Z]\\w*");

    @Test
    void noQualifiedTypeNamesInCode() throws IOException {
        Path root = Path.of("src", "main", "java");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String rel = root.relativize(f).toString().replace('\\', '/');
                List<String> lines = Files.readAllLines(f);
                boolean[] inBlock = {false};
                for (int i = 0; i < lines.size(); i++) {
                    String code = code(lines.get(i), inBlock).trim();
                    if (code.startsWith("import ") || code.startsWith("package ")) continue;
                    Matcher m = QUALIFIED.matcher(code);
                    while (m.find()) found.add(rel + ":" + (i + 1) + "  " + m.group());
                }
            }
        }
        assertThat(found).as("fully qualified type names in code (use an import)").isEmpty();
    }

    @Test
    void theCheckSeesWhatItLooksFor() {
        boolean[] inBlock = {false};
        assertThat(QUALIFIED.matcher(code("x = java.util.Objects.requireNonNull(y);", inBlock)).find()).isTrue();
        assertThat(QUALIFIED.matcher(code("x = \"java.util.Objects\"; // java.util.List", inBlock)).find()).isFalse();
        assertThat(QUALIFIED.matcher(code("/** {@link java.util.List} */ int a;", inBlock)).find()).isFalse();
        assertThat(QUALIFIED.matcher(code("/* start java.util.List", inBlock)).find()).isFalse();
        assertThat(QUALIFIED.matcher(code("still java.util.List */ int b = 'x';", inBlock)).find()).isFalse();
        assertThat(QUALIFIED.matcher(code("@io.netty.channel.ChannelHandler.Sharable", inBlock)).find()).isTrue();
    }

    /** The code of one line: comments and string or char literals blanked out; {@code inBlock} carries a block comment. */
    static String code(String line, boolean[] inBlock) {
        StringBuilder out = new StringBuilder(line.length());
        int j = 0;
        while (j < line.length()) {
            if (inBlock[0]) {
                int k = line.indexOf("*/", j);
                if (k < 0) break;
                inBlock[0] = false;
                j = k + 2;
                continue;
            }
            if (line.startsWith("/*", j)) {
                inBlock[0] = true;
                j += 2;
                continue;
            }
            if (line.startsWith("//", j)) break;
            char c = line.charAt(j);
            if (c == '"' || c == '\'') {
                int k = j + 1;
                while (k < line.length() && line.charAt(k) != c) {
                    if (line.charAt(k) == '\\') k++;
                    k++;
                }
                out.append(c).append(c);
                j = k + 1;
                continue;
            }
            out.append(c);
            j++;
        }
        return out.toString();
    }
}
