package dev.strata.jcache.store.redis;

import dev.strata.shaded.redisson.connection.CRC16;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Hash tags that put a key of Strata's own into the Redis Cluster slot of another key, so that
 * one script may change both. Redis hashes a key's name, or only the part between its first
 * {@code {}} and the first {@code }} after it when that part is not empty; a name that starts
 * with {@code {<tag>}} lands in the tag's slot, whatever follows. Outside a Cluster the slot
 * means nothing, and the names are as good as any.
 */
final class SlotTags {
  private static final int SLOTS = 16_384;
  private static final AtomicReferenceArray<String> TAGS = new AtomicReferenceArray<>(SLOTS);

  private SlotTags() {}

  /** The Cluster slot of a key name. */
  static int slot(String name) {
    int open = name.indexOf('{');
    if (open >= 0) {
      int close = name.indexOf('}', open + 1);
      if (close > open + 1) {
        name = name.substring(open + 1, close);
      }
    }
    return CRC16.crc16(name.getBytes(StandardCharsets.UTF_8)) % SLOTS;
  }

  /** A short tag, without braces, that hashes to the slot of {@code name}. */
  static String tagOf(String name) {
    int slot = slot(name);
    String tag = TAGS.get(slot);
    if (tag == null) {
      tag = search(slot);
      TAGS.set(slot, tag);
    }
    return tag;
  }

  /** The first base-36 number whose text hashes to the slot: about 16,384 hashes, once a slot. */
  private static String search(int slot) {
    for (long candidate = 0; ; candidate++) {
      String tag = Long.toString(candidate, 36);
      if (CRC16.crc16(tag.getBytes(StandardCharsets.UTF_8)) % SLOTS == slot) {
        return tag;
      }
    }
  }
}
