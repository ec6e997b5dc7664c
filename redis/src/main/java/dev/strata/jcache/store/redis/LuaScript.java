package dev.strata.jcache.store.redis;

import dev.strata.shaded.redisson.api.BatchOptions;
import dev.strata.shaded.redisson.api.RBatch;
import dev.strata.shaded.redisson.api.RFuture;
import dev.strata.shaded.redisson.api.RScript;
import dev.strata.shaded.redisson.api.RedissonClient;
import dev.strata.shaded.redisson.client.RedisException;
import dev.strata.shaded.redisson.client.codec.ByteArrayCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * A Lua script kept as a resource beside this class, run by its SHA-1 digest so that only the
 * digest crosses the network; a server that does not know the script yet (restarted, failed
 * over, a new Cluster node) is sent the text once.
 *
 * <p>A line {@code --#include other.lua} is replaced by that resource's text when the script is
 * loaded, so that scripts share code that must be the same in each of them (how a change is
 * announced, for one).
 */
final class LuaScript {
  private static final String INCLUDE = "--#include ";
  private final String name;
  private final String text;
  private final String sha;
  private final LuaScript[] companions;

  private LuaScript(String name, String text, LuaScript[] companions) {
    this.name = name;
    this.text = text;
    this.sha = sha1(text);
    this.companions = companions;
  }

  static LuaScript load(String resource) {
    return load(resource, new LuaScript[0]);
  }

  /**
   * A script that, when a server is found not to know it, makes its {@code companions} known
   * too: scripts that a later call may need at a moment it cannot afford to learn they are
   * missing (sent while a fault holds its reply, a NOSCRIPT answer would stand for the call).
   */
  static LuaScript load(String resource, LuaScript... companions) {
    try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing Lua script resource " + resource);
      }
      return new LuaScript(resource, withIncludes(resource,
          new String(in.readAllBytes(), StandardCharsets.UTF_8)), companions.clone());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read Lua script resource " + resource, e);
    }
  }

  private static String withIncludes(String resource, String text) {
    if (!text.contains(INCLUDE)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() * 2);
    for (String line : text.split("\n", -1)) {
      if (line.startsWith(INCLUDE)) {
        String included = line.substring(INCLUDE.length()).trim();
        if (included.equals(resource)) {
          throw new IllegalStateException("Lua script " + resource + " includes itself");
        }
        out.append(load(included).text).append('\n');
      } else {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  /** Runs the script on the node that owns {@code key}. */
  <R> R run(RedissonClient client, String key, RScript.Mode mode, RScript.ReturnType type,
      Object... arguments) {
    return run(client, List.of(key), mode, type, arguments);
  }

  /** Runs the script on the node that owns the first of {@code keys}, all in one slot. */
  <R> R run(RedissonClient client, List<Object> keys, RScript.Mode mode,
      RScript.ReturnType type, Object... arguments) {
    RScript script = client.getScript(ByteArrayCodec.INSTANCE);
    String key = (String) keys.get(0);
    try {
      return script.evalSha(key, mode, sha, type, keys, arguments);
    } catch (RedisException e) {
      if (!isUnknownScript(e)) {
        throw e;
      }
      R result = script.eval(key, mode, text, type, keys, arguments);
      loadCompanions(client);
      return result;
    }
  }

  /**
   * Sends the script, by its text, to the node that owns the first of {@code keys} without
   * waiting for the reply: for a best-effort step whose loss does no harm.
   */
  <R> RFuture<R> runAsync(RedissonClient client, List<Object> keys, RScript.Mode mode,
      RScript.ReturnType type, Object... arguments) {
    return client.getScript(ByteArrayCodec.INSTANCE)
        .evalAsync((String) keys.get(0), mode, text, type, keys, arguments);
  }

  /** Queues the script in a batch; the batch must run after {@link #load} made it known. */
  <R> RFuture<R> queue(RBatch batch, String key, RScript.Mode mode, RScript.ReturnType type,
      Object... arguments) {
    return queue(batch, List.of(key), mode, type, arguments);
  }

  /** {@link #queue} for a script of several keys, all in one slot. */
  <R> RFuture<R> queue(RBatch batch, List<Object> keys, RScript.Mode mode,
      RScript.ReturnType type, Object... arguments) {
    return batch.getScript(ByteArrayCodec.INSTANCE)
        .evalShaAsync((String) keys.get(0), mode, sha, type, keys, arguments);
  }

  /** Makes the script known to every master, so that batches may run it by digest. */
  void load(RedissonClient client) {
    client.getScript(ByteArrayCodec.INSTANCE).scriptLoad(text);
  }

  /** Makes the companions known; one that cannot be is sent as text when first needed. */
  private void loadCompanions(RedissonClient client) {
    for (LuaScript companion : companions) {
      try {
        companion.load(client);
      } catch (RuntimeException e) {
        return;
      }
    }
  }

  /**
   * Runs a batch that {@code filler} queues, one round trip to each node; a node that does not
   * know a script yet (restarted, failed over) fails the batch with NOSCRIPT, and the batch runs
   * once more after {@code scripts} are loaded. Running a batch again is safe because every
   * writing script Strata queues is idempotent. A failure is thrown as Redisson reports it.
   */
  static void runBatch(RedissonClient client, Consumer<RBatch> filler, LuaScript... scripts) {
    for (int attempt = 0; ; attempt++) {
      RBatch batch = client.createBatch(BatchOptions.defaults());
      filler.accept(batch);
      try {
        batch.execute();
        return;
      } catch (RedisException e) {
        if (attempt > 0 || !isUnknownScript(e)) {
          throw e;
        }
        for (LuaScript script : scripts) {
          script.load(client);
          script.loadCompanions(client);
        }
      }
    }
  }

  static boolean isUnknownScript(RuntimeException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && cause.getMessage().contains("NOSCRIPT")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return name;
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }
}
