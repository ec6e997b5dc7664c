package dev.strata.jcache.configuration;

/** A weigher a configuration file can name: a value weighs as much as its text is long. */
public class LengthWeigher implements EntryWeigher<Object, Object> {
  @Override
  public int weigh(Object key, Object value) {
    return value.toString().length();
  }
}
