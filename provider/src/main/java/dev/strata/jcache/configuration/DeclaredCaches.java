package dev.strata.jcache.configuration;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.strata.jcache.codec.Codec;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import javax.cache.CacheException;
import javax.cache.configuration.Factory;

/**
 * The caches a configuration file declares, read with Typesafe Config (HOCON, JSON or
 * properties syntax). The whole file is checked when the cache manager opens, so a mistake is
 * reported at once, naming the file, the line, the setting and the value; see
 * {@code docs/configuration.md} for the settings.
 *
 * <pre>
 * strata {
 *   defaults { statistics = true }
 *   caches {
 *     users { key-type = java.lang.String, expiry.creation = 10m, maximum-size = 10000 }
 *   }
 * }
 * </pre>
 */
public final class DeclaredCaches {
  /** The file the default URI reads from the class path, when present. */
  private static final System.Logger LOG = System.getLogger(DeclaredCaches.class.getName());
  public static final String DEFAULT_FILE = "strata.conf";

  /** The system property that names another file for the default URI. */
  public static final String CONFIG_PROPERTY = "strata.config";

  /** How long a URL resource may take to connect, and then to answer, when first opened. */
  private static final int OPEN_TIMEOUT_MILLIS = 10_000;

  private static final Set<String> SECTIONS = Set.of("defaults", "caches", "redis");

  private final Map<String, CacheSettings> caches;
  private final RedisSettings redis;
  private final StoreType defaultStore;
  private final List<String> defaultAllowedClasses;
  private NearCacheSettings defaultNearCache;
  private Factory<Codec> defaultCodec;
  private List<String> defaultImmutableClasses = List.of();

  private DeclaredCaches(Map<String, CacheSettings> caches, RedisSettings redis,
      StoreType defaultStore, List<String> defaultAllowedClasses) {
    this.caches = caches;
    this.redis = redis;
    this.defaultStore = defaultStore;
    this.defaultAllowedClasses = defaultAllowedClasses;
  }

  /** No declared caches. */
  public static DeclaredCaches none() {
    return new DeclaredCaches(Map.of(), null, StoreType.EMBEDDED, List.of());
  }

  /** How the manager reaches Redis, or null when it is not configured to. */
  public RedisSettings redis() {
    return redis;
  }

  /**
   * The near cache of Redis caches created in code whose configuration has none: the one
   * {@code strata.defaults.near-cache} describes, or null.
   */
  public NearCacheSettings defaultNearCache() {
    return defaultNearCache;
  }

  /** The store of caches whose configuration names none. */
  public StoreType defaultStore() {
    return defaultStore;
  }

  /**
   * The codec {@code strata.defaults.codec} names, for caches created in code that set none, or
   * null.
   */
  public Factory<Codec> defaultCodec() {
    return defaultCodec;
  }

  /** The classes {@code strata.defaults.immutable-classes} names, for every cache. */
  public List<String> defaultImmutableClasses() {
    return defaultImmutableClasses;
  }

  /**
   * The classes {@code strata.defaults.allowed-classes} allows: allowed in every cache of the
   * manager, the ones created in code included, since an application's value classes are
   * usually the same for all its caches.
   */
  public List<String> defaultAllowedClasses() {
    return defaultAllowedClasses;
  }

  /**
   * Reads the file a manager's URI names. A URI naming a resource Strata can open must name a
   * readable one: {@code classpath:}, {@code file:}, {@code jar:} (such as {@code jar:file:} or
   * Spring Boot's {@code jar:nested:}) or any other scheme the JVM has a URL handler for. Any
   * other URI is merely a name, the default one included: it reads the file the
   * {@value #CONFIG_PROPERTY} system property names, else {@value #DEFAULT_FILE} when the class
   * path has it, else nothing.
   */
  public static DeclaredCaches load(URI uri, boolean isDefault, ClassLoader classLoader) {
    return load(uri, isDefault, classLoader, new Properties());
  }

  /**
   * Reads the file as {@link #load(URI, boolean, ClassLoader)} does, with the cache manager's
   * properties whose names start with {@code strata.} laid over it. Substitutions such as
   * {@code ${REDIS_URL}} resolve against system properties and the environment.
   */
  public static DeclaredCaches load(URI uri, boolean isDefault, ClassLoader classLoader,
      Properties properties) {
    URL url = locate(uri, isDefault, classLoader);
    Config file = ConfigFactory.empty();
    if (url != null) {
      try {
        file = ConfigFactory.parseURL(url, ConfigParseOptions.defaults()
            .setAllowMissing(false).setClassLoader(classLoader));
      } catch (ConfigException e) {
        throw new CacheException("Cannot read the Strata configuration " + uri + ": "
            + e.getMessage(), e);
      }
    }
    var overrides = new Properties();
    for (String name : properties.stringPropertyNames()) {
      if (name.startsWith("strata.")) {
        overrides.setProperty(name, properties.getProperty(name));
      }
    }
    try {
      file = ConfigFactory.parseProperties(overrides).withFallback(file)
          .resolveWith(ConfigFactory.systemProperties()
              .withFallback(ConfigFactory.systemEnvironment()));
    } catch (ConfigException e) {
      throw new CacheException("Cannot read the Strata configuration " + uri + ": "
          + e.getMessage(), e);
    }
    return parse(file, classLoader, uri.toString());
  }

