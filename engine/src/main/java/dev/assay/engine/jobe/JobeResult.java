package dev.assay.engine.jobe;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.graders.code.ProgramRun;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Jobe's run result: {@code {"run_id": null, "outcome": 15, "cmpinfo": "", "stdout": "...", "stderr": "..."}}, with
 * Jobe's outcome codes (those of the ideone API it follows).
 */
public final class JobeResult {
    public static final int COMPILATION_ERROR = 11;
    public static final int RUNTIME_ERROR = 12;
    public static final int TIME_LIMIT = 13;
    public static final int SUCCESS = 15;
    public static final int MEMORY_LIMIT = 17;
    public static final int SERVER_OVERLOAD = 21;

    private JobeResult() {
    }

    public static int outcome(ProgramRun.Outcome outcome) {
        return switch (outcome) {
            case SUCCESS -> SUCCESS;
            case COMPILE_ERROR -> COMPILATION_ERROR;
            case TIME_LIMIT -> TIME_LIMIT;
            case MEMORY_LIMIT -> MEMORY_LIMIT;
            // Jobe has no code of its own for too much output: its sandbox ends such a run as a runtime error.
            case RUNTIME_ERROR, OUTPUT_LIMIT -> RUNTIME_ERROR;
        };
    }

    public static ObjectNode of(ProgramRun.Result run) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.putNull("run_id");
        node.put("outcome", outcome(run.outcome()));
        node.put("cmpinfo", run.compileInfo());
        node.put("stdout", text(run.stdout()));
        String stderr = text(run.stderr());
        if (run.outcome() == ProgramRun.Outcome.OUTPUT_LIMIT) {
            // The only place the reason can go: the outcome code alone would say "runtime error".
            stderr = stderr + (stderr.isEmpty() || stderr.endsWith("\n") ? "" : "\n") + "Assay: " + run.detail() + "\n";
        }
        node.put("stderr", stderr);
        return node;
    }

    /** The overload answer: no sandbox came free in time (Jobe answers the same, with status 200). */
    public static ObjectNode overloaded() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.putNull("run_id");
        node.put("outcome", SERVER_OVERLOAD);
        node.put("cmpinfo", "");
        node.put("stdout", "");
        node.put("stderr", "");
        return node;
    }

    /**
     * Output as text: as it is when it is UTF-8; otherwise every byte that is not printable ASCII (or a newline,
     * tab or carriage return) is written as {@code \xNN}, as Jobe does, so that nothing is silently replaced.
     */
    static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            StringBuilder out = new StringBuilder(bytes.length + 16);
            for (byte b : bytes) {
                int c = b & 0xff;
                if (c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c < 0x7f)) {
                    out.append((char) c);
                } else {
                    out.append(String.format("\\x%02x", c));
                }
            }
            return out.toString();
        }
    }
}
