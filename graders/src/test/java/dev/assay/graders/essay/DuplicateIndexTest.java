package dev.assay.graders.essay;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

class DuplicateIndexTest {

    private static final String A = "My summer job at the harbour taught me more than any class. Every morning I "
            + "carried crates of fish from the boats to the market, and the old captain explained how the tides "
            + "decide when the boats can leave. By August I could tie six kinds of knots and read the weather from "
            + "the colour of the clouds over the bay. I learned that hard work is easier when people trust you.";
    private static final String B = "Last winter our family moved to a small town in the mountains, where the "
            + "snow closed the roads for weeks. My brother and I built a sledge from old skis and delivered bread "
            + "to the neighbours who could not leave their houses. I discovered that helping others can turn a "
            + "lonely season into the best memory of my childhood.";

    @Test
    void findsACopyWithSmallEditsAndShowsThePassages() {
        DuplicateIndex index = new DuplicateIndex();
        index.add("a", A);
        index.add("b", B);
        String edited = A.replace("summer job", "holiday job").replace("six kinds", "seven kinds")
                + " That is why I want to work there again.";
        List<DuplicateIndex.Match> matches = index.find(edited, null);
        assertThat(matches).hasSize(1);
        DuplicateIndex.Match m = matches.get(0);
        assertThat(m.id()).isEqualTo("a");
        assertThat(Math.max(m.similarity(), m.containment())).isGreaterThan(0.5);
        assertThat(m.overlap()).isGreaterThan(0.6);
        assertThat(m.passages()).isNotEmpty();
        DuplicateIndex.Passage p = m.passages().get(0);
        assertThat(edited.substring(p.start(), p.end())).isEqualTo(p.text());
        assertThat(A.substring(p.otherStart(), p.otherEnd())).isEqualTo(p.text());
        assertThat(String.join(" ", m.passages().stream().map(DuplicateIndex.Passage::text).toList()))
                .contains("the old captain explained how the tides decide when the boats can leave");
    }

    /** An essay of random words, different for every seed. */
    private static String randomEssay(long seed) {
        Random random = new Random(seed);
        StringBuilder b = new StringBuilder();
        for (int w = 0; w < 120; w++) {
            b.append("word").append(random.nextInt(5_000)).append(w % 15 == 14 ? ". " : " ");
        }
        return b.toString().trim();
    }

    @Test
    void growingPastItsBucketsKeepsEveryEntryFindableAndDropsReplacedOnes() {
        // 3,000 entries from stored signatures, no texts: the bucket table grows twice (1,024 buckets per band at first).
        DuplicateIndex source = new DuplicateIndex();
        DuplicateIndex index = new DuplicateIndex(List.of(), false, id -> null);
        for (int i = 0; i < 3_000; i++) {
            index.add("e" + i, source.signature(randomEssay(i)), null);
        }
        index.add("e7", source.signature(randomEssay(100_007)), null); // e7's learner sent another essay
        assertThat(index.size()).isEqualTo(3_000);
        for (int i : new int[] {0, 5, 1_023, 1_024, 2_047, 2_999}) {
            assertThat(index.find(randomEssay(i), null)).as("entry %d", i)
                    .extracting(DuplicateIndex.Match::id).containsExactly("e" + i);
        }
        assertThat(index.find(randomEssay(7), null)).isEmpty();
        assertThat(index.find(randomEssay(100_007), null)).extracting(DuplicateIndex.Match::id).containsExactly("e7");
        assertThat(index.find(randomEssay(3_001), null)).isEmpty();
        assertThat(index.signatureOf("e5").minHashes()).isEqualTo(source.signature(randomEssay(5)).minHashes());
    }

    @Test
    void showsTheFiveMostSimilarAndCountsTheRest() {
        DuplicateIndex index = new DuplicateIndex();
        for (int i = 0; i < 8; i++) {
            index.add("copy" + i, A + " Copy number " + i + " ends here.");
        }
        List<DuplicateIndex.Match> matches = index.find(A, null);
        assertThat(matches).hasSize(DuplicateIndex.MAX_SHOWN);
        assertThat(DuplicateIndex.notShown(matches)).isEqualTo(3);
        assertThat(DuplicateIndex.notShown(index.find(B, null))).isZero();
    }

