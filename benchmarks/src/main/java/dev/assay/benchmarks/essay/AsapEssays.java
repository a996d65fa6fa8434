package dev.assay.benchmarks.essay;

import dev.assay.graders.essay.AsapTsv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Essays for the essay benchmarks, read at run time from the shared ASAP-AES parts (never copied into the
 * repository): {@code -Dassay.asap.dir=...}, default {@code ../shared/datasets/asap-aes} from the working directory
 * (the repository root when run as in benchmarks/README.md).
 */
final class AsapEssays {

    private AsapEssays() {
    }

    static List<AsapTsv.Essay> read(int... parts) {
        Path dir = Path.of(System.getProperty("assay.asap.dir", "../shared/datasets/asap-aes"));
        if (!Files.isRegularFile(dir.resolve("part_0.tsv"))) {
            throw new IllegalStateException("ASAP-AES parts not found in " + dir.toAbsolutePath()
                    + "; run from the repository root or pass -Dassay.asap.dir=...");
        }
        List<AsapTsv.Essay> out = new ArrayList<>();
        try {
            for (int p : parts) {
                out.addAll(AsapTsv.read(dir.resolve("part_" + p + ".tsv")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * Synthetic essays for filling a large duplicate index: a word-bigram Markov chain learnt from real essays
     * generates texts of similar length and vocabulary (so shingle statistics are realistic) that are not copies.
     */
    static List<String> synthetic(List<String> sources, int count, long seed) {
        Map<String, List<String>> next = new HashMap<>();
        List<String> starts = new ArrayList<>();
        for (String s : sources) {
            String[] words = s.split("\\s+");
            if (words.length > 1) {
                starts.add(words[0]);
            }
            for (int i = 0; i + 1 < words.length; i++) {
                next.computeIfAbsent(words[i], k -> new ArrayList<>()).add(words[i + 1]);
            }
        }
        Random random = new Random(seed);
        List<String> out = new ArrayList<>(count);
        for (int e = 0; e < count; e++) {
            int length = 150 + random.nextInt(350);
            StringBuilder text = new StringBuilder();
            String word = starts.get(random.nextInt(starts.size()));
            for (int i = 0; i < length; i++) {
                text.append(word).append(' ');
                List<String> candidates = next.get(word);
                word = candidates == null || random.nextInt(20) == 0 ? starts.get(random.nextInt(starts.size()))
                        : candidates.get(random.nextInt(candidates.size()));
            }
            out.add(text.toString());
        }
        return out;
    }
}
