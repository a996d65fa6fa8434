package dev.assay.graders.code;

/**
 * A sandbox failed for reasons of the machine, not of the program in it (bubblewrap could not set up a mount,
 * the run was interrupted, a host directory could not be written). Grading the submission again later is the cure.
 */
public class SandboxException extends RuntimeException {

    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
