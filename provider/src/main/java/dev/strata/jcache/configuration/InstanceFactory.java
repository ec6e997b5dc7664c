package dev.strata.jcache.configuration;

import java.lang.reflect.InvocationTargetException;
import java.util.Objects;
import javax.cache.CacheException;
import javax.cache.configuration.Factory;

/**
 * Creates instances of a class named in a configuration file through its public no-argument
 * constructor. The class is checked when the file is read, so a typo fails at start-up, naming
 * the setting.
 */
final class InstanceFactory<T> implements Factory<T> {
  private static final long serialVersionUID = 1L;

  private final String className;
  private final String setting;
  private final transient Class<?> type;

  InstanceFactory(String className, Class<?> expectedType, String setting,
      ClassLoader classLoader) {
    this.className = Objects.requireNonNull(className);
    this.setting = setting;
    this.type = check(className, expectedType, setting, classLoader);
  }

  private static Class<?> check(String className, Class<?> expectedType, String setting,
      ClassLoader classLoader) {
    Class<?> found;
    try {
      found = Class.forName(className, false, classLoader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new CacheException(setting + " = " + className + ": no such class on the class path");
    }
    if (!expectedType.isAssignableFrom(found)) {
      throw new CacheException(setting + " = " + className + ": expected a class implementing "
          + expectedType.getName());
    }
    try {
      found.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new CacheException(setting + " = " + className
          + ": the class needs a public constructor without arguments");
    }
    return found;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T create() {
    try {
      Class<?> target = type != null ? type
          : Class.forName(className, true, Thread.currentThread().getContextClassLoader());
      return (T) target.getConstructor().newInstance();
    } catch (InvocationTargetException e) {
      throw new CacheException("Creating " + className + " for " + setting + " failed: "
          + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new CacheException("Creating " + className + " for " + setting + " failed: " + e, e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof InstanceFactory && ((InstanceFactory<?>) other).className
        .equals(className);
  }

  @Override
  public int hashCode() {
    return className.hashCode();
  }
}
