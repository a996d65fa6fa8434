package dev.assay.graders.quiz;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Staff evidence: each answered question's fraction before clamping (a negative one shows a penalty that
 * the [0, 1] clamp hid). A read-only map over two arrays, because one is built for every grade and a
 * hash map of boxed doubles would be most of the grader's allocation.
 */
final class RawFractions extends AbstractMap<String, Object> {

    private final String[] ids;
    private final double[] fractions;
    private int size;

    RawFractions(int capacity) {
        ids = new String[capacity];
        fractions = new double[capacity];
    }

    /** Kept to 6 decimals like scores: fixed-point sums leave 0.3000000000001819 for choices 0.1 + 0.2. */
    void record(String id, double fraction) {
        ids[size] = id;
        fractions[size] = Scores.round(fraction);
        size++;
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Map.Entry<String, Object> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(ids[i], fractions[i]);
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