    @Test
    void anEssayIsNotItsOwnDuplicateAndUnrelatedEssaysDoNotMatch() {
        DuplicateIndex index = new DuplicateIndex();
        index.add("a", A);
        assertThat(index.find(A, "a")).isEmpty();
        assertThat(index.find(A, "other")).extracting(DuplicateIndex.Match::id).containsExactly("a");
        assertThat(index.find(B, null)).isEmpty();
        assertThat(index.find("Too short to compare.", null)).isEmpty();
    }

    @Test
    void anAuthorIsNeverADuplicateOfTheirOwnEntriesInAnotherScope() {
        DuplicateIndex index = new DuplicateIndex();
        index.add("essay-1/ann/x", A);
        // Ann's draft for another assessment of the course is hers; the same text from Bob is a copy.
        assertThat(index.find(A, "essay-2/ann/x")).isEmpty();
        assertThat(index.find(A, "essay-2/bob")).extracting(DuplicateIndex.Match::id).containsExactly("essay-1/ann/x");
        assertThat(index.find(A, "essay-2/ann")).as("another author whose id is a prefix").hasSize(1);
    }

    @Test
    void addingAnIdAgainReplacesItsEntry() {
        DuplicateIndex index = new DuplicateIndex();
        index.add("learner-1", A);
        index.add("learner-1", B);
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.find(A, null)).isEmpty();
        assertThat(index.find(B, null)).extracting(DuplicateIndex.Match::id).containsExactly("learner-1");
        assertThat(index.find(B, "learner-1")).isEmpty();
    }

    @Test
    void textQuotedFromThePromptOrSourceDoesNotCount() {
        String source = EssayFixtures.SOURCE;
        DuplicateIndex index = new DuplicateIndex(EssayFixtures.PROMPT, source);
        index.add("a", "As the text says, " + source + " I agree, because our street garden made me new friends.");
        String other = "The article tells us: " + source + " In my town the library does the same for old people.";
        assertThat(index.find(other, null)).isEmpty();
        DuplicateIndex plain = new DuplicateIndex();
        plain.add("a", "As the text says, " + source + " I agree, because our street garden made me new friends.");
        assertThat(plain.find(other, null)).isNotEmpty();
    }

    @Test
    void worksFromStoredSignaturesWithATextLookup() {
        ConcurrentHashMap<String, String> store = new ConcurrentHashMap<>();
        DuplicateIndex index = new DuplicateIndex(List.of(), false, store::get);
        DuplicateIndex.Signature sig = index.signature(A);
        DuplicateIndex.Signature back = DuplicateIndex.Signature.fromBase64(sig.toBase64());
        assertThat(back.minHashes()).isEqualTo(sig.minHashes());
        assertThat(back.shingles()).isEqualTo(sig.shingles());
        store.put("a", A);
        index.add("a", back, null);
        List<DuplicateIndex.Match> matches = index.find(A + " Thanks.", null);
        assertThat(matches).hasSize(1);
        assertThat(matches.get(0).passages()).isNotEmpty();
        DuplicateIndex noLookup = new DuplicateIndex(List.of(), false, null);
        noLookup.add("a", back, null);
        assertThat(noLookup.find(A, null).get(0).overlap()).isEqualTo(-1.0);
    }

    @Test
    void findsNearDuplicatesAmongManyEssays() {
        DuplicateIndex index = new DuplicateIndex();
        Random random = new Random(1);
        List<String> vocabulary = new ArrayList<>();
        for (String w : (A + " " + B).toLowerCase().split("[^a-z]+")) {
            if (!w.isEmpty()) {
                vocabulary.add(w);
            }
        }
        for (int i = 0; i < 3000; i++) {
            StringBuilder s = new StringBuilder();
            for (int w = 0; w < 120; w++) {
                s.append(vocabulary.get(random.nextInt(vocabulary.size()))).append(' ');
            }
            index.add("r" + i, s.toString());
        }
        index.add("a", A);
        assertThat(index.size()).isEqualTo(3001);
        assertThat(index.find(A.replace("harbour", "port"), null)).extracting(DuplicateIndex.Match::id).containsExactly("a");
        assertThat(index.find(B, null)).isEmpty();
    }
}
