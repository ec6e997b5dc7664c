package dev.strata.jcache.store.redis;

/**
 * How a Redis cache's entries are grouped for the numbering of their changes (see
 * {@code announce.lua}): a group's changes are counted by one counter, which the writing script
 * must change with the entry, so on a Redis Cluster a group is one hash slot (16,384 groups,
 * of which a receiver tracks only those it filled copies from or heard of). Outside a Cluster
 * any key may be changed with any other, and the entries fall into 64 groups by slot: enough
 * that one lost change costs a receiver only a sixty-fourth of its copies, few enough that the
 * periodic check reads at most 64 counters per cache.
 */
record SequenceGroups(int count) {
  static final int CLUSTER = 16_384;
  static final int STANDALONE = 64;

  static SequenceGroups of(boolean cluster) {
    return new SequenceGroups(cluster ? CLUSTER : STANDALONE);
  }

  /** The group of an entry, by its Redis name. */
  int groupOf(String name) {
    return SlotTags.slot(name) % count;
  }
}
