package dev.assay.graders.code;

/**
 * Whether this machine can create sandboxes; what {@code /health/ready} reports for code grading.
 *
 * @param reason  why not, in words an operator can act on (empty when available)
 * @param version bubblewrap's version when it was found
 */
public record SandboxStatus(boolean available, String reason, String version) {

    public SandboxStatus {
        reason = reason == null ? "" : reason;
        version = version == null ? "" : version;
    }

    static SandboxStatus up(String version) {
        return new SandboxStatus(true, "", version);
    }

    static SandboxStatus down(String reason, String version) {
        return new SandboxStatus(false, reason, version);
    }
}
