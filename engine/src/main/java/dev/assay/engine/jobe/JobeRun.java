package dev.assay.engine.jobe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;
import dev.assay.graders.code.Limits;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Jobe run request ({@code POST /jobe/index.php/restapi/runs}, body {@code {"run_spec": {...}}}), read strictly
 * where Jobe is strict and leniently where its clients rely on leniency: {@code parameters} may carry settings
 * Assay does not use (compile and interpreter arguments, Jobe's own keys), which Jobe ignores too.
 *
 * @param sourceFileName null for the language's default ({@code ProgramRun.defaultFileName})
 * @param files          support files: cached file id to the name it gets in the run's directory
 */
public record JobeRun(JobeLanguage language, String source, String sourceFileName, String input,
                      Map<String, String> files, Limits limits) {

    /** A cached file's id, as Jobe takes them (CodeRunner uses the MD5 of the contents). */
    public static final Pattern FILE_ID = Pattern.compile("[A-Za-z0-9]{8,64}");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}");
    private static final Set<String> FIELDS = Set.of("language_id", "sourcecode", "sourcefilename", "input",
            "file_list", "parameters", "debug");
    /** Jobe's default: 5 s of CPU time (Assay's code assessments default to 2). */
    private static final int DEFAULT_CPU_SECONDS = 5;
    private static final int MAX_FILES = 20;

    /**
     * Reads a run request.
     *
     * @throws InvalidInputException naming every bad field by its path ({@code run_spec.language_id})
     */
    public static JobeRun read(JsonNode body) {
        if (body == null || !body.isObject() || !(body.get("run_spec") instanceof ObjectNode spec)) {
            throw new InvalidInputException("run_spec", "is required: a JSON object");
        }
        List<Violation> errors = new ArrayList<>();
        spec.properties().forEach(e -> {
            if (!FIELDS.contains(e.getKey())) {
                errors.add(new Violation("run_spec." + e.getKey(), "is not a known field; known: "
                        + String.join(", ", FIELDS.stream().sorted().toList())));
            }
        });
        JobeLanguage language = null;
        String languageId = text(spec, "language_id", true, errors);
        if (languageId != null) {
            language = JobeLanguage.fromId(languageId).orElse(null);
            if (language == null) {
                errors.add(new Violation("run_spec.language_id", "'" + languageId + "' is not a language of this "
                        + "server (GET /jobe/index.php/restapi/languages lists them)"));
            }
        }
        String source = text(spec, "sourcecode", true, errors);
        String fileName = text(spec, "sourcefilename", false, errors);
        // Legacy CodeRunner sends prog.java whatever the class is called; Jobe ignores it, and so do we.
        if (fileName != null && (fileName.isEmpty() || fileName.equals("prog.java"))) {
            fileName = null;
        }
        if (fileName != null && !FILE_NAME.matcher(fileName).matches()) {
            errors.add(new Violation("run_spec.sourcefilename", "must be a plain file name: letters, digits, "
                    + "'_', '.' and '-', not starting with '.' or '-'"));
        }
        String input = text(spec, "input", false, errors);
        Map<String, String> files = files(spec.get("file_list"), errors);
        if (fileName != null && files.containsValue(fileName)) {
            errors.add(new Violation("run_spec.file_list", "names the source file '" + fileName + "' again"));
        }
        Limits limits = limits(spec.get("parameters"), errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new JobeRun(language, source, fileName, input == null ? "" : input, files, limits);
    }

    private static String text(ObjectNode spec, String name, boolean required, List<Violation> errors) {
        JsonNode value = spec.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new Violation("run_spec." + name, "is required"));
            }
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new Violation("run_spec." + name, "must be a string"));
            return null;
        }
        return value.textValue();
    }

    /** {@code [[fileId, name], ...]} (a third element, which some clients send, is ignored as Jobe does). */
    private static Map<String, String> files(JsonNode list, List<Violation> errors) {
        Map<String, String> files = new LinkedHashMap<>();
        if (list == null || list.isNull()) {
            return files;
        }
        if (!list.isArray() || list.size() > MAX_FILES) {
            errors.add(new Violation("run_spec.file_list", "must be an array of at most " + MAX_FILES
                    + " [fileId, fileName] pairs"));
            return files;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode pair = list.get(i);
            String path = "run_spec.file_list[" + i + "]";
            if (!pair.isArray() || pair.size() < 2 || pair.size() > 3 || !pair.get(0).isTextual() || !pair.get(1).isTextual()) {
                errors.add(new Violation(path, "must be [fileId, fileName]"));
            } else if (!FILE_ID.matcher(pair.get(0).textValue()).matches()) {
                errors.add(new Violation(path, "file id must be 8 to 64 letters and digits"));
            } else if (!FILE_NAME.matcher(pair.get(1).textValue()).matches()) {
                errors.add(new Violation(path, "file name must be letters, digits, '_', '.' and '-', not starting "
                        + "with '.' or '-'"));
            } else if (files.containsValue(pair.get(1).textValue())) {
                errors.add(new Violation(path, "names '" + pair.get(1).textValue() + "' twice"));
            } else {
                files.put(pair.get(0).textValue(), pair.get(1).textValue());
            }
        }
        return files;
    }

    /**
     * Jobe's {@code cputime} (s), {@code memorylimit} (MB, 0 for the default), {@code streamsize} (MB of output),
     * {@code disklimit} (MB per file) and {@code numprocs}, within Assay's own bounds; other keys are not ours.
     */
    private static Limits limits(JsonNode parameters, List<Violation> errors) {
        Limits limits = Limits.DEFAULT.withCpuSeconds(DEFAULT_CPU_SECONDS).withWallSeconds(3.0 * DEFAULT_CPU_SECONDS);
        if (parameters == null || parameters.isNull()) {
            return limits;
        }
        if (!parameters.isObject()) {
            errors.add(new Violation("run_spec.parameters", "must be a JSON object"));
            return limits;
        }
        Integer cpu = whole(parameters, "cputime", 1, Limits.MAX_CPU_SECONDS, errors);
        if (cpu != null) {
            // Jobe kills a run at twice its CPU time on the clock; a little more room for start-up here.
            limits = limits.withCpuSeconds(cpu).withWallSeconds(Math.min(Limits.MAX_WALL_SECONDS, 3.0 * cpu));
        }
        Integer memory = whole(parameters, "memorylimit", 0, Limits.MAX_MEMORY_MB, errors);
        if (memory != null && memory > 0) {
            limits = limits.withMemoryMb(Math.max(16, memory));
        }
        Integer stream = whole(parameters, "streamsize", 1, Limits.MAX_OUTPUT_KB / 1024, errors);
        if (stream != null) {
            limits = limits.withOutputKb(stream * 1024);
        }
        Integer disk = whole(parameters, "disklimit", 1, Limits.MAX_FILE_SIZE_KB / 1024, errors);
        if (disk != null) {
            limits = limits.withFileSizeKb(disk * 1024);
        }
        Integer procs = whole(parameters, "numprocs", 1, Limits.MAX_PROCESSES, errors);
        if (procs != null) {
            limits = limits.withProcesses(procs);
        }
        return limits;
    }

    /**
     * Jobe takes numbers or numeric strings ("5"), and CodeRunner sends both; a fraction is rounded up, so that a
     * limit of 2.5 s is not cut to 2.
     */
    private static Integer whole(JsonNode parameters, String name, int min, int max, List<Violation> errors) {
        JsonNode value = parameters.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        Integer whole = value.isTextual() ? parse(value.textValue()) : value.isNumber() ? ceil(value.doubleValue()) : null;
        if (whole == null || whole < min || whole > max) {
            errors.add(new Violation("run_spec.parameters." + name, "must be a whole number from " + min + " to " + max));
            return null;
        }
        return whole;
    }

    private static Integer parse(String text) {
        try {
            return ceil(Double.parseDouble(text.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer ceil(double value) {
        return Double.isFinite(value) && Math.abs(value) < 1e9 ? (int) Math.ceil(value) : null;
    }
}
