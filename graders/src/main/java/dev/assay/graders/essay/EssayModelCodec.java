package dev.assay.graders.essay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Stores a trained {@link EssayModel} as JSON (numeric arrays as base64 of big-endian values) or as gzipped
 * JSON bytes, e.g. for a PostgreSQL {@code bytea} column keyed by {@link EssayModel#id()}. Reading checks the
 * format name and version; a model read back predicts exactly as the original. The exemplars' texts are stored too
 * (with their near-duplicate signatures), so that a copy of one can be shown to staff.
 */
public final class EssayModelCodec {

    public static final String FORMAT = "assay-essay-model";
    /**
     * Version 2 models (before the held-out training report and exemplar copies) are read as they are: they grade as
     * before, without the exemplar check ({@link EssayModel#checksExemplarCopies()}).
     */
    static final int OLDEST_READABLE = 2;
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private EssayModelCodec() {
    }

    /** Gzipped JSON. */
    public static byte[] toBytes(EssayModel model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(toJson(model));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Reads {@link #toBytes} or {@link #toJson} output. */
    public static EssayModel fromBytes(byte[] bytes) {
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                return fromJson(in.readAllBytes());
            } catch (IOException e) {
                throw new IllegalArgumentException("not a stored essay model: " + e.getMessage(), e);
            }
        }
        return fromJson(bytes);
    }

    public static byte[] toJson(EssayModel m) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", EssayModel.FORMAT_VERSION);
        root.put("id", m.id);
        root.put("assessmentFingerprint", m.assessmentFingerprint);
        root.put("minScore", m.minScore);
        root.put("maxScore", m.maxScore);
        TrainingOptions o = m.options;
        ObjectNode opts = root.putObject("options");
        opts.put("folds", o.folds());
        opts.put("seed", o.seed());
        opts.put("lambda", o.lambda());
        opts.put("denseWeight", o.denseWeight());
        opts.put("unigramWeight", o.unigramWeight());
        opts.put("bigramWeight", o.bigramWeight());
        opts.put("charWeight", o.charWeight());
        root.put("denseMean", doubles(m.denseMean));
        root.put("denseSd", doubles(m.denseSd));
        root.set("profile", profile(m.profile));
        ArrayNode targets = root.putArray("targets");
        for (TargetModel t : m.targets) {
            ObjectNode n = targets.addObject();
            n.put("target", t.target);
            n.put("min", t.min);
            n.put("max", t.max);
            n.put("intercept", t.intercept);
            sparse(n, "weights", t.weights);
            n.put("scale", t.scale);
            n.put("shift", t.shift);
            n.put("cuts", doubles(t.cuts));
            n.put("tolerance", t.tolerance);
            n.put("calibration", doubles(t.calibration));
            n.put("confidencePercentiles", doubles(t.confidencePercentiles));
        }
        ObjectNode q = root.putObject("quantiles");
        m.quantiles.forEach((k, v) -> q.put(k, doubles(v)));
        root.set("report", MAPPER.valueToTree(m.report));
        ObjectNode order = root.putObject("order");
        order.put("firstSum", floats(m.order.firstSum));
        order.put("lastSum", floats(m.order.lastSum));
        order.put("middleSum", floats(m.order.middleSum));
        order.put("positionSum", floats(m.order.positionSum));
        order.put("positionCount", floats(m.order.positionCount));
        order.put("openerSum", floats(m.order.openerSum));
        order.put("openerCount", floats(m.order.openerCount));
        order.put("weights", doubles(m.order.weights));
        order.put("threshold", m.order.threshold);
        ObjectNode anchors = root.putObject("anchors");
        ArrayNode stems = anchors.putArray("stems");
        for (String x : m.anchors.stems) {
            stems.add(x);
        }
        ArrayNode surfaces = anchors.putArray("surfaces");
        for (String x : m.anchors.surfaces) {
            surfaces.add(x);
        }
        anchors.put("shares", doubles(m.anchors.shares));
        anchors.put("limit", m.anchors.limit);
        anchors.put("densityLimit", m.anchors.densityLimit);
        root.put("medianScore", m.medianScore);
        if (m.autoShareCurve != null) {
            root.put("autoShareCurve", doubles(m.autoShareCurve));
        }
        ObjectNode copies = root.putObject("exemplarCopies");
        ArrayNode texts = copies.putArray("texts");
        for (String t : m.exemplarCopies.texts) {
            texts.add(t);
        }
        copies.put("scores", doubles(m.exemplarCopies.scores));
        ByteBuffer signatures = ByteBuffer.allocate(4 * (DuplicateIndex.HASHES + 1) * m.exemplarCopies.signatures.length);
        for (DuplicateIndex.Signature sig : m.exemplarCopies.signatures) {
            signatures.putInt(sig.shingles());
            for (int h : sig.minHashes()) {
                signatures.putInt(h);
            }
        }
        copies.put("signatures", Base64.getEncoder().encodeToString(signatures.array()));
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static EssayModel fromJson(byte[] json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null || !FORMAT.equals(root.path("format").asText())) {
                throw new IllegalArgumentException("not a stored essay model");
            }
            int version = root.path("version").asInt();
            if (version < OLDEST_READABLE || version > EssayModel.FORMAT_VERSION) {
                throw new IllegalArgumentException("essay model version " + version
                        + " cannot be read by version " + EssayModel.FORMAT_VERSION + "; retrain it");
            }
            JsonNode o = root.get("options");
            TrainingOptions options = new TrainingOptions(o.get("folds").asInt(), o.get("seed").asLong(),
                    o.get("lambda").asDouble(), o.get("denseWeight").asDouble(), o.get("unigramWeight").asDouble(),
                    o.get("bigramWeight").asDouble(), o.get("charWeight").asDouble());
            List<TargetModel> targets = new ArrayList<>();
            for (JsonNode n : root.get("targets")) {
                targets.add(new TargetModel(n.get("target").asText(), n.get("min").asInt(), n.get("max").asInt(),
                        n.get("intercept").asDouble(), readSparse(n.get("weights"), Design.globalDimension()),
                        n.get("scale").asDouble(), n.get("shift").asDouble(), readDoubles(n.get("cuts")),
                        n.get("tolerance").asInt(), readDoubles(n.get("calibration")),
                        readDoubles(n.get("confidencePercentiles"))));
            }
            Map<String, double[]> quantiles = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : root.get("quantiles").properties()) {
                quantiles.put(e.getKey(), readDoubles(e.getValue()));
            }
            TrainingReport report = MAPPER.treeToValue(root.get("report"), TrainingReport.class);
            PromptProfile profile = readProfile(root.get("profile"));
            return new EssayModel(root.get("id").asText(), root.get("assessmentFingerprint").asText(),
                    root.get("minScore").asInt(), root.get("maxScore").asInt(), options, profile,
                    readDoubles(root.get("denseMean")), readDoubles(root.get("denseSd")), targets, quantiles, report,
                    readOrder(root.get("order")), readAnchors(root.get("anchors")), root.get("medianScore").asDouble(),
                    root.has("exemplarCopies") ? readCopies(root.get("exemplarCopies"), profile) : ExemplarCopies.none(),
                    root.has("autoShareCurve") ? readDoubles(root.get("autoShareCurve")) : null);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("not a readable essay model: " + e.getMessage(), e);
        }
    }

    private static ExemplarCopies readCopies(JsonNode n, PromptProfile profile) {
        List<String> texts = new ArrayList<>();
        n.get("texts").forEach(t -> texts.add(t.asText()));
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(n.get("signatures").asText()));
        DuplicateIndex.Signature[] signatures = new DuplicateIndex.Signature[texts.size()];
        for (int i = 0; i < signatures.length; i++) {
            int shingles = b.getInt();
            int[] hashes = new int[DuplicateIndex.HASHES];
            for (int k = 0; k < hashes.length; k++) {
                hashes[k] = b.getInt();
            }
            signatures[i] = new DuplicateIndex.Signature(hashes, shingles);
        }
        return new ExemplarCopies(profile.quotableShingles, texts.toArray(String[]::new), readDoubles(n.get("scores")),
                signatures);
    }

    private static OrderModel readOrder(JsonNode n) {
        JsonNode threshold = n.get("threshold");
        return new OrderModel(readFloats(n.get("firstSum")), readFloats(n.get("lastSum")), readFloats(n.get("middleSum")),
                readFloats(n.get("positionSum")), readFloats(n.get("positionCount")), readFloats(n.get("openerSum")),
                readFloats(n.get("openerCount")), readDoubles(n.get("weights")),
                threshold.isNumber() ? threshold.asDouble() : Double.POSITIVE_INFINITY);
    }

    private static TopicAnchors readAnchors(JsonNode n) {
        List<String> stems = new ArrayList<>();
        List<String> surfaces = new ArrayList<>();
        n.get("stems").forEach(x -> stems.add(x.asText()));
        n.get("surfaces").forEach(x -> surfaces.add(x.asText()));
        return new TopicAnchors(stems.toArray(String[]::new), surfaces.toArray(String[]::new),
                readDoubles(n.get("shares")), n.get("limit").asDouble(), n.get("densityLimit").asDouble());
    }

    private static ObjectNode profile(PromptProfile p) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("exemplarCount", p.exemplarCount);
        n.put("minScore", p.minScore);
        n.put("maxScore", p.maxScore);
        ObjectNode words = n.putObject("wordDf");
        new TreeMap<>(p.wordDf).forEach(words::put);
        n.put("bigramDf", longIntMap(p.bigramDf));
        n.set("quotableWords", MAPPER.valueToTree(new java.util.TreeSet<>(p.quotableWords)));
        n.put("quotableBigrams", longIntMap(p.quotableBigrams));
        n.put("quotableShingles", longIntMap(p.quotableShingles));
        String[] stems = new String[p.stemIds.size()];
        p.stemIds.forEach((s, id) -> stems[id] = s);
        n.set("stems", MAPPER.valueToTree(stems));
        n.set("stemSurface", MAPPER.valueToTree(p.stemSurface));
        n.put("stemIdf", floats(p.stemIdf));
        n.set("quotableStems", MAPPER.valueToTree(new java.util.TreeSet<>(p.quotableStems)));
        n.set("keyTerms", MAPPER.valueToTree(p.keyTerms));
        n.put("topicalSum", floats(p.topicalSum));
        ArrayNode bands = n.putArray("bandSums");
        for (float[] b : p.bandSums) {
            bands.add(floats(b));
        }
        n.set("bandCounts", MAPPER.valueToTree(p.bandCounts));
        n.put("bandMeanScore", doubles(p.bandMeanScore));
        double[] edges = java.util.Arrays.copyOfRange(p.bandEdges, 1, p.bandEdges.length);
        n.put("bandEdges", doubles(edges));
        sparse(n, "ngramIdf", p.ngramIdf);
        n.put("blockWeights", floats(p.blockWeights));
        return n;
    }

    private static PromptProfile readProfile(JsonNode n) throws IOException {
        PromptProfile p = new PromptProfile();
        p.exemplarCount = n.get("exemplarCount").asInt();
        p.minScore = n.get("minScore").asInt();
        p.maxScore = n.get("maxScore").asInt();
        p.wordDf = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : n.get("wordDf").properties()) {
            p.wordDf.put(e.getKey(), e.getValue().asInt());
        }
        p.bigramDf = readLongIntMap(n.get("bigramDf"));
        p.quotableWords = new HashSet<>();
        n.get("quotableWords").forEach(w -> p.quotableWords.add(w.asText()));
        p.quotableBigrams = readLongIntMap(n.get("quotableBigrams"));
        p.quotableShingles = readLongIntMap(n.get("quotableShingles"));
        JsonNode stems = n.get("stems");
        p.stemIds = new HashMap<>();
        for (int i = 0; i < stems.size(); i++) {
            p.stemIds.put(stems.get(i).asText(), i);
        }
        p.stemSurface = MAPPER.treeToValue(n.get("stemSurface"), String[].class);
        p.stemIdf = readFloats(n.get("stemIdf"));
        p.quotableStems = new HashSet<>();
        n.get("quotableStems").forEach(s -> p.quotableStems.add(s.asInt()));
        p.keyTerms = MAPPER.treeToValue(n.get("keyTerms"), int[].class);
        p.topicalSum = readFloats(n.get("topicalSum"));
        p.topicalNormSq = normSq(p.topicalSum);
        JsonNode bands = n.get("bandSums");
        p.bandSums = new float[bands.size()][];
        p.bandNormSq = new double[bands.size()];
        for (int b = 0; b < bands.size(); b++) {
            p.bandSums[b] = readFloats(bands.get(b));
            p.bandNormSq[b] = normSq(p.bandSums[b]);
        }
        p.bandCounts = MAPPER.treeToValue(n.get("bandCounts"), int[].class);
        p.bandMeanScore = readDoubles(n.get("bandMeanScore"));
        double[] edges = readDoubles(n.get("bandEdges"));
        p.bandEdges = new double[edges.length + 1];
        p.bandEdges[0] = Double.NEGATIVE_INFINITY;
        System.arraycopy(edges, 0, p.bandEdges, 1, edges.length);
        p.ngramIdf = readSparse(n.get("ngramIdf"), NgramVectorizer.DIMENSION);
        p.blockWeights = readFloats(n.get("blockWeights"));
        return p;
    }

    private static double normSq(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return s;
    }

    private static String doubles(double[] v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length);
        for (double x : v) {
            b.putDouble(x);
        }
        return Base64.getEncoder().encodeToString(b.array());
    }

    private static double[] readDoubles(JsonNode n) {
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(n.asText()));
        double[] v = new double[b.remaining() / 8];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.getDouble();
        }
        return v;
    }

    private static String floats(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length);
        for (float x : v) {
            b.putFloat(x);
        }
        return Base64.getEncoder().encodeToString(b.array());
    }

    private static float[] readFloats(JsonNode n) {
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(n.asText()));
        float[] v = new float[b.remaining() / 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.getFloat();
        }
        return v;
    }

    /** Non-zero entries as {index (int), value (float)} pairs. */
    private static void sparse(ObjectNode n, String field, float[] dense) {
        int count = 0;
        for (float x : dense) {
            if (x != 0) {
                count++;
            }
        }
        ByteBuffer b = ByteBuffer.allocate(8 * count);
        for (int i = 0; i < dense.length; i++) {
            if (dense[i] != 0) {
                b.putInt(i);
                b.putFloat(dense[i]);
            }
        }
        ObjectNode s = n.putObject(field);
        s.put("dimension", dense.length);
        s.put("entries", Base64.getEncoder().encodeToString(b.array()));
    }

    private static float[] readSparse(JsonNode n, int expectedDimension) {
        int dim = n.get("dimension").asInt();
        if (dim != expectedDimension) {
            throw new IllegalArgumentException("stored dimension " + dim + " differs from " + expectedDimension);
        }
        float[] out = new float[dim];
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(n.get("entries").asText()));
        while (b.remaining() >= 8) {
            int i = b.getInt();
            out[i] = b.getFloat();
        }
        return out;
    }

    private static String longIntMap(LongIntMap map) {
        ByteBuffer b = ByteBuffer.allocate(12 * map.size());
        map.forEach((k, v) -> {
            b.putLong(k);
            b.putInt(v);
        });
        return Base64.getEncoder().encodeToString(b.array());
    }

    private static LongIntMap readLongIntMap(JsonNode n) {
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(n.asText()));
        LongIntMap map = new LongIntMap(b.remaining() / 12 + 16);
        while (b.remaining() >= 12) {
            long k = b.getLong();
            map.put(k, b.getInt());
        }
        return map;
    }
}
