package io.orderflow.sandbox.http;

/** Thrown by handlers to answer with an {@code application/problem+json} body. */
public final class Problem extends RuntimeException {

    private final int status;
    private final String title;

    public Problem(int status, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
    }

    public static Problem badRequest(String detail) {
        return new Problem(400, "Bad Request", detail);
    }

    public static Problem notFound(String detail) {
        return new Problem(404, "Not Found", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }
}
