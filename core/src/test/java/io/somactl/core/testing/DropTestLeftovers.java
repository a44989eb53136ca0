package io.somactl.core.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After each top-level test class (its own {@code @AfterAll} methods included), drops the
 * ClickHouse databases, Kafka topics and Redis keys its tests made through {@link
 * LocalStack#freshDatabase}. Registered for every test class of every module by JUnit's extension
 * auto-detection ({@code junit-platform.properties} and {@code META-INF/services} in core's test
 * jar); a class that made nothing costs nothing and never starts the stack.
 */
public final class DropTestLeftovers implements AfterAllCallback {
    @Override
    public void afterAll(ExtensionContext context) {
        boolean topLevel =
                context.getParent().map(parent -> parent.getParent().isEmpty()).orElse(false);
        if (topLevel) { // a @Nested class's end is not its outer class's end
            TestLeftovers.removeThoseMadeSinceLastTime();
        }
    }
}
