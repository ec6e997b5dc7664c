package dev.strata.samples;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps a sample's output to its own lines: the libraries it runs on (Hibernate, Weld, the Redis
 * client, Netty) log their start-up at INFO through java.util.logging (the samples route SLF4J
 * there), so only their warnings are shown. A logging.properties given with
 * -Djava.util.logging.config.file wins.
 */
public final class SampleLogging {
  /** Held, so that the levels set stay set: java.util.logging keeps loggers weakly. */
  private static final List<Logger> QUIETED = List.of("org.hibernate", "org.jboss", "org.jboss.weld",
      "dev.strata.shaded.redisson", "io.netty").stream().map(Logger::getLogger).toList();

  private SampleLogging() {}

  public static void quiet() {
    if (System.getProperty("java.util.logging.config.file") != null) {
      return;
    }
    for (Logger logger : QUIETED) {
      logger.setLevel(Level.WARNING);
    }
  }
}
