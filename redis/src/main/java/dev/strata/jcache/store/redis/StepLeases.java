package dev.strata.jcache.store.redis;

import dev.strata.jcache.store.redis.CompareAndSet.StepLease;
import dev.strata.shaded.redisson.api.RFuture;
import dev.strata.shaded.redisson.api.RScript;
import dev.strata.shaded.redisson.api.RedissonClient;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The step leases of a cache whose steps are exclusive across JVMs: a write-through cache's, so
 * that its writer sees exactly the changes the cache makes, once each, in each key's order.
 *
 * <p>A step takes its key's lease with its read ({@code read-leased.lua}) and holds it through
 * the remapper (and so the writer's call) to its compare-and-set, which gives it up as it
 * commits; a step that fails first gives it up here ({@code lease-release.lua}). While another
 * step holds the lease, the read answers "busy" and the step waits and reads again. The lease
 * lapses after {@code leaseMillis}, so a JVM that dies holding one delays the key's next step at
 * most that long; a step whose writer takes longer than that finds its compare-and-set refused
 * (the lease is the fence) and fails, saying so, instead of overwriting a change made meanwhile.
 */
final class StepLeases {
  static final LuaScript READ_LEASED = LuaScript.load("read-leased.lua");
  static final LuaScript RELEASE = LuaScript.load("lease-release.lua");
  private static final System.Logger LOG = System.getLogger(StepLeases.class.getName());

  private final RedissonClient client;
  private final long leaseMillis;
  private final byte[] leaseMillisArgument;
  private final RedisFailures failures;

  StepLeases(RedissonClient client, long leaseMillis, RedisFailures failures) {
    this.failures = failures;
    this.client = client;
    this.leaseMillis = leaseMillis;
    this.leaseMillisArgument = RedisKeyspace.utf8(Long.toString(leaseMillis));
  }

  /** How long a lease lasts, and so the longest a step waits for one. */
  long leaseMillis() {
    return leaseMillis;
  }

  /** A new lease of the entry for one step. */
  static StepLease leaseFor(String entryName) {
    byte[] token = new byte[12];
    ThreadLocalRandom.current().nextBytes(token);
    return new StepLease(token, RedisKeyspace.leaseName(entryName));
  }

  /**
   * Reads the entries while taking their leases: for each, {@code {1, value, pttl}} with the
   * lease held, or {@code {0, pttl of the lease}} while another step holds it.
   */
  List<List<Object>> read(Object key, List<String> names, List<StepLease> leases,
      String what, boolean nothingChanged) {
    if (names.size() == 1) {
      List<Object> read = failures.call(key, names.get(0), what, nothingChanged,
          () -> READ_LEASED.run(
          client, List.of(names.get(0), leases.get(0).name()), RScript.Mode.READ_WRITE,
          RScript.ReturnType.LIST, leases.get(0).token(), leaseMillisArgument));
      List<List<Object>> one = new ArrayList<>(1);
      one.add(read);
      return one;
    }
    List<RFuture<List<Object>>> futures = new ArrayList<>(names.size());
    failures.callAll(names, what, nothingChanged, () -> {
      LuaScript.runBatch(client, batch -> {
        futures.clear();
        for (int i = 0; i < names.size(); i++) {
          futures.add(READ_LEASED.queue(batch, List.of(names.get(i), leases.get(i).name()),
              RScript.Mode.READ_WRITE, RScript.ReturnType.LIST, leases.get(i).token(),
              leaseMillisArgument));
        }
      }, READ_LEASED);
      return null;
    });
    List<List<Object>> reads = new ArrayList<>(names.size());
    for (RFuture<List<Object>> future : futures) {
      reads.add(future.toCompletableFuture().join());
    }
    return reads;
  }

  /** Whether a leased read holds the lease (else another step does). */
  static boolean held(List<Object> read) {
    return ((Long) read.get(0)) == 1L;
  }

  /** The stored bytes a held read found, or {@code null} for an absent key. */
  static byte[] value(List<Object> read) {
    return (byte[]) read.get(1);
  }

  /** The entry's time to live a held read found. */
  static Long pttl(List<Object> read) {
    return (Long) read.get(2);
  }

  /** Gives up leases of steps that failed; a lease that cannot be given up lapses by itself. */
  void release(List<StepLease> leases) {
    if (leases.isEmpty()) {
      return;
    }
    try {
      if (leases.size() == 1) {
        StepLease lease = leases.get(0);
        RELEASE.run(client, lease.name(), RScript.Mode.READ_WRITE, RScript.ReturnType.LONG,
            lease.token());
        return;
      }
      LuaScript.runBatch(client, batch -> {
        for (StepLease lease : leases) {
          RELEASE.queue(batch, lease.name(), RScript.Mode.READ_WRITE, RScript.ReturnType.LONG,
              lease.token());
        }
      }, RELEASE);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "A cache could not give up the step leases of "
          + leases.size() + " keys; they lapse within " + leaseMillis + " ms: " + e);
    }
  }
}
