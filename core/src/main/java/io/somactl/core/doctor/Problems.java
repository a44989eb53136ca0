package io.somactl.core.doctor;

/** A one-line account of why a check failed: the deepest cause that has something to say. */
final class Problems {
    private Problems() {}

    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (root == failure || top.contains(String.valueOf(root.getMessage()))) {
            return top;
        }
        return top + " (" + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")";
    }
}
