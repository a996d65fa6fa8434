package dev.assay.graders.essay;

import java.util.Arrays;

/** Open-addressing map from long keys to int values (no boxing); {@code Long.MIN_VALUE} is reserved. */
final class LongIntMap {

    private static final long EMPTY = Long.MIN_VALUE;
    private long[] keys;
    private int[] values;
    private int size;
    private int mask;

    LongIntMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
        keys = new long[cap];
        Arrays.fill(keys, EMPTY);
        values = new int[cap];
        mask = cap - 1;
    }

    private static int slot(long key, int mask) {
        return (int) Hashing.mix(key) & mask;
    }

    int get(long key, int missing) {
        key = key == EMPTY ? EMPTY + 1 : key;
        int i = slot(key, mask);
        while (true) {
            long k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == EMPTY) {
                return missing;
            }
            i = (i + 1) & mask;
        }
    }

    boolean contains(long key) {
        key = key == EMPTY ? EMPTY + 1 : key;
        int i = slot(key, mask);
        while (true) {
            long k = keys[i];
            if (k == key) {
                return true;
            }
            if (k == EMPTY) {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    /** Adds {@code delta} to the key's value (0 when absent) and returns the new value. */
    int add(long key, int delta) {
        key = key == EMPTY ? EMPTY + 1 : key;
        int i = slot(key, mask);
        while (true) {
            long k = keys[i];
            if (k == key) {
                values[i] += delta;
                return values[i];
            }
            if (k == EMPTY) {
                keys[i] = key;
                values[i] = delta;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return delta;
            }
            i = (i + 1) & mask;
        }
    }

    void put(long key, int value) {
        int old = get(key, 0);
        add(key, value - old);
    }

    int size() {
        return size;
    }

    /** Calls back every entry. */
    void forEach(Entry visitor) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                visitor.accept(keys[i], values[i]);
            }
        }
    }

    interface Entry {
        void accept(long key, int value);
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        values = new int[keys.length];
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int j = slot(oldKeys[i], mask);
                while (keys[j] != EMPTY) {
                    j = (j + 1) & mask;
                }
                keys[j] = oldKeys[i];
                values[j] = oldValues[i];
                size++;
            }
        }
    }
}
