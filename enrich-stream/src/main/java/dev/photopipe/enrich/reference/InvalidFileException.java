package dev.photopipe.enrich.reference;

import java.util.List;
import java.util.stream.Collectors;

/** A reference-data file was rejected; {@link #problems()} lists every problem found, in file order. */
public final class InvalidFileException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<FileProblem> problems;

    public InvalidFileException(List<FileProblem> problems) {
        super(problems.size() + " problem(s):\n"
                + problems.stream().map(FileProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<FileProblem> problems() {
        return problems;
    }
}
