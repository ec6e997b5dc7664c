package dev.strata.jcache.configuration;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.strata.jcache.codec.AllowedClasses;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheException;
import javax.cache.expiry.Duration;

/**
 * Reads typed settings from one cache's section of a configuration file. Every failure is a
 * {@link CacheException} that names the file and line, the setting, the value found and what
 * was expected.
 */
final class SettingReader {
  private final Config config;
  private final String prefix;

  SettingReader(Config config, String prefix) {
    this.config = config;
    this.prefix = prefix;
  }

  String prefix() {
    return prefix;
  }

  boolean has(String key) {
    return config.hasPath(key);
  }

  boolean bool(String key, boolean fallback) {
    if (!config.hasPath(key)) {
      return fallback;
    }
    ConfigValue value = config.getValue(key);
    if (value.valueType() == ConfigValueType.BOOLEAN) {
      return (Boolean) value.unwrapped();
    }
    if (value.valueType() == ConfigValueType.STRING) {
      String text = ((String) value.unwrapped()).trim();
      if (text.equals("true") || text.equals("false")) {
        return Boolean.parseBoolean(text);
      }
    }
    throw invalid(key, value, "true or false");
  }

  /** A non-negative whole number, or -1 when absent or {@code none}. */
  long count(String key) {
    if (!config.hasPath(key)) {
      return -1;
    }
    ConfigValue value = config.getValue(key);
    if (value.valueType() == ConfigValueType.STRING && "none".equals(value.unwrapped())) {
      return -1;
    }
    try {
      long number = config.getLong(key);
      if (number >= 0) {
        return number;
      }
    } catch (ConfigException.WrongType e) {
      // reported below with the value found
    }
    throw invalid(key, value, "a whole number of 0 or more, or none");
  }

  /**
   * A list of allowed-class patterns ({@code com.example.User}, {@code com.example.*},
   * {@code com.example.**}), or one string of them separated by commas, as a property or an
   * environment variable gives them; empty when absent.
   */
  List<String> classPatterns(String key) {
    if (!config.hasPath(key)) {
      return List.of();
    }
    ConfigValue value = config.getValue(key);
    String expected = "a list of class names, package.* or package.** patterns";
    List<String> patterns = new ArrayList<>();
    if (value.valueType() == ConfigValueType.LIST) {
      for (ConfigValue item : (ConfigList) value) {
        if (item.valueType() != ConfigValueType.STRING) {
          throw invalid(key, value, expected);
        }
        patterns.add(((String) item.unwrapped()).trim());
      }
    } else if (value.valueType() == ConfigValueType.STRING) {
      for (String part : ((String) value.unwrapped()).split(",", -1)) {
        patterns.add(part.trim());
      }
    } else {
      throw invalid(key, value, expected);
    }
    for (String pattern : patterns) {
      if (!AllowedClasses.isValid(pattern)) {
        throw invalid(key, value, expected + " (not one: '" + pattern + "')");
      }
    }
    return patterns;
  }

  /**
   * A size in bytes: a whole number, or a number with a unit such as {@code 512KiB},
   * {@code 16MiB} or {@code 1MB}; {@code none} (returned as -1) for no bound.
   */
  long size(String key, long fallback) {
    if (!config.hasPath(key)) {
      return fallback;
    }
    ConfigValue value = config.getValue(key);
    if (value.valueType() == ConfigValueType.STRING && "none".equals(value.unwrapped())) {
      return -1;
    }
    try {
      long bytes = config.getBytes(key);
      if (bytes > 0) {
        return bytes;
      }
    } catch (ConfigException.BadValue | ConfigException.WrongType e) {
      // reported below with the value found
    }
    throw invalid(key, value, "a size of 1 byte or more, such as 1048576, 512KiB or 16MiB,"
        + " or none");
  }

  /** A class name, or null when absent. */
  String className(String key) {
    if (!config.hasPath(key)) {
      return null;
    }
    ConfigValue value = config.getValue(key);
    if (value.valueType() == ConfigValueType.STRING
        && ((String) value.unwrapped()).matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
      return (String) value.unwrapped();
    }
    throw invalid(key, value, "a fully qualified class name");
  }

