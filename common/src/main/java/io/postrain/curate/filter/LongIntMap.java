package io.postrain.curate.filter;

import java.util.Arrays;

/**
 * A map from long keys to int values with open addressing and linear probing: 12 bytes a slot, no
 * boxing, for the filter's hash tables over 100,000s of rows. Grows at 2/3 full.
 */
final class LongIntMap {

  private static final int ABSENT = Integer.MIN_VALUE;

  private long[] keys;
  private int[] values;
  private int size;

  LongIntMap() {
    keys = new long[1024];
    values = new int[1024];
    Arrays.fill(values, ABSENT);
  }

  int size() {
    return size;
  }

  /** The value of {@code key}, or {@code missing} when absent. */
  int get(long key, int missing) {
    int slot = find(keys, values, key);
    return values[slot] == ABSENT ? missing : values[slot];
  }

  /** Maps {@code key} to {@code value} (a value other than Integer.MIN_VALUE). */
  void put(long key, int value) {
    int slot = find(keys, values, key);
    if (values[slot] == ABSENT) {
      size++;
    }
    keys[slot] = key;
    values[slot] = value;
    if (size * 3 > keys.length * 2) {
      grow();
    }
  }

  /** Bytes held by the table's arrays. */
  long bytes() {
    return keys.length * 12L;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    Arrays.fill(values, ABSENT);
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] != ABSENT) {
        int slot = find(keys, values, oldKeys[i]);
        keys[slot] = oldKeys[i];
        values[slot] = oldValues[i];
      }
    }
  }

  private static int find(long[] keys, int[] values, long key) {
    int mask = keys.length - 1;
    int slot = (int) (key ^ (key >>> 32)) * 0x9E3779B9 & mask;
    while (values[slot] != ABSENT && keys[slot] != key) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }
}
