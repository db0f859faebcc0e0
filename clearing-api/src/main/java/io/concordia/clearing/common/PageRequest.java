package io.concordia.clearing.common;

/** A page of a listing, 0-based, with the size capped so that no caller can ask for the whole table. */
public record PageRequest(int page, int size) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 500;

    public static PageRequest of(Integer page, Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? DEFAULT_SIZE : size;
        if (p < 0) {
            throw ApiProblem.of(ProblemCode.INVALID_PAGE, "page must be 0 or more, was " + p);
        }
        if (s < 1 || s > MAX_SIZE) {
            throw ApiProblem.of(ProblemCode.INVALID_PAGE_SIZE, "size must be between 1 and " + MAX_SIZE + ", was " + s);
        }
        return new PageRequest(p, s);
    }
}
