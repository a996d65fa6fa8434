package dev.assay.graders.essay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * Near-duplicate detection across the submissions of a course: word 5-gram shingles (of Lucene-analysed
 * tokens), with every shingle that also occurs in a prompt or source text left out so that shared quotations do
 * not count, summarised by MinHash signatures and looked up through locality-sensitive hashing (126 overlapping
 * bands of 2 rows). Two-row bands find an essay copied whole into a text three to five times its length (a
 * Jaccard similarity of 0.2-0.3, which three-row bands missed about a quarter of the time) as well as close
 * copies. Candidates are
 * verified on their signatures; when both texts are at hand the similarity, the containment and the overlapping
 * passages are computed exactly instead.
 *
 * <p>Thread-safe (many concurrent lookups, one writer at a time). Memory: about 2 KB per essay for the
 * signature (0.5 KB), the chains (0.5 KB) and the buckets (0.5-1 KB), plus the id, plus the text when
 * {@code retainTexts} is on. The engine stores {@link Signature#toBase64()} with each submission and builds the index
 * from them with {@link #add(String, Signature, String)}, looking texts up only for matches.
 */
public final class DuplicateIndex {

    public static final int HASHES = 126;
    /** Bands of two hashes each, overlapping: band b is hashes b and b + 1 (wrapping round). */
    public static final int BANDS = HASHES;
    public static final int ROWS = 2;
    /** Reported when the estimated Jaccard similarity of the shingle sets reaches this ... */
    public static final double MIN_SIMILARITY = 0.3;
    /** ... or when this share of the smaller essay's shingles is in the other one. */
    public static final double MIN_CONTAINMENT = 0.5;
    /** Essays with fewer distinct (non-quoted) shingles are not compared. */
    public static final int MIN_SHINGLES = 8;
    /**
     * Most matches {@link #find} verifies and shows: each may need the other essay's text read and its passages
     * found, and five show staff what happened. The rest are counted ({@link Found#notShown()}).
     */
    public static final int MAX_SHOWN = 5;
    private static final long[] SEEDS = new long[HASHES];

    static {
        long s = 0x2545F4914F6CDD1DL;
        for (int i = 0; i < HASHES; i++) {
            s += 0x9E3779B97F4A7C15L;
            SEEDS[i] = Hashing.mix(s);
        }
    }

    /** A MinHash signature and the number of distinct shingles it summarises. */
    public record Signature(int[] minHashes, int shingles) {

        public Signature {
            Objects.requireNonNull(minHashes, "minHashes");
            if (minHashes.length != HASHES) {
                throw new IllegalArgumentException("a signature has " + HASHES + " hashes");
            }
        }

        public String toBase64() {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * (HASHES + 1));
            b.putInt(shingles);
            for (int h : minHashes) {
                b.putInt(h);
            }
            return Base64.getEncoder().encodeToString(b.array());
        }

        public static Signature fromBase64(String text) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Base64.getDecoder().decode(text));
            if (b.remaining() != 4 * (HASHES + 1)) {
                throw new IllegalArgumentException("not a signature");
            }
            int shingles = b.getInt();
            int[] h = new int[HASHES];
            for (int i = 0; i < HASHES; i++) {
                h[i] = b.getInt();
            }
            return new Signature(h, shingles);
        }
    }

    /**
     * A passage found in both essays, as character ranges ({@code [start, end)}) in the essay looked up and in
     * the matched one (-1 when its text is not available).
     */
    public record Passage(int start, int end, int otherStart, int otherEnd, int words, String text) {
    }

    /**
     * An earlier submission that the essay nearly duplicates.
     *
     * @param id          the id the earlier essay was added under (whatever the caller chose: a submission id, or
     *                    one per learner and assessment)
     * @param similarity  estimated Jaccard similarity of the two (non-quoted) shingle sets
     * @param containment estimated share of the smaller essay's shingles found in the other
     * @param overlap     share of the essay's words inside the overlapping passages (-1 without the other text)
     */
    public record Match(String id, double similarity, double containment, double overlap, List<Passage> passages) {

        public Match {
            passages = List.copyOf(passages);
        }
    }

    private final LongIntMap excluded;
    private final boolean retainTexts;
    private final Function<String, String> textLookup;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Integer> byId = new HashMap<>();
    private final List<String> ids = new ArrayList<>();
    private int[] signatures = new int[1024 * HASHES];
    private int[] sizes = new int[1024];
    private String[] texts;
    private boolean[] replaced = new boolean[1024];
    private int live;
    /** Per entry and band, the entry before it in the same bucket (-1 ends the chain). */
    private int[] next = new int[1024 * BANDS];
    /**
     * Per band, buckets of entries by a hash of the band's values: the latest entry of each bucket, chained through
     * {@link #next}. A bucket can hold entries whose band differs (a lookup compares whole signatures anyway), so the
     * table is a fixed 4 bytes per bucket, about one bucket per entry and band, instead of a map keyed by every
     * band's values (5.7 KB an essay in all, 285 MB for a course of 50,000).
     */
    private int bucketsPerBand = 1024;
    private int[] heads = emptyHeads(1024);

    /**
     * @param excludedTexts prompts and source texts whose shingles never count as copying
     * @param retainTexts   keep each essay's text to show overlapping passages (otherwise use {@code textLookup})
     * @param textLookup    finds an indexed essay's text by id when texts are not retained (may be null)
     */
    public DuplicateIndex(Collection<String> excludedTexts, boolean retainTexts, Function<String, String> textLookup) {
        this(shinglesOf(excludedTexts), retainTexts, textLookup);
    }

    /** An index that ignores these (hashed) shingles, e.g. a prompt profile's; the map is read, never changed. */
    DuplicateIndex(LongIntMap excludedShingles, boolean retainTexts, Function<String, String> textLookup) {
        this.excluded = excludedShingles;
        this.retainTexts = retainTexts;
        this.textLookup = textLookup;
        this.texts = retainTexts ? new String[1024] : null;
    }

    private static LongIntMap shinglesOf(Collection<String> texts) {
        LongIntMap out = new LongIntMap(1024);
        for (String t : texts) {
            for (long s : Terms.shingles(EssayText.analyze(t))) {
                out.put(s, 1);
            }
        }
        return out;
    }

    /** An index that keeps texts, ignoring shingles of the given prompt and source texts. */
    public DuplicateIndex(String... excludedTexts) {
        this(Arrays.asList(excludedTexts), true, null);
    }

    public int size() {
        lock.readLock().lock();
        try {
            return live;
        } finally {
            lock.readLock().unlock();
        }
    }

    public Signature signature(String text) {
        return signature(EssayText.analyze(text));
    }

    Signature signature(EssayText text) {
        long[] shingles = distinctShingles(text);
        int[] mins = new int[HASHES];
        Arrays.fill(mins, Integer.MAX_VALUE);
        for (long s : shingles) {
            for (int k = 0; k < HASHES; k++) {
                int h = (int) Hashing.mix(s ^ SEEDS[k]);
                if (h < mins[k]) {
                    mins[k] = h;
                }
            }
        }
        return new Signature(mins, shingles.length);
    }

    private long[] distinctShingles(EssayText text) {
        long[] all = Terms.distinct(Terms.shingles(text));
        int m = 0;
        for (long s : all) {
            if (!excluded.contains(s)) {
                all[m++] = s;
            }
        }
        return Arrays.copyOf(all, m);
    }

    /** Adds (or replaces the signature of) a submission. */
    public Signature add(String id, String text) {
        Signature sig = signature(text);
        add(id, sig, text);
        return sig;
    }

    /** The signature an id was last added with (to store it with the submission), or null for an unknown id. */
    public Signature signatureOf(String id) {
        lock.readLock().lock();
        try {
            Integer doc = byId.get(id);
            return doc == null ? null
                    : new Signature(Arrays.copyOfRange(signatures, doc * HASHES, (doc + 1) * HASHES), sizes[doc]);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Adds a submission from a stored signature; {@code text} may be null. Adding an id again replaces its earlier
     * entry, so an id per learner and assessment (rather than per submission) keeps a learner's resubmissions from
     * matching their own earlier attempts.
     */
    public void add(String id, Signature signature, String text) {
        lock.writeLock().lock();
        try {
            Integer old = byId.get(id);
            if (old != null) {
                replaced[old] = true;
                if (texts != null) {
                    texts[old] = null;
                }
                live--;
            }
            int doc = ids.size();
            if (doc == sizes.length) {
                int cap = doc * 2;
                signatures = Arrays.copyOf(signatures, cap * HASHES);
                sizes = Arrays.copyOf(sizes, cap);
                next = Arrays.copyOf(next, cap * BANDS);
                replaced = Arrays.copyOf(replaced, cap);
                if (texts != null) {
                    texts = Arrays.copyOf(texts, cap);
                }
            }
            ids.add(id);
            byId.put(id, doc);
            live++;
            System.arraycopy(signature.minHashes(), 0, signatures, doc * HASHES, HASHES);
            sizes[doc] = signature.shingles();
            if (texts != null) {
                texts[doc] = text;
            }
            if (ids.size() > bucketsPerBand) {
                rehash(bucketsPerBand * 2);
            } else {
                link(doc);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static int[] emptyHeads(int bucketsPerBand) {
        int[] heads = new int[BANDS * bucketsPerBand];
        Arrays.fill(heads, -1);
        return heads;
    }

    private int bucket(int band, int[] mins, int offset) {
        return band * bucketsPerBand + ((int) Hashing.mix(bandKey(mins, offset, band)) & (bucketsPerBand - 1));
    }

    /** Puts an entry at the head of its bucket in every band (entries too short to compare are left out). */
    private void link(int doc) {
        if (sizes[doc] < MIN_SHINGLES) {
            return;
        }
        for (int b = 0; b < BANDS; b++) {
            int k = bucket(b, signatures, doc * HASHES);
            next[doc * BANDS + b] = heads[k];
            heads[k] = doc;
        }
    }

    /** Grows the bucket table and links the live entries again (replaced ones are dropped from the chains). */
    private void rehash(int newBucketsPerBand) {
        bucketsPerBand = newBucketsPerBand;
        heads = emptyHeads(newBucketsPerBand);
        for (int doc = 0; doc < ids.size(); doc++) {
            if (!replaced[doc]) {
                link(doc);
            }
        }
    }

    private boolean sameBand(int doc, int[] mins, int band) {
        for (int r = 0; r < ROWS; r++) {
            int k = (band + r) % HASHES;
            if (signatures[doc * HASHES + k] != mins[k]) {
                return false;
            }
        }
        return true;
    }

    private static long bandKey(int[] mins, int offset, int band) {
        long h = band + 1L;
        for (int r = 0; r < ROWS; r++) {
            h = Hashing.combine(h, mins[offset + (band + r) % HASHES]);
        }
        return h;
    }

    /** The part of an id after its first slash (the scope has none; an author may), or null when it has none. */
    private static String author(String id) {
        int slash = id == null ? -1 : id.indexOf('/');
        return slash < 0 ? null : id.substring(slash + 1);
    }

    /**
     * The matches {@link #find} shows, most similar first, and how many further candidates it left unshown (found by
     * their signatures, not verified against their texts), so that evidence can say that an essay assembled from 54
     * course essays matched more than the five it lists.
     */
    public static final class Found extends java.util.AbstractList<Match> {
        private final List<Match> shown;
        private final int notShown;

        Found(List<Match> shown, int notShown) {
            this.shown = List.copyOf(shown);
            this.notShown = notShown;
        }

        @Override
        public Match get(int index) {
            return shown.get(index);
        }

        @Override
        public int size() {
            return shown.size();
        }

        public int notShown() {
            return notShown;
        }
    }

    /** The candidates a list from {@link #find} left unshown beyond {@link #MAX_SHOWN}; 0 for any other list. */
    public static int notShown(List<Match> matches) {
        return matches instanceof Found found ? found.notShown() : 0;
    }

    /**
     * Earlier submissions that the essay nearly duplicates, most similar first (at most {@link #MAX_SHOWN}, as a
     * {@link Found} that counts the rest). Ids may name their
     * author after a slash ({@code <scope>/<author>}): an essay is never a duplicate of its own author's entries, so
     * a learner who sends the same draft to two assessments of a course is not routed as copying themselves.
     */
    public List<Match> find(String text, String ownId) {
        return find(EssayText.analyze(text), ownId);
    }

    List<Match> find(EssayText text, String ownId) {
        return find(text, signature(text), ownId);
    }

    /** As {@link #find(String, String)}, with the essay's signature under this index already computed. */
    List<Match> find(EssayText text, Signature sig, String ownId) {
        if (sig.shingles() < MIN_SHINGLES) {
            return List.of();
        }
        List<double[]> hits = new ArrayList<>();
        List<String> hitTexts = new ArrayList<>();
        List<String> hitIds = new ArrayList<>();
        lock.readLock().lock();
        try {
            Integer own = ownId == null ? null : byId.get(ownId);
            String ownAuthor = author(ownId);
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (int b = 0; b < BANDS; b++) {
                int doc = heads[bucket(b, sig.minHashes(), 0)];
                while (doc >= 0) {
                    // A bucket also holds entries whose band differs: skip them before comparing whole signatures.
                    if (sameBand(doc, sig.minHashes(), b) && seen.add(doc) && !replaced[doc] && (own == null || doc != own)
                            && (ownAuthor == null || !ownAuthor.equals(author(ids.get(doc))))) {
                        int same = 0;
                        int base = doc * HASHES;
                        for (int k = 0; k < HASHES; k++) {
                            if (signatures[base + k] == sig.minHashes()[k]) {
                                same++;
                            }
                        }
                        double j = (double) same / HASHES;
                        int smaller = Math.min(sizes[doc], sig.shingles());
                        double containment = smaller == 0 ? 0
                                : Math.min(1, j * (sizes[doc] + sig.shingles()) / (1 + j) / smaller);
                        if (j >= MIN_SIMILARITY || containment >= MIN_CONTAINMENT) {
                            hits.add(new double[] {j, containment, hitIds.size()});
                            hitIds.add(ids.get(doc));
                            hitTexts.add(texts == null ? null : texts[doc]);
                        }
                    }
                    doc = next[doc * BANDS + b];
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        hits.sort((a, b) -> Double.compare(Math.max(b[0], b[1]), Math.max(a[0], a[1])));
        List<Match> out = new ArrayList<>();
        long[] own = null;
        int h = 0;
        for (; h < hits.size() && out.size() < MAX_SHOWN; h++) {
            double[] hit = hits.get(h);
            int k = (int) hit[2];
            String other = hitTexts.get(k);
            if (other == null && textLookup != null) {
                other = textLookup.apply(hitIds.get(k));
            }
            List<Passage> passages = List.of();
            double overlap = -1;
            double similarity = hit[0];
            double containment = hit[1];
            if (other != null) {
                // With both texts at hand the estimate is replaced by the exact figures: the bands find
                // candidates down to a low similarity, where a 126-hash estimate is too noisy to report alone.
                EssayText otherText = EssayText.analyze(other);
                own = own == null ? distinctShingles(text) : own;
                long[] theirs = distinctShingles(otherText);
                int shared = Terms.shared(own, theirs);
                int smaller = Math.min(own.length, theirs.length);
                similarity = (double) shared / (own.length + theirs.length - shared);
                containment = smaller == 0 ? 0 : (double) shared / smaller;
                if (similarity < MIN_SIMILARITY && containment < MIN_CONTAINMENT) {
                    continue;
                }
                passages = passages(text, otherText);
                int words = passages.stream().mapToInt(Passage::words).sum();
                overlap = text.wordCount() == 0 ? 0 : TargetModel.round4((double) words / text.wordCount());
            }
            out.add(new Match(hitIds.get(k), TargetModel.round4(similarity), TargetModel.round4(containment), overlap,
                    passages));
        }
        out.sort((a, b) -> Double.compare(Math.max(b.similarity(), b.containment()),
                Math.max(a.similarity(), a.containment())));
        return new Found(out, hits.size() - h);
    }

    /** Maximal runs of shared (non-quoted) 5-word shingles, as passages of both texts. */
    List<Passage> passages(EssayText a, EssayText b) {
        long[] sa = Terms.shingles(a);
        long[] sb = Terms.shingles(b);
        Map<Long, Integer> firstInB = new HashMap<>();
        for (int i = sb.length - 1; i >= 0; i--) {
            if (!excluded.contains(sb[i])) {
                firstInB.put(sb[i], i);
            }
        }
        List<Passage> out = new ArrayList<>();
        int i = 0;
        while (i < sa.length) {
            Integer j = firstInB.get(sa[i]);
            if (j == null || excluded.contains(sa[i])) {
                i++;
                continue;
            }
            int startA = i;
            int startB = j;
            int len = 1;
            // Extend while the following shingles are shared too (in step in b when possible).
            while (i + len < sa.length && !excluded.contains(sa[i + len])
                    && (startB + len < sb.length && sb[startB + len] == sa[i + len] || firstInB.containsKey(sa[i + len]))) {
                len++;
            }
            int lastTokenA = startA + len - 1 + Terms.SHINGLE - 1;
            int endTokenB = Math.min(b.words.length - 1, startB + len - 1 + Terms.SHINGLE - 1);
            int start = a.starts[startA];
            int end = a.ends[lastTokenA];
            out.add(new Passage(start, end, b.starts[startB], b.ends[endTokenB], lastTokenA - startA + 1,
                    a.text.substring(start, end)));
            i = startA + len + Terms.SHINGLE - 1;
        }
        return out;
    }
}
