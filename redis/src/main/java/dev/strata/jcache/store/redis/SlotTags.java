package dev.strata.jcache.store.redis;

import dev.strata.shaded.redisson.connection.CRC16;
import java.nio.charset.StandardCharsets;

/**
 * Hash tags that put a key of Strata's own into the Redis Cluster slot of another key, so that
 * one script may change both. Redis hashes a key's name, or only the part between its first
 * {@code {}} and the first {@code }} after it when that part is not empty; a name that starts
 * with {@code {<tag>}} lands in the tag's slot, whatever follows. Outside a Cluster the slot
 * means nothing, and the names are as good as any.
 */
final class SlotTags {
  private static final int SLOTS = 16_384;
  /** A tag for every slot, found once: about 160,000 hashes, some tens of milliseconds. */
  private static final String[] TAGS = tags();

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
    return TAGS[slot(name)];
  }

  /** A short tag, without braces, that hashes to the slot. */
  static String tagOfSlot(int slot) {
    return TAGS[slot];
  }

  /** The first base-36 number, in counting order, whose text hashes to each slot. */
  private static String[] tags() {
    String[] tags = new String[SLOTS];
    int found = 0;
    for (long candidate = 0; found < SLOTS; candidate++) {
      String tag = Long.toString(candidate, 36);
      int slot = CRC16.crc16(tag.getBytes(StandardCharsets.UTF_8)) % SLOTS;
      if (tags[slot] == null) {
        tags[slot] = tag;
        found++;
      }
    }
    return tags;
  }
}
