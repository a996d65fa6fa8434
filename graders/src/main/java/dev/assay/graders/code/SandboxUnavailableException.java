package dev.assay.graders.code;

/**
 * No sandbox can be made on this machine (bubblewrap missing, user namespaces disabled, ...). Code grading refuses
 * rather than run anything unsandboxed; the engine should report the node not ready for code and retry the work
 * elsewhere or later. Not the learner's fault.
 */
public class SandboxUnavailableException extends RuntimeException {

    public SandboxUnavailableException(String message) {
        super(message);
    }

    public SandboxUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
