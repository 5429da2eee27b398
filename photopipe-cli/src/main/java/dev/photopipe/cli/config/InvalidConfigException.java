package dev.photopipe.cli.config;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration has errors; the message lists every one of them with its fix. */
public final class InvalidConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public InvalidConfigException(List<ConfigProblem> problems) {
        super(problems.stream()
                .map(p -> "  - " + p.key() + ": " + p.message() + "\n    Fix: " + p.fix())
                .collect(Collectors.joining("\n", problems.size() + " configuration error(s):\n", "")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
