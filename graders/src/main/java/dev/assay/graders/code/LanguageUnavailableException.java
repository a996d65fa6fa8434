package dev.assay.graders.code;

/** This machine has no toolchain for the language (see {@link Languages#available()}); another node may. */
public class LanguageUnavailableException extends SandboxUnavailableException {

    private final Language language;

    public LanguageUnavailableException(Language language) {
        super(language.displayName() + " is not available on this machine (no toolchain found under /usr)");
        this.language = language;
    }

    public Language language() {
        return language;
    }
}
