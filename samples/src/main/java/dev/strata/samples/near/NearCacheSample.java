package dev.strata.samples.near;

import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.configuration.StoreType;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.samples.SampleLogging;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;

/**
 * Two JVMs share one Redis cache: this one writes a key again and again, a second one
 * ({@link NearCacheReader}, started here) reads it in a tight loop from its near cache, and
 * reports how soon after each put it saw the new value. The sample starts its own
 * {@code redis-server} on a free loopback port and stops it at the end.
 *
 * <p>The writer tells the reader when each of its puts returned through the reader's standard
 * input, one line per update: {@code <update> <epoch microseconds>}.
 */
public final class NearCacheSample {
  static final String CACHE = "prices";
  static final String KEY = "EUR/USD";
  static final int UPDATES = 200;
  private static final long PAUSE_MILLIS = 5;
  private static final String[][] QUIET_LOGGING = {{"slf4j.internal.verbosity", "WARN"}};

  private NearCacheSample() {}

  public static void main(String[] args) throws Exception {
    SampleLogging.quiet();
    quietLogging();
    try (LocalRedis redis = LocalRedis.start()) {
      System.out.println("[writer] redis-server started at " + redis.uri());
      CacheManager manager = manager(redis.uri());
      try {
        // The writer needs no near cache: all it does is put, and every put goes to Redis.
        Cache<String, String> cache = manager.createCache(CACHE, configuration(null));
        cache.put(KEY, "0");
        run(cache, manager, redis.uri());
      } finally {
        manager.close();
      }
    }
    System.out.println("[writer] redis-server stopped");
  }

  private static void run(Cache<String, String> cache, CacheManager manager, String redisUri)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(javaExecutable(), "-cp", classPath()));
    for (String[] setting : QUIET_LOGGING) {
      command.add("-D" + setting[0] + "=" + System.getProperty(setting[0]));
    }
    command.addAll(List.of(NearCacheReader.class.getName(), redisUri,
        Integer.toString(UPDATES)));
    Process reader = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    // A writer stopped by Ctrl-C must not leave the reader JVM behind.
    Thread killReader = new Thread(reader::destroyForcibly);
    Runtime.getRuntime().addShutdownHook(killReader);
    try {
      CountDownLatch ready = new CountDownLatch(1);
      Thread echo = new Thread(() -> echo(reader, ready), "reader-output");
      echo.start();
      if (!ready.await(30, TimeUnit.SECONDS) || !reader.isAlive()) {
        throw new IllegalStateException("the reader JVM did not start (exit code "
            + (reader.isAlive() ? "none yet" : reader.exitValue()) + ")");
      }

      System.out.printf("[writer] putting %s %d times, %d ms apart%n", KEY, UPDATES,
          PAUSE_MILLIS);
      long[] putNanos = new long[UPDATES];
      try (PrintWriter toReader = new PrintWriter(reader.getOutputStream(), false,
          StandardCharsets.US_ASCII)) {
        for (int update = 1; update <= UPDATES; update++) {
          long start = System.nanoTime();
          cache.put(KEY, Integer.toString(update));
          // Wall-clock time, not System.nanoTime: nanoTime's origin is private to each JVM,
          // while both JVMs on this machine read the same system clock, to the microsecond.
          long returnedMicros = epochMicros();
          putNanos[update - 1] = System.nanoTime() - start;
          toReader.println(update + " " + returnedMicros);
          toReader.flush();
          Thread.sleep(PAUSE_MILLIS);
        }
      }
      // Nothing more to write: closing now overlaps this JVM's disconnection with the reader's.
      manager.close();
      Arrays.sort(putNanos);
      System.out.printf("[writer] put round trip to Redis: p50 %.3f ms, p99 %.3f ms%n",
          putNanos[UPDATES / 2] / 1e6, putNanos[UPDATES * 99 / 100] / 1e6);

      if (!reader.waitFor(30, TimeUnit.SECONDS)) {
        reader.destroyForcibly();
        throw new IllegalStateException("the reader JVM did not finish within 30 s");
      }
      echo.join(5_000);
      if (reader.exitValue() != 0) {
        throw new IllegalStateException("the reader JVM failed with exit code "
            + reader.exitValue());
      }
    } finally {
      reader.destroyForcibly();
      Runtime.getRuntime().removeShutdownHook(killReader);
    }
  }

  /** Copies the reader's output to ours, and notices when its cache is ready. */
  private static void echo(Process reader, CountDownLatch ready) {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(reader.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.equals(NearCacheReader.READY)) {
          ready.countDown();
        } else {
          System.out.println("[reader] " + line);
        }
      }
    } catch (IOException e) {
      System.err.println("[writer] lost the reader's output: " + e.getMessage());
    } finally {
      // A reader that died before it was ready must not keep the writer waiting.
      ready.countDown();
    }
  }

  /**
   * Redisson logs through SLF4J, which the samples send to java.util.logging
   * ({@link SampleLogging} keeps it to warnings); SLF4J's own reports are kept to warnings too.
   * Settings from the command line win, and the reader JVMs get the same.
   */
  private static void quietLogging() {
    for (String[] setting : QUIET_LOGGING) {
      if (System.getProperty(setting[0]) == null) {
        System.setProperty(setting[0], setting[1]);
      }
    }
  }

  /** Microseconds since the epoch, from the system clock that every JVM here shares. */
  static long epochMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /** A cache manager whose caches live in the Redis at {@code redisUri}, by default. */
  static CacheManager manager(String redisUri) {
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", redisUri);
    properties.setProperty("strata.redis.namespace", "near-sample");
    properties.setProperty("strata.defaults.store", "redis");
    return Caching.getCachingProvider().getCacheManager(URI.create("near-sample"),
        NearCacheSample.class.getClassLoader(), properties);
  }

  /** The cache both JVMs use; {@code nearCache} null for none. */
  static StrataConfiguration<String, String> configuration(NearCacheSettings nearCache) {
    return new StrataConfiguration<String, String>()
        .setStoreType(StoreType.REDIS)
        .setNearCache(nearCache)
        .setTypes(String.class, String.class);
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * The class path this class was loaded from. Under {@code mvn exec:java} that is the loader
   * the plugin built from the project's dependencies, while {@code java.class.path} is Maven's
   * own launcher; run with plain {@code java -cp}, the two are the same.
   */
  private static String classPath() {
    ClassLoader loader = NearCacheSample.class.getClassLoader();
    if (loader instanceof URLClassLoader) {
      List<String> entries = new ArrayList<>();
      for (URL url : ((URLClassLoader) loader).getURLs()) {
        try {
          entries.add(Path.of(url.toURI()).toString());
        } catch (URISyntaxException | IllegalArgumentException notAFile) {
          // only local files and directories can go on a command line's class path
        }
      }
      if (!entries.isEmpty()) {
        return String.join(File.pathSeparator, entries);
      }
    }
    return System.getProperty("java.class.path");
  }
}
