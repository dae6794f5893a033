package io.pinscope.storage.compliance;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the engine an engine's compliance class runs, and what it cannot do. Put it on the outer class
 * whose {@code @Nested} classes extend the topic classes of this suite.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EngineUnderTest {
  /** The engine name ({@code memory}, {@code rocksdb}, ...). */
  String value();

  /** False for engines that keep nothing across close and reopen. */
  boolean persistent() default true;
}