  /** Reads declared caches from an already parsed configuration. */
  public static DeclaredCaches parse(Config file, ClassLoader classLoader) {
    return parse(file, classLoader, "default");
  }

  private static DeclaredCaches parse(Config file, ClassLoader classLoader,
      String defaultNamespace) {
    var problems = new ConfigurationProblems();
    for (Map.Entry<String, ConfigValue> root : file.root().entrySet()) {
      if (!root.getKey().equals("strata") && nearlyStrata(root.getKey())) {
        problems.add(new CacheException(SettingReader.where(root.getValue()) + "unknown section "
            + root.getKey() + ": Strata reads only the section strata { ... }"));
      }
    }
    if (!file.hasPath("strata")) {
      problems.throwIfAny(defaultNamespace);
      return none();
    }
    ConfigObject strata = objectAt(file, "strata");
    for (String key : strata.keySet()) {
      if (!SECTIONS.contains(key)) {
        problems.add(new CacheException(SettingReader.where(strata.get(key))
            + "unknown setting strata." + key + ": expected one of " + new TreeSet<>(SECTIONS)));
      }
    }
    Config defaults = file.hasPath("strata.defaults")
        ? objectAt(file, "strata.defaults").toConfig() : ConfigFactory.empty();
    CacheSettings.checkKeys(defaults, "strata.defaults.", problems);
    StoreType[] defaultStore = new StoreType[1];
    List<String> defaultAllowedClasses = new ArrayList<>();
    problems.check(() -> {
      defaultStore[0] = CacheSettings.store(defaults, "strata.defaults.");
      defaultAllowedClasses.addAll(new SettingReader(defaults, "strata.defaults.")
          .classPatterns("allowed-classes"));
    });
    RedisSettings[] redis = new RedisSettings[1];
    problems.check(() -> redis[0] = RedisSettings.of(file, defaultNamespace));
    Map<String, CacheSettings> caches = new LinkedHashMap<>();
    if (file.hasPath("strata.caches")) {
      ConfigObject declared = objectAt(file, "strata.caches");
      for (Map.Entry<String, ConfigValue> entry : declared.entrySet()) {
        String name = entry.getKey();
        String prefix = "strata.caches." + quoted(name) + ".";
        if (entry.getValue().valueType() != ConfigValueType.OBJECT) {
          problems.add(new CacheException(SettingReader.where(entry.getValue()) + prefix
              .substring(0, prefix.length() - 1) + " = " + entry.getValue().render()
              + ": expected a section of cache settings { ... }"));
          continue;
        }
        Config own = ((ConfigObject) entry.getValue()).toConfig();
        var before = new ConfigurationProblems();
        CacheSettings.checkKeys(own, prefix, before);
        if (before.isEmpty()) {
          problems.check(() -> {
            var settings = new CacheSettings(own.withFallback(defaults), prefix, classLoader);
            caches.put(name, settings);
            StoreType store = CacheSettings.store(own.withFallback(defaults), prefix);
            warnIfWithoutEffect(own, prefix, store);
          });
        } else {
          problems.addAll(before);
        }
      }
    }
    problems.throwIfAny(defaultNamespace);
    var declared = new DeclaredCaches(Map.copyOf(caches), redis[0],
        defaultStore[0] == null ? StoreType.EMBEDDED : defaultStore[0],
        List.copyOf(defaultAllowedClasses));
    declared.defaultNearCache = CacheSettings.nearCache(defaults, "strata.defaults.");
    var defaultsReader = new SettingReader(defaults, "strata.defaults.");
    declared.defaultCodec = CacheSettings.codec(defaultsReader, "strata.defaults.", classLoader);
    declared.defaultImmutableClasses = defaultsReader.classPatterns("immutable-classes");
    return declared;
  }

