package io.orderflow.infra.inventory;

/** A stock message read into a command, or the reason it cannot be applied (then command is null). */
public record Parsed<T>(T command, String problem) {

    static <T> Parsed<T> of(T command) {
        return new Parsed<>(command, null);
    }

    static <T> Parsed<T> refused(String problem) {
        return new Parsed<>(null, problem);
    }

    public boolean ok() {
        return command != null;
    }
}
