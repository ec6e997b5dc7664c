package dev.strata.hibernate;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The Hibernate settings the Strata region factory reads, with their defaults. Settings whose
 * names start with {@code strata.} ({@code strata.redis.addresses}, say) are handed to the cache
 * manager as its properties, so a Hibernate configuration can do without a Strata file.
 */
public record StrataCacheSettings(URI uri, MissingCachePolicy missingCachePolicy,
    List<String> allowedClasses, boolean statistics, Properties managerProperties) {

  /** The Strata cache manager's URI: a {@code classpath:} or {@code file:} URI names its file. */
  public static final String URI = "hibernate.cache.strata.uri";
  /** {@code create}, {@code create-warn} (the default) or {@code fail}: see {@link MissingCachePolicy}. */
  public static final String MISSING_CACHE_STRATEGY = "hibernate.cache.strata.missing_cache_strategy";
  /** More classes regions in Redis may decode (ids, embeddables, enums of the model). */
  public static final String ALLOWED_CLASSES = "hibernate.cache.strata.allowed_classes";
  /** Whether region caches keep Strata statistics, published through JMX; {@code true} unless set. */
  public static final String STATISTICS = "hibernate.cache.strata.statistics";
  /** The URI of Strata's default cache manager. */
  public static final URI DEFAULT_URI = java.net.URI.create("strata:default");

  public static StrataCacheSettings of(Map<String, Object> settings) {
    Object uri = settings.get(URI);
    var managerProperties = new Properties();
    settings.forEach((name, value) -> {
      if (name.startsWith("strata.") && value != null) {
        managerProperties.setProperty(name, value.toString());
      }
    });
    Object allowed = settings.get(ALLOWED_CLASSES);
    var allowedClasses = new ArrayList<String>();
    if (allowed != null) {
      Arrays.stream(allowed.toString().split(",")).map(String::trim)
          .filter(pattern -> !pattern.isEmpty()).forEach(allowedClasses::add);
    }
    Object statistics = settings.get(STATISTICS);
    return new StrataCacheSettings(
        uri == null || uri.toString().isBlank() ? DEFAULT_URI : java.net.URI.create(uri.toString().trim()),
        MissingCachePolicy.of(settings.get(MISSING_CACHE_STRATEGY)),
        List.copyOf(allowedClasses),
        statistics == null || Boolean.parseBoolean(statistics.toString().trim()),
        managerProperties);
  }
}
