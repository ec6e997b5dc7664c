package dev.strata.jcache.store.redis;

import dev.strata.jcache.store.StoreListener;
import dev.strata.shaded.redisson.api.RFuture;
import dev.strata.shaded.redisson.api.RScript;
import dev.strata.shaded.redisson.api.RedissonClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The reads a near cache fills its copies with ({@code read-sequenced.lua}): each entry with its
 * time to live and its group's sequence counter, read together, which the
 * {@link SequenceTracker} judges. A read the tracker cannot vouch for (it may lack a change whose
 * message was not heard) still answers its caller, but its key is reported as
 * {@link StoreListener#onChangesMissed changes missed}, which drops the near cache's reservation
 * so the copy is not kept; a read that shows the group's history lost drops the group.
 *
 * <p>The script is sent as a write, so it runs on the master even when a Redisson configuration
 * reads from replicas: a replica lags its master, and a copy filled there could miss a write
 * whose message was already heard.
 */
final class SequencedReads<K> {
  private static final LuaScript READ = LuaScript.load("read-sequenced.lua");

  private final RedissonClient client;
  private final RedisKeyspace keyspace;
  private final SequenceGroups groups;
  private final SequenceTracker tracker;
  private final RedisFailures failures;
  private final StoreListener<K> listener;
  private final ChangeSubscription<K> subscription;

  SequencedReads(RedissonClient client, RedisKeyspace keyspace, SequenceGroups groups,
      SequenceTracker tracker, RedisFailures failures, StoreListener<K> listener,
      ChangeSubscription<K> subscription) {
    this.client = client;
    this.keyspace = keyspace;
    this.groups = groups;
    this.tracker = tracker;
    this.failures = failures;
    this.listener = listener;
    this.subscription = subscription;
  }

  /**
   * The entries of the keys, in order: {@code {value, pttl}} or {@code null} for an absent key;
   * one script call for one key, a pipelined batch for more.
   */
  List<List<Object>> read(List<K> keys, String what) {
    List<String> names = new ArrayList<>(keys.size());
    for (K key : keys) {
      names.add(keyspace.name(key));
    }
    List<List<Object>> reads = new ArrayList<>(keys.size());
    if (keys.size() == 1) {
      String name = names.get(0);
      reads.add(failures.call(keys.get(0), name, what, true, () -> READ.run(client,
          List.of(name, sequenceName(name)), RScript.Mode.READ_WRITE, RScript.ReturnType.LIST)));
    } else {
      List<RFuture<List<Object>>> futures = new ArrayList<>(keys.size());
      failures.callAll(names, what, true, () -> {
        LuaScript.runBatch(client, batch -> {
          futures.clear();
          for (String name : names) {
            futures.add(READ.queue(batch, List.of(name, sequenceName(name)),
                RScript.Mode.READ_WRITE, RScript.ReturnType.LIST));
          }
        }, READ);
        return null;
      });
      for (RFuture<List<Object>> future : futures) {
        reads.add(future.toCompletableFuture().join());
      }
    }
    judge(keys, names, reads);
    return reads;
  }

  private String sequenceName(String name) {
    return keyspace.sequenceName(groups.groupOf(name));
  }

  /** Has the tracker judge each read; reports the keys not to keep and the groups lost. */
  private void judge(List<K> keys, List<String> names, List<List<Object>> reads) {
    Set<K> discarded = null;
    List<Integer> lost = null;
    for (int i = 0; i < reads.size(); i++) {
      List<Object> read = reads.get(i);
      if (read == null) {
        continue;
      }
      int group = groups.groupOf(names.get(i));
      switch (tracker.onFill(group, SequenceTracker.epochOf(read.get(2)),
          ((Number) read.get(3)).longValue())) {
        case DISCARD -> {
          if (discarded == null) {
            discarded = new HashSet<>();
          }
          discarded.add(keys.get(i));
        }
        case LOST -> {
          if (lost == null) {
            lost = new ArrayList<>();
          }
          lost.add(group);
        }
        default -> { }
      }
    }
    if (lost != null) {
      subscription.onGroupsLost(lost);
    }
    if (discarded != null) {
      Set<K> affected = discarded;
      listener.onChangesMissed(affected::contains);
    }
  }
}
