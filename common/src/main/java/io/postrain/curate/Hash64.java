package io.postrain.curate;

/**
 * A 64-bit hash of text (FNV-1a over UTF-16 units, then a murmur3 finalizer to spread bits), shared
 * by the linter and the filter.
 */
public final class Hash64 {

  private Hash64() {}

  public static long of(CharSequence text) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      h ^= text.charAt(i);
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  /** murmur3's fmix64. */
  public static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
