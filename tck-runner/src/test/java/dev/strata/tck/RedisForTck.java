package dev.strata.tck;

import dev.strata.jcache.testing.redis.RedisServer;
import org.junit.runner.Description;
import org.junit.runner.Result;
import org.junit.runner.notification.RunListener;

/**
 * Starts a real {@code redis-server} on a free loopback port before the TCK runs in a Redis
 * mode and stops it afterwards. The address reaches the mode's configuration file through the
 * {@value #ADDRESS_PROPERTY} system property.
 */
public class RedisForTck extends RunListener {
  static final String ADDRESS_PROPERTY = "strata.tck.redis.address";

  private RedisServer server;

  @Override
  public void testRunStarted(Description description) {
    server = RedisServer.start();
    System.setProperty(ADDRESS_PROPERTY, server.uri());
  }

  @Override
  public void testRunFinished(Result result) {
    if (server != null) {
      server.close();
    }
  }
}
