package dev.strata.jcache.codec;

import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.util.DefaultClassResolver;

/**
 * Kryo's class resolver, held to the allowed classes: a class named in the bytes is refused by
 * its name, before it is loaded, and a class is refused before Kryo makes a serializer for it,
 * whether to write an instance or to read one, so no code of a class outside the list runs.
 */
final class AllowedClassResolver extends DefaultClassResolver {
  private final AllowedClasses allowed;

  AllowedClassResolver(AllowedClasses allowed) {
    this.allowed = allowed;
  }

  @Override
  protected Class<?> getTypeByName(String className) {
    String element = SerializedValueReader.elementName(className);
    if (element != null && !allowed.allows(element)) {
      throw new NotAllowed(element);
    }
    return super.getTypeByName(className);
  }

  @Override
  public Registration registerImplicit(Class type) {
    if (!allowed.allows(type)) {
      Class<?> element = type;
      while (element.isArray()) {
        element = element.getComponentType();
      }
      throw new NotAllowed(element.getName());
    }
    return super.registerImplicit(type);
  }

  /** A class outside the allowed classes, by its name. */
  static final class NotAllowed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String className;

    NotAllowed(String className) {
      super("class " + className + " is not allowed", null, false, false);
      this.className = className;
    }
  }
}