  /** A root section named almost like {@code strata}: a misspelling, not another library's. */
  private static boolean nearlyStrata(String name) {
    String wanted = "strata";
    String given = name.toLowerCase(Locale.ROOT);
    int[] previous = new int[wanted.length() + 1];
    int[] current = new int[wanted.length() + 1];
    for (int j = 0; j <= wanted.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= given.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= wanted.length(); j++) {
        int substitution = previous[j - 1] + (given.charAt(i - 1) == wanted.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[wanted.length()] <= 2;
  }

  /** Settings a cache's own section gives that its store makes pointless are said, not kept silent. */
  private static void warnIfWithoutEffect(Config own, String prefix, StoreType store) {
    if (own.hasPath("near-cache") && store != StoreType.REDIS) {
      LOG.log(Level.WARNING, () -> SettingReader.where(own.getValue("near-cache"))
          + prefix + "near-cache has no effect: a near cache sits in front of a Redis store,"
          + " and this cache's store is " + (store == null ? StoreType.EMBEDDED : store)
          .name().toLowerCase(Locale.ROOT) + " (set " + prefix + "store = redis)");
    }
  }

  private static ConfigObject objectAt(Config file, String path) {
    ConfigValue value = file.getValue(path);
    if (value.valueType() != ConfigValueType.OBJECT) {
      throw new CacheException(SettingReader.where(value) + path + " = " + value.render()
          + ": expected a section { ... }");
    }
    return (ConfigObject) value;
  }

  private static String quoted(String name) {
    return name.matches("[A-Za-z0-9_-]+") ? name : "\"" + name + "\"";
  }

  private static URL locate(URI uri, boolean isDefault, ClassLoader classLoader) {
    if (isDefault) {
      String named = System.getProperty(CONFIG_PROPERTY);
      if (named == null || named.isBlank()) {
        return classLoader.getResource(DEFAULT_FILE);
      }
      URL url;
      try {
        url = resource(new URI(named.trim()), classLoader);
      } catch (URISyntaxException e) {
        throw new CacheException("-D" + CONFIG_PROPERTY + "=" + named + ": not a URI: "
            + e.getMessage(), e);
      }
      if (url == null) {
        throw new CacheException("-D" + CONFIG_PROPERTY + "=" + named + ": expected a URI Strata"
            + " can read: classpath:, file:, jar: or another scheme the JVM has a URL handler for");
      }
      return url;
    }
    URL url = resource(uri, classLoader);
    return url != null ? url : locate(uri, true, classLoader);
  }

  /**
   * The readable resource a manager's URI names, or null when the URI is merely a name: it has
   * no scheme, or one the JVM has no URL handler for ({@code strata:orders}, {@code urn:...}).
   * {@code classpath:} names a class path resource; {@code file:}, {@code jar:} (whatever URL it
   * wraps, {@code jar:file:} or Spring Boot's {@code jar:nested:}) and every other scheme the JVM
   * can open ({@code http:}, {@code https:}, ...) name the resource there. A resource that
   * cannot be read is an error naming the URI, never silently replaced by the default file.
   */
  private static URL resource(URI uri, ClassLoader classLoader) {
    String scheme = uri.getScheme();
    if (scheme == null) {
      return null;
    }
    if ("classpath".equalsIgnoreCase(scheme)) {
      String resource = uri.getSchemeSpecificPart();
      while (resource.startsWith("/")) {
        resource = resource.substring(1);
      }
      URL url = classLoader.getResource(resource);
      if (url == null) {
        throw new CacheException("The Strata configuration " + uri
            + " was not found: no class path resource " + resource);
      }
      return url;
    }
    if ("file".equalsIgnoreCase(scheme)) {
      Path path;
      try {
        path = Path.of(uri);
      } catch (IllegalArgumentException | FileSystemNotFoundException e) {
        throw new CacheException("The Strata configuration " + uri + " is not a file path: "
            + e.getMessage(), e);
      }
      if (!Files.isReadable(path)) {
        throw new CacheException("The Strata configuration " + uri
            + " was not found or is not readable: " + path);
      }
      try {
        return path.toUri().toURL();
      } catch (MalformedURLException e) {
        throw new CacheException("The Strata configuration " + uri + " is not a usable URL", e);
      }
    }
    URL url;
    try {
      url = uri.toURL();
    } catch (MalformedURLException | IllegalArgumentException e) {
      if ("jar".equalsIgnoreCase(scheme)) {
        throw new CacheException("The Strata configuration " + uri + " cannot be opened: "
            + e.getMessage(), e);
      }
      return null;
    }
    try {
      URLConnection connection = url.openConnection();
      connection.setUseCaches(false);
      connection.setConnectTimeout(OPEN_TIMEOUT_MILLIS);
      connection.setReadTimeout(OPEN_TIMEOUT_MILLIS);
      if (connection instanceof HttpURLConnection http && http.getResponseCode() >= 400) {
        throw new CacheException("The Strata configuration " + uri + " cannot be read: the"
            + " server answered HTTP " + http.getResponseCode() + " " + http.getResponseMessage());
      }
      connection.getInputStream().close();
    } catch (IOException | IllegalArgumentException | SecurityException e) {
      throw new CacheException("The Strata configuration " + uri + " cannot be read: " + e, e);
    }
    return url;
  }

  public boolean contains(String cacheName) {
    return caches.containsKey(cacheName);
  }

  public Set<String> names() {
    return caches.keySet();
  }

  /** A new configuration of a declared cache. */
  public StrataConfiguration<Object, Object> configuration(String cacheName,
      ClassLoader classLoader) {
    CacheSettings settings = caches.get(cacheName);
    if (settings == null) {
      throw new CacheException("No cache named '" + cacheName + "' is declared");
    }
    return settings.toConfiguration();
  }
}
