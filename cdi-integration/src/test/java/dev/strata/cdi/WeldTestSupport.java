package dev.strata.cdi;

import dev.strata.cdi.beans.BaseDefaults;
import dev.strata.cdi.beans.Calls;
import dev.strata.cdi.beans.DefaultsService;
import dev.strata.cdi.beans.InjectedCaches;
import dev.strata.cdi.beans.RecordingKeyGenerator;
import dev.strata.cdi.beans.RecordingResolverFactory;
import dev.strata.cdi.beans.ResultService;
import dev.strata.cdi.beans.SubclassService;
import dev.strata.cdi.beans.WriteService;
import org.jboss.weld.environment.se.Weld;

/** The Weld SE container the plain tests boot: the extension and the test beans, no scanning. */
final class WeldTestSupport {
  private WeldTestSupport() {
  }

  static Weld weld() {
    return new Weld().disableDiscovery()
        .addExtension(new StrataCacheExtension())
        .addBeanClasses(Calls.class, ResultService.class, WriteService.class,
            DefaultsService.class, BaseDefaults.class, SubclassService.class,
            RecordingKeyGenerator.class, RecordingResolverFactory.class, InjectedCaches.class);
  }
}
