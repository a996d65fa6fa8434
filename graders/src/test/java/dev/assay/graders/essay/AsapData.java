package dev.assay.graders.essay;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The shared ASAP-AES parts ({@code ../shared/datasets/asap-aes} next to the repository); tests skip without them. */
final class AsapData {

    private AsapData() {
    }

    static Path directory() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        Path data = dir == null ? null : dir.resolve("../shared/datasets/asap-aes").normalize();
        Assumptions.assumeTrue(data != null && Files.isRegularFile(data.resolve("part_0.tsv")),
                "ASAP-AES data not found next to the repository (../shared/datasets/asap-aes)");
        return data;
    }

    static List<AsapTsv.Essay> parts(int... parts) {
        Path dir = directory();
        List<AsapTsv.Essay> out = new ArrayList<>();
        try {
            for (int p : parts) {
                out.addAll(AsapTsv.read(dir.resolve("part_" + p + ".tsv")));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