  /**
   * A duration such as {@code 10m} or {@code 30 seconds}; {@code eternal}; or {@code unchanged}
   * (returned as {@code null}) where {@code unchangedAllowed}.
   */
  Duration duration(String key, Duration fallback, boolean unchangedAllowed) {
    if (!config.hasPath(key)) {
      return fallback;
    }
    ConfigValue value = config.getValue(key);
    if (value.valueType() == ConfigValueType.STRING) {
      String text = ((String) value.unwrapped()).trim();
      if (text.equals("eternal")) {
        return Duration.ETERNAL;
      }
      if (unchangedAllowed && text.equals("unchanged")) {
        return null;
      }
    }
    String expected = unchangedAllowed
        ? "a duration such as 10m or 30 seconds, eternal, or unchanged"
        : "a duration such as 10m or 30 seconds, or eternal";
    try {
      java.time.Duration parsed = config.getDuration(key);
      if (parsed.isNegative()) {
        throw invalid(key, value, expected);
      }
      if (parsed.isZero()) {
        return Duration.ZERO;
      }
      long millis = parsed.toMillis();
      if (millis == 0) {
        // JCache durations count whole milliseconds; truncating would mean "expire at once".
        throw invalid(key, value, "zero or at least 1ms");
      }
      return new Duration(TimeUnit.MILLISECONDS, millis);
    } catch (ConfigException.BadValue | ConfigException.WrongType e) {
      throw invalid(key, value, expected);
    }
  }

  /** A plain string, or null when absent. */
  String text(String key) {
    if (!config.hasPath(key)) {
      return null;
    }
    ConfigValue value = config.getValue(key);
    if (value.valueType() == ConfigValueType.STRING || value.valueType() == ConfigValueType.NUMBER
        || value.valueType() == ConfigValueType.BOOLEAN) {
      return String.valueOf(value.unwrapped());
    }
    throw invalid(key, value, "a string");
  }

  /** One of an enum's constants, written in lower case with dashes. */
  <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
    if (!config.hasPath(key)) {
      return fallback;
    }
    ConfigValue value = config.getValue(key);
    var names = new ArrayList<String>();
    for (E constant : type.getEnumConstants()) {
      String name = constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
      names.add(name);
      if (value.valueType() == ConfigValueType.STRING && name.equals(value.unwrapped())) {
        return constant;
      }
    }
    throw invalid(key, value, "one of " + names);
  }

  /** A positive duration such as {@code 3s} or {@code 500ms}. */
  java.time.Duration javaDuration(String key, java.time.Duration fallback) {
    return javaDuration(key, fallback, false);
  }

  /** A positive duration, or zero as well when {@code zeroAllowed}. */
  java.time.Duration javaDuration(String key, java.time.Duration fallback, boolean zeroAllowed) {
    if (!config.hasPath(key)) {
      return fallback;
    }
    ConfigValue value = config.getValue(key);
    try {
      java.time.Duration duration = config.getDuration(key);
      if (!duration.isNegative() && (zeroAllowed || !duration.isZero())) {
        return duration;
      }
    } catch (ConfigException.BadValue | ConfigException.WrongType e) {
      // reported below with the value found
    }
    throw invalid(key, value, zeroAllowed ? "a duration such as 0, 3s or 500ms"
        : "a positive duration such as 3s or 500ms");
  }

  CacheException invalidClass(String key, String className) {
    return new CacheException(where(config.getValue(key)) + prefix + key + " = " + className
        + ": no such class on the class path");
  }

  CacheException invalid(String key, ConfigValue value, String expected) {
    return new CacheException(where(value) + prefix + key + " = " + value.render()
        + ": expected " + expected);
  }

  /** A failure about a setting that is present, prefixed with the file and line it is on. */
  CacheException located(String key, String message) {
    return new CacheException(where(config.getValue(key)) + message);
  }

  static String where(ConfigValue value) {
    var origin = value.origin();
    String description = origin.filename() != null ? origin.filename()
        : origin.url() != null ? origin.url().toString() : origin.description();
    return origin.lineNumber() > 0
        ? description + ":" + origin.lineNumber() + ": "
        : description + ": ";
  }
}
