package dev.strata.jcache.management;

import java.lang.management.ManagementFactory;
import java.net.URI;
import javax.cache.CacheException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registers a cache's management beans with the platform MBean server under the names the
 * specification gives: {@code javax.cache:type=CacheConfiguration|CacheStatistics,
 * CacheManager=<uri>,Cache=<name>}.
 */
public final class JmxRegistration {
  /** The kinds of bean a cache may register. */
  public enum Kind {
    CONFIGURATION("CacheConfiguration"),
    STATISTICS("CacheStatistics"),
    WRITE_BEHIND("StrataWriteBehind"),
    HOT_KEYS("StrataHotKeys");

    private final String type;

    Kind(String type) {
      this.type = type;
    }
  }

  private JmxRegistration() {}

  public static void register(Object bean, Kind kind, URI managerUri, String cacheName) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = objectName(kind, managerUri, cacheName);
    try {
      if (!server.isRegistered(name)) {
        server.registerMBean(bean, name);
      }
    } catch (JMException e) {
      throw new CacheException("Cannot register the management bean " + name, e);
    }
  }

  public static void unregister(Kind kind, URI managerUri, String cacheName) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = objectName(kind, managerUri, cacheName);
    try {
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
    } catch (InstanceNotFoundException ignored) {
      // unregistered meanwhile: the goal is reached
    } catch (JMException e) {
      throw new CacheException("Cannot unregister the management bean " + name, e);
    }
  }

  public static ObjectName objectName(Kind kind, URI managerUri, String cacheName) {
    String name = "javax.cache:type=" + kind.type + ",CacheManager="
        + sanitize(managerUri.toString()) + ",Cache=" + sanitize(cacheName);
    try {
      return new ObjectName(name);
    } catch (MalformedObjectNameException e) {
      throw new CacheException("Illegal management bean name " + name, e);
    }
  }

  private static String sanitize(String value) {
    return value == null ? "" : value.replaceAll("[,:=\n*?\"]", ".");
  }
}
