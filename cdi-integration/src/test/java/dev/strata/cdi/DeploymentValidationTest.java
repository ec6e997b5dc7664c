package dev.strata.cdi;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.cdi.invalid.InvalidBeans;
import jakarta.enterprise.inject.spi.DefinitionException;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

class DeploymentValidationTest {
  private static String failedDeployment(Class<?>... beans) {
    Weld weld = new Weld().disableDiscovery().addExtension(new StrataCacheExtension())
        .addBeanClasses(beans);
    DefinitionException failure = assertThrows(DefinitionException.class, () -> {
      try (WeldContainer container = weld.initialize()) {
        container.isRunning();
      }
    });
    return failure.getMessage();
  }

  private static void assertMentions(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), () -> "expected '" + part + "' in: " + message);
    }
  }

  @Test
  void cacheResultOnAVoidMethod() {
    assertMentions(failedDeployment(InvalidBeans.VoidResult.class),
        "InvalidBeans$VoidResult.compute(java.lang.String)", "not void");
  }

  @Test
  void twoCacheValueParameters() {
    assertMentions(failedDeployment(InvalidBeans.TwoValues.class),
        "InvalidBeans$TwoValues.save(java.lang.String,java.lang.String,java.lang.String)",
        "one @CacheValue parameter");
  }

  @Test
  void cachePutWithoutCacheValue() {
    assertMentions(failedDeployment(InvalidBeans.NoValue.class),
        "InvalidBeans$NoValue.save", "needs one parameter annotated @CacheValue");
  }

  @Test
  void cacheValueOutsideCachePut() {
    assertMentions(failedDeployment(InvalidBeans.ValueOnResult.class),
        "InvalidBeans$ValueOnResult.load", "only allowed on a @CachePut method");
  }

  @Test
  void twoOperationsOnOneMethod() {
    assertMentions(failedDeployment(InvalidBeans.TwoOperations.class),
        "InvalidBeans$TwoOperations.load", "only one of");
  }

  @Test
  void operationOnAClass() {
    assertMentions(failedDeployment(InvalidBeans.ClassLevel.class),
        "@CacheResult on class", "InvalidBeans$ClassLevel");
  }

  @Test
  void resolverFactoryThatCannotBeCreated() {
    assertMentions(failedDeployment(InvalidBeans.UncreatableFactory.class),
        "InvalidBeans$NoDefaultConstructorFactory", "InvalidBeans$UncreatableFactory.load",
        "cannot be created");
  }

  @Test
  void keyGeneratorThatCannotBeCreated() {
    assertMentions(failedDeployment(InvalidBeans.UncreatableGenerator.class),
        "InvalidBeans$AbstractGenerator", "InvalidBeans$UncreatableGenerator.evict",
        "cannot be created");
  }

  @Test
  void blankNamedCache() {
    assertMentions(failedDeployment(InvalidBeans.BlankCacheName.class),
        "@NamedCache needs a cache name");
  }

  @Test
  void aFactoryThatIsABeanNeedsNoConstructor() {
    Weld weld = new Weld().disableDiscovery().addExtension(new StrataCacheExtension())
        .addBeanClasses(InvalidBeans.BeanFactoryUser.class, InvalidBeans.InjectedFactory.class,
            InvalidBeans.Marker.class);
    try (WeldContainer container = weld.initialize()) {
      assertTrue(container.isRunning());
    }
  }
}
