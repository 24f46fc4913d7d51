package studio.common.api;

import java.util.ArrayList;
import java.util.List;

import studio.common.error.Problem;
import studio.common.error.ProblemException;

/** {@code ?page=0&size=20}, checked: page from 0, size from 1 to {@value #MAX_SIZE}. */
public record PageRequest(int page, int size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;
    /** The largest offset a list can be asked for. */
    private static final int MAX_PAGE = Integer.MAX_VALUE - MAX_SIZE;

    public static PageRequest of(Integer page, Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? DEFAULT_SIZE : size;
        List<Problem.FieldError> errors = new ArrayList<>();
        if (p < 0) {
            errors.add(Problem.FieldError.of("page", "must be 0 or more"));
        }
        if (s < 1 || s > MAX_SIZE) {
            errors.add(Problem.FieldError.of("size", "must be between 1 and " + MAX_SIZE));
        } else if (p > MAX_PAGE / s) {
            // page × size is the offset, an int for the database: past it the page cannot exist
            errors.add(Problem.FieldError.of("page", "must be at most " + (MAX_PAGE / s) + " with size " + s));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("Invalid paging parameters.", errors);
        }
        return new PageRequest(p, s);
    }
}
