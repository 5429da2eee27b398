package dev.photopipe.enrich.routing;

import com.google.re2j.Pattern;

/**
 * Shell-style globs: {@code *} any run of characters (including none), {@code ?} one character,
 * {@code [abc]}/{@code [a-z]}/{@code [!a]} one character of a class, {@code {a,b}} alternatives;
 * {@code \} escapes the next character. Unlike {@code FileSystem#getPathMatcher} the meaning does
 * not depend on the operating system, so a rule behaves the same on every node.
 *
 * <p>Matched with RE2/J, in time linear in the name whatever the glob: rules are data anyone with
 * access to the rules topic writes, and a backtracking engine takes exponential time on globs like
 * {@code *a*a*a*a*a*a*a*a*a*a*a*a*a*a*c} against a long name, holding a stream thread (and every
 * later photo of its partitions) for hours. Immutable and thread-safe.
 */
final class Glob {
    private final String text;
    private final Pattern pattern;

    private Glob(String text, Pattern pattern) {
        this.text = text;
        this.pattern = pattern;
    }

    /**
     * Compiles {@code glob}.
     *
     * @throws IllegalArgumentException with a human-readable reason if the glob is malformed
     */
    static Glob compile(String glob, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                case '\\' -> {
                    if (++i == glob.length()) {
                        throw new IllegalArgumentException("glob '" + glob + "' ends with an escape character");
                    }
                    regex.append(Pattern.quote(String.valueOf(glob.charAt(i))));
                }
                case '[' -> {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) {
                        throw new IllegalArgumentException("glob '" + glob + "' has an unclosed '['");
                    }
                    String body = glob.substring(i + 1, end);
                    regex.append('[');
                    if (body.startsWith("!")) {
                        regex.append('^');
                        body = body.substring(1);
                    }
                    regex.append(body.replace("\\", "\\\\").replace("[", "\\[").replace("&", "\\&"));
                    regex.append(']');
                    i = end;
                }
                case '{' -> {
                    braces++;
                    regex.append("(?:");
                }
                case '}' -> {
                    if (braces == 0) {
                        throw new IllegalArgumentException("glob '" + glob + "' has an unmatched '}'");
                    }
                    braces--;
                    regex.append(')');
                }
                case ',' -> regex.append(braces > 0 ? "|" : ",");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (braces != 0) {
            throw new IllegalArgumentException("glob '" + glob + "' has an unclosed '{'");
        }
        int flags = ignoreCase ? Pattern.CASE_INSENSITIVE : 0;
        try {
            return new Glob(glob, Pattern.compile(regex.toString(), flags | Pattern.DOTALL));
        } catch (com.google.re2j.PatternSyntaxException e) {
            throw new IllegalArgumentException("glob '" + glob + "' is malformed: " + e.getDescription(), e);
        }
    }

    boolean matches(String value) {
        return value != null && pattern.matcher(value).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
