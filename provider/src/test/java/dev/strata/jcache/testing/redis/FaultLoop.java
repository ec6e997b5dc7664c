package dev.strata.jcache.testing.redis;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread that injects one fault after another into running Redis servers until closed, so
 * that the faults hit operations mid-flight: each fault lasts a random time between
 * {@code minMillis} and {@code maxMillis}, then the servers run freely for 1 to 1.5
 * {@code gapMillis}. Every fault hits every server at once (each node of a Cluster).
 *
 * <ul>
 *   <li>{@link Fault#PAUSE_WRITES}: {@code CLIENT PAUSE <ms> WRITE}; reads go on, writes
 *       (scripts that write included) wait and run when the pause ends.
 *   <li>{@link Fault#DEBUG_SLEEP}: {@code DEBUG SLEEP}; the server runs nothing meanwhile
 *       (needs {@code --enable-debug-command local}).
 *   <li>{@link Fault#SIGSTOP}: the process is stopped, then continued.
 *   <li>{@link Fault#KILL_CLIENTS}: {@code CLIENT KILL TYPE normal SKIPME yes}, every client
 *       connection but the harness's own, at once (lasts no time: the gap follows).
 *   <li>{@link Fault#PROXY_HOLD}: the {@link FaultyProxy} forwards nothing, then all of it.
 *   <li>{@link Fault#PROXY_CUT}: the proxy resets every connection.
 * </ul>
 */
public final class FaultLoop implements AutoCloseable {
  /** The faults the loop can inject. */
  public enum Fault { PAUSE_WRITES, DEBUG_SLEEP, SIGSTOP, KILL_CLIENTS, PROXY_HOLD, PROXY_CUT }

  private final List<RedisServer> servers;
  private final FaultyProxy proxy;
  private final List<Fault> faults;
  private final long minMillis;
  private final long maxMillis;
  private final long gapMillis;
  private final Map<Fault, AtomicLong> injected = new EnumMap<>(Fault.class);
  private final Thread thread;
  private volatile boolean running = true;
  private volatile RuntimeException failure;

  private FaultLoop(List<RedisServer> servers, FaultyProxy proxy, List<Fault> faults,
      long minMillis, long maxMillis, long gapMillis) {
    this.servers = List.copyOf(servers);
    this.proxy = proxy;
    this.faults = List.copyOf(faults);
    this.minMillis = minMillis;
    this.maxMillis = maxMillis;
    this.gapMillis = gapMillis;
    for (Fault fault : Fault.values()) {
      injected.put(fault, new AtomicLong());
    }
    this.thread = new Thread(this::loop, "fault-loop");
    this.thread.setDaemon(true);
  }

  /**
   * Starts injecting {@code faults} in turn into {@code servers} (and {@code proxy}, which may
   * be null when no proxy fault is among them).
   */
  public static FaultLoop start(List<RedisServer> servers, FaultyProxy proxy, List<Fault> faults,
      long minMillis, long maxMillis, long gapMillis) {
    if (proxy == null && (faults.contains(Fault.PROXY_HOLD) || faults.contains(Fault.PROXY_CUT))) {
      throw new IllegalArgumentException("proxy faults need a proxy");
    }
    FaultLoop loop = new FaultLoop(servers, proxy, faults, minMillis, maxMillis, gapMillis);
    loop.thread.start();
    return loop;
  }

  /** How many faults of each kind were injected so far. */
  public Map<Fault, Long> injected() {
    Map<Fault, Long> counts = new EnumMap<>(Fault.class);
    injected.forEach((fault, count) -> {
      if (count.get() > 0) {
        counts.put(fault, count.get());
      }
    });
    return counts;
  }

  /** How many faults were injected in all. */
  public long total() {
    return injected.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /**
   * Stops injecting, waits for the fault under way to end (servers resumed, proxy released),
   * and rethrows a failure to inject one.
   */
  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(10_000);
    if (failure != null) {
      throw failure;
    }
  }

  private void loop() {
    try {
      for (int turn = 0; running; turn++) {
        Fault fault = faults.get(turn % faults.size());
        inject(fault, ThreadLocalRandom.current().nextLong(minMillis, maxMillis + 1));
        injected.get(fault).incrementAndGet();
        Thread.sleep(ThreadLocalRandom.current().nextLong(gapMillis, gapMillis * 3 / 2 + 1));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure = e;
    }
  }

  private void inject(Fault fault, long millis) throws InterruptedException {
    switch (fault) {
      case PAUSE_WRITES:
        for (RedisServer server : servers) {
          server.call("CLIENT", "PAUSE", Long.toString(millis), "WRITE");
        }
        Thread.sleep(millis);
        break;
      case DEBUG_SLEEP:
        onEveryServer(server -> server.call("DEBUG", "SLEEP", Double.toString(millis / 1000.0)));
        break;
      case SIGSTOP:
        onEveryServer(server -> {
          server.suspend();
          try {
            Thread.sleep(millis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            server.resume();
          }
        });
        break;
      case KILL_CLIENTS:
        for (RedisServer server : servers) {
          server.call("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
        }
        break;
      case PROXY_HOLD:
        proxy.hold();
        try {
          Thread.sleep(millis);
        } finally {
          proxy.release();
        }
        break;
      case PROXY_CUT:
        proxy.cut();
        break;
      default:
        throw new AssertionError(fault);
    }
  }

  /** Runs a blocking fault on every server at once and waits for all of them. */
  private void onEveryServer(java.util.function.Consumer<RedisServer> fault)
      throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    List<RuntimeException> failures = new ArrayList<>();
    for (RedisServer server : servers) {
      Thread thread = new Thread(() -> {
        try {
          fault.accept(server);
        } catch (RuntimeException e) {
          synchronized (failures) {
            failures.add(e);
          }
        }
      }, "fault-" + server.port());
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }
}
