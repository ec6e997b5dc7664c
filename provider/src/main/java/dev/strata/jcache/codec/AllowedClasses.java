package dev.strata.jcache.codec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The classes a codec may instantiate when it decodes bytes read from outside the JVM: the JDK's
 * value types, the cache's key and value types, and the patterns the user adds.
 *
 * <p>A pattern is an exact class name ({@code com.example.User}), a package
 * ({@code com.example.*}: its classes and their nested classes, not its subpackages) or a package
 * and its subpackages ({@code com.example.**}). Arrays are allowed when their element type is;
 * primitives always are.
 */
public final class AllowedClasses {
  private static final Pattern VALID = Pattern.compile(
      "[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*(\\.\\*\\*?)?");

  /**
   * The JDK's value types, and Strata's own key type. Only whole packages whose serializable classes are plain data are
   * listed; {@code java.lang} is not, since it holds reflection and class-loading types.
   * {@code Object} is here for {@code Object[]}, which many collections serialize; an
   * {@code Object} itself is not serializable.
   */
  static final List<String> JDK = List.of(
      "java.lang.Object", "java.lang.String", "java.lang.Number", "java.lang.Enum",
      "java.lang.Boolean", "java.lang.Character", "java.lang.Byte", "java.lang.Short",
      "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double",
      "java.math.*", "java.time.**", "java.util.*", "java.util.concurrent.atomic.*",
      "java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.ConcurrentHashMap$Segment",
      // A ConcurrentHashMap writes its segments, which are locks, for older readers' sake.
      "java.util.concurrent.locks.ReentrantLock", "java.util.concurrent.locks.ReentrantLock$Sync",
      "java.util.concurrent.locks.ReentrantLock$NonfairSync",
      "java.util.concurrent.locks.AbstractQueuedSynchronizer",
      "java.util.concurrent.locks.AbstractOwnableSynchronizer",
      "java.util.concurrent.ConcurrentSkipListMap", "java.util.concurrent.ConcurrentSkipListSet",
      "java.util.concurrent.ConcurrentLinkedQueue", "java.util.concurrent.ConcurrentLinkedDeque",
      "java.util.concurrent.CopyOnWriteArrayList", "java.util.concurrent.CopyOnWriteArraySet",
      // The JDK's own TimeZone, which every Calendar holds.
      "sun.util.calendar.ZoneInfo",
      // The element type of Serializable[], an interface, so never itself instantiated: the
      // state arrays Hibernate caches are of it.
      "java.io.Serializable",
      // JDBC's date and time values, subclasses of java.util.Date that entities commonly hold.
      "java.sql.Timestamp", "java.sql.Date", "java.sql.Time",
      // The key Strata's CDI integration makes from an annotated method's parameters.
      "dev.strata.cdi.key.DefaultGeneratedCacheKey");

  private final Set<String> classes = new HashSet<>();
  private final Set<String> packages = new HashSet<>();
  private final List<String> trees = new ArrayList<>();

  private AllowedClasses() {}

  /**
   * The JDK's value types, the given types (skipping {@code Object}, which would say nothing)
   * and the user's patterns, which must be {@link #isValid valid}.
   */
  public static AllowedClasses of(Collection<String> patterns, Class<?>... types) {
    var allowed = new AllowedClasses();
    JDK.forEach(allowed::add);
    patterns.forEach(allowed::add);
    for (Class<?> type : types) {
      if (type != null && type != Object.class) {
        allowed.classes.add(type.getName());
      }
    }
    return allowed;
  }

  /** The classes the given patterns name, without the JDK's value types. */
  static AllowedClasses only(Collection<String> patterns) {
    var named = new AllowedClasses();
    patterns.forEach(named::add);
    return named;
  }

  /** Whether a pattern is an exact class name, {@code package.*} or {@code package.**}. */
  public static boolean isValid(String pattern) {
    return pattern != null && VALID.matcher(pattern).matches();
  }

  private void add(String pattern) {
    if (!isValid(pattern)) {
      throw new IllegalArgumentException("not a class name, package.* or package.**: " + pattern);
    }
    if (pattern.endsWith(".**")) {
      trees.add(pattern.substring(0, pattern.length() - 2));
    } else if (pattern.endsWith(".*")) {
      packages.add(pattern.substring(0, pattern.length() - 2));
    } else {
      classes.add(pattern);
    }
  }

  /** Whether instances of a type may be decoded; an array's element type decides for it. */
  public boolean allows(Class<?> type) {
    while (type.isArray()) {
      type = type.getComponentType();
    }
    return type.isPrimitive() || allows(type.getName());
  }

  /** Whether a class, by its binary name, is allowed. */
  public boolean allows(String className) {
    if (classes.contains(className)) {
      return true;
    }
    int dot = className.lastIndexOf('.');
    if (dot < 0) {
      return false;
    }
    if (packages.contains(className.substring(0, dot))) {
      return true;
    }
    for (String tree : trees) {
      if (className.startsWith(tree)) {
        return true;
      }
    }
    return false;
  }
}
