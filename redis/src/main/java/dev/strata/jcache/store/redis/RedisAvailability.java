package dev.strata.jcache.store.redis;

import dev.strata.jcache.configuration.RedisSettings;
import dev.strata.shaded.redisson.Redisson;
import dev.strata.shaded.redisson.api.RedissonClient;
import dev.strata.shaded.redisson.client.RedisClient;
import dev.strata.shaded.redisson.client.codec.StringCodec;
import dev.strata.shaded.redisson.client.protocol.RedisCommands;
import dev.strata.shaded.redisson.command.CommandAsyncExecutor;
import dev.strata.shaded.redisson.connection.ConnectionManager;
import dev.strata.shaded.redisson.connection.MasterSlaveEntry;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which Redis nodes of one client are known to be unreachable. A command that times out or
 * finds its connection refused marks the node it was sent to down, and so does a command left
 * unanswered for longer than {@code fail-fast-after} (a watchdog looks at the commands in
 * flight, so a node is known down before Redisson's resend of the command times out as well);
 * from then on every command
 * for that node fails at once (see {@link RedisFailures}), instead of waiting for its own
 * timeout and resend, until a probe finds the node back. The probe PINGs the node through the
 * same client every probe interval, at once when it is marked down, and marks it up on the
 * first answer; so does any command of the node that succeeds.
 *
 * <p>A node is a master with its replicas ({@link MasterSlaveEntry}): the one server of a
 * standalone Redis, the master a Sentinel names (a failover keeps the node and changes its
 * master), or one Cluster master and its slots. A key's node is found from its slot, as
 * Redisson routes the key; a command without a key (scan, clear) goes to every node, and is
 * failed at once when any of them is down. A Cluster batch that fails marks every node it was
 * sent to down, since the failure does not say which one did not answer; the probe, sent at
 * once, marks the others up within a round trip.
 *
 * <p>One instance per client, shared by every cache of that client, as the client is.
 */
final class RedisAvailability {
  private static final System.Logger LOG = System.getLogger(RedisAvailability.class.getName());
  /** The probe interval of a client made without settings (tests, programs). */
  static final long DEFAULT_PROBE_MILLIS = 500;
  /** The fail-fast-after of a client made without settings: Redisson's default timeout. */
  static final long DEFAULT_DOWN_AFTER_MILLIS = 3_000;
  /** At most this many probes of a node wait for an answer at a time. */
  private static final int PENDING_PROBES = 4;
  private static final Map<RedissonClient, RedisAvailability> ALL =
      Collections.synchronizedMap(new WeakHashMap<>());
  private static final ScheduledExecutorService PROBES =
      Executors.newSingleThreadScheduledExecutor(task -> {
        var thread = new Thread(task, "strata-redis-probe");
        thread.setDaemon(true);
        return thread;
      });

  private final RedissonClient client;
  private final ConnectionManager connections;
  private final CommandAsyncExecutor executor;
  private final boolean failFast;
  private final long probeMillis;
  private final long timeoutMillis;
  private final long downAfterNanos;
  private final List<String> secrets;
  /** The keyed commands in flight, which the watchdog looks at. */
  private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();
  private volatile ScheduledFuture<?> watchdog;
  private final Map<MasterSlaveEntry, Down> down = new ConcurrentHashMap<>();
  /** When each node was last marked up (nanoTime): older failures do not mark it down again. */
  private final Map<MasterSlaveEntry, Long> upSince = new ConcurrentHashMap<>();
  /** When the watchdog last PINGed each node over a command it had left unanswered. */
  private final Map<MasterSlaveEntry, Long> checkedAt = new ConcurrentHashMap<>();

  private RedisAvailability(RedissonClient client, boolean failFast, long probeMillis,
      long timeoutMillis, long downAfterMillis, List<String> secrets) {
    this.downAfterNanos = downAfterMillis * 1_000_000L;
    this.client = client;
    CommandAsyncExecutor found = client instanceof Redisson
        ? ((Redisson) client).getCommandExecutor() : null;
    this.executor = found;
    this.connections = found == null ? null : found.getConnectionManager();
    // Without Redisson's routing there is no node to mark: such a client never fails fast.
    this.failFast = failFast && connections != null;
    this.probeMillis = probeMillis;
    this.timeoutMillis = timeoutMillis;
    this.secrets = secrets;
  }

  /** Registers the availability of a client that {@link RedisConnections} made. */
  static RedisAvailability register(RedissonClient client, RedisSettings settings) {
    var availability = new RedisAvailability(client, settings.failFast(),
        settings.probeInterval().toMillis(),
        settings.redissonConfig() == null ? settings.timeout().toMillis() : -1,
        settings.failFastAfter().toMillis(), settings.secrets());
    ALL.put(client, availability);
    return availability;
  }

  /** The availability of a client: the registered one, else one with the defaults. */
  static RedisAvailability of(RedissonClient client) {
    return ALL.computeIfAbsent(client, c -> new RedisAvailability(c, true,
        DEFAULT_PROBE_MILLIS, -1, DEFAULT_DOWN_AFTER_MILLIS, List.of()));
  }

  boolean failsFast() {
    return failFast;
  }

  long probeMillis() {
    return probeMillis;
  }

  long timeoutMillis() {
    return timeoutMillis;
  }

  List<String> secrets() {
    return secrets;
  }

  /**
   * The nodes that commands on these key names go to; {@code null} names mean a command without
   * a key, which goes to every node. Empty when the nodes cannot be told.
   */
  Collection<MasterSlaveEntry> nodesOf(Collection<String> names) {
    if (connections == null) {
      return List.of();
    }
    try {
      if (names == null) {
        return connections.getEntrySet();
      }
      if (names.size() == 1) {
        MasterSlaveEntry entry = nodeOf(names.iterator().next());
        return entry == null ? List.of() : List.of(entry);
      }
      Set<MasterSlaveEntry> found = new LinkedHashSet<>();
      for (String name : names) {
        MasterSlaveEntry entry = nodeOf(name);
        if (entry != null) {
          found.add(entry);
        }
      }
      return found;
    } catch (RuntimeException topologyInFlux) {
      return List.of();
    }
  }

  private MasterSlaveEntry nodeOf(String name) {
    return connections.getEntry(connections.calcSlot(name));
  }

  /** The first of the nodes that is marked down, or {@code null} when none is (or no fail-fast). */
  Down firstDown(Collection<MasterSlaveEntry> nodes) {
    if (!failFast || down.isEmpty()) {
      return null;
    }
    for (MasterSlaveEntry node : nodes) {
      Down found = down.get(node);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /**
   * A command sent at {@code startedNanos} to the nodes did not reach them: marks them down,
   * unless the command is older than the latest time one of them was found back. A command
   * without a key marks a node only when the client has just one.
   */
  void unreachable(Collection<MasterSlaveEntry> nodes, boolean keyless, long startedNanos,
      Throwable failure) {
    markDown(nodes, keyless, startedNanos, failure,
        ConnectFailure.reason(failure, timeoutMillis));
  }

  private void markDown(Collection<MasterSlaveEntry> nodes, boolean keyless, long startedNanos,
      Throwable failure, String reason) {
    if (!failFast || (keyless && nodes.size() != 1)) {
      return;
    }
    for (MasterSlaveEntry node : nodes) {
      Long up = upSince.get(node);
      if (up != null && up - startedNanos > 0) {
        continue;
      }
      var marked = new Down(node, address(node), Instant.now().truncatedTo(ChronoUnit.MILLIS),
          failure, reason, new AtomicInteger());
      if (down.putIfAbsent(node, marked) == null) {
        LOG.log(Level.WARNING, "Redis node " + marked.address() + " is marked down ("
            + reason + "); operations on it fail at once until a probe, every "
            + probeMillis + " ms, finds it back");
        PROBES.execute(() -> probe(marked));
      }
    }
  }

  /** A command of the nodes succeeded: whichever was marked down is back. */
  void reached(Collection<MasterSlaveEntry> nodes) {
    if (down.isEmpty()) {
      return;
    }
    for (MasterSlaveEntry node : nodes) {
      Down marked = down.get(node);
      if (marked != null) {
        up(marked);
      }
    }
  }

  /**
   * Notes a keyed command about to be sent to the nodes, for the watchdog; {@code null} when
   * there is nothing to watch. Give it back to {@link #answered} once the command ends.
   */
  InFlight sending(Collection<MasterSlaveEntry> nodes) {
    if (!failFast || nodes.isEmpty()) {
      return null;
    }
    var command = new InFlight(nodes, System.nanoTime(), Thread.currentThread());
    inFlight.add(command);
    if (watchdog == null) {
      startWatchdog();
    }
    return command;
  }

  /**
   * The command ended, answered or not; returns whether the watchdog cut its wait short (the
   * interrupt it used is then cleared from the calling thread).
   */
  boolean answered(InFlight command) {
    if (command == null) {
      return false;
    }
    inFlight.remove(command);
    boolean cut;
    synchronized (command) {
      cut = command.cut;
      command.done = true;
    }
    if (cut) {
      Thread.interrupted();
    }
    return cut;
  }

  private synchronized void startWatchdog() {
    if (watchdog != null) {
      return;
    }
    long tick = Math.max(10, Math.min(100, downAfterNanos / 10_000_000L));
    watchdog = PROBES.scheduleWithFixedDelay(this::watch, tick, tick, TimeUnit.MILLISECONDS);
  }

  /** Marks down the nodes of every command unanswered for longer than fail-fast-after. */
  private void watch() {
    if (client.isShutdown()) {
      watchdog.cancel(false);
      inFlight.clear();
      down.clear();
      return;
    }
    long now = System.nanoTime();
    for (InFlight command : inFlight) {
      if (now - command.started > downAfterNanos) {
        for (MasterSlaveEntry node : command.nodes) {
          suspect(node, command.started, now);
        }
      }
    }
    if (down.isEmpty()) {
      return;
    }
    // the commands still waiting on a node marked down stop waiting: their callers fail now,
    // as every later command of the node does
    for (InFlight command : inFlight) {
      if (firstDown(command.nodes) != null) {
        synchronized (command) {
          if (!command.done && !command.cut) {
            command.cut = true;
            command.thread.interrupt();
          }
        }
      }
    }
  }

  /**
   * A command of the node went unanswered for fail-fast-after: the node is PINGed, and marked
   * down unless it answers within the probe interval. A node that answers PING is slow on this
   * command (a long script, its writes paused), not gone, and its commands keep waiting.
   */
  private void suspect(MasterSlaveEntry node, long commandStarted, long now) {
    if (down.containsKey(node)) {
      return;
    }
    Long last = checkedAt.get(node);
    if (last != null && now - last < downAfterNanos) {
      return;
    }
    checkedAt.put(node, now);
    CompletableFuture<String> ping;
    try {
      ping = executor.<String, String>writeAsync(node, StringCodec.INSTANCE, RedisCommands.PING)
          .toCompletableFuture();
    } catch (RuntimeException failure) {
      ping = CompletableFuture.failedFuture(failure);
    }
    var answer = ping;
    PROBES.schedule(() -> {
      if (answer.isDone() && !answer.isCompletedExceptionally()) {
        return;
      }
      markDown(List.of(node), false, commandStarted, noAnswer(),
          "timed out after " + downAfterMillis() + " ms");
    }, probeMillis, TimeUnit.MILLISECONDS);
  }

  long downAfterMillis() {
    return downAfterNanos / 1_000_000L;
  }

  /** The failure of a command whose wait was cut short. */
  TimeoutException noAnswer() {
    return new TimeoutException("no answer within " + downAfterMillis() + " ms");
  }

  private void up(Down marked) {
    upSince.put(marked.node(), System.nanoTime());
    if (down.remove(marked.node(), marked)) {
      LOG.log(Level.INFO, "Redis node " + marked.address() + " answers again (down since "
          + marked.since() + ")");
    }
  }

  /** PINGs a node marked down, and again every probe interval while it stays down. */
  private void probe(Down marked) {
    if (down.get(marked.node()) != marked) {
      return;
    }
    if (client.isShutdown() || !connections.getEntrySet().contains(marked.node())) {
      // the client is gone, or the node serves no slot any more: nothing to wait for
      down.remove(marked.node(), marked);
      return;
    }
    if (marked.pending().get() < PENDING_PROBES) {
      marked.pending().incrementAndGet();
      try {
        executor.<String, String>writeAsync(marked.node(), StringCodec.INSTANCE,
            RedisCommands.PING).whenComplete((reply, failure) -> {
              marked.pending().decrementAndGet();
              if (failure == null) {
                up(marked);
              }
            });
      } catch (RuntimeException failure) {
        marked.pending().decrementAndGet();
      }
    }
    try {
      PROBES.schedule(() -> probe(marked), probeMillis, TimeUnit.MILLISECONDS);
    } catch (RuntimeException rejected) {
      down.remove(marked.node(), marked);
    }
  }

  static String address(MasterSlaveEntry node) {
    RedisClient master = node.getClient();
    InetSocketAddress address = master == null ? null : master.getAddr();
    return address == null ? "(unknown address)"
        : address.getHostString() + ":" + address.getPort();
  }

  /** A node marked down: since when, by which failure, and why in words. */
  record Down(MasterSlaveEntry node, String address, Instant since, Throwable failure,
      String reason, AtomicInteger pending) {}

  /**
   * A keyed command in flight: its nodes, when it was sent, and the thread waiting for it, which
   * the watchdog interrupts (Redisson's sync calls then stop waiting) once a node is down.
   */
  static final class InFlight {
    final Collection<MasterSlaveEntry> nodes;
    final long started;
    final Thread thread;
    boolean done;
    boolean cut;

    InFlight(Collection<MasterSlaveEntry> nodes, long started, Thread thread) {
      this.nodes = nodes;
      this.started = started;
      this.thread = thread;
    }
  }

  /** The nodes marked down now, by address; for tests and diagnostics. */
  List<String> downNodes() {
    List<String> found = new ArrayList<>();
    for (Down marked : down.values()) {
      found.add(marked.address());
    }
    return found;
  }
}
