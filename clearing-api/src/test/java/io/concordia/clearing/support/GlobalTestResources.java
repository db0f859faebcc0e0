package io.concordia.clearing.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers the real servers once for every {@code @QuarkusTest} in this module. */
@QuarkusTestResource(value = ConcordiaTestResources.class, restrictToAnnotatedClass = false)
public final class GlobalTestResources {

    private GlobalTestResources() {}
}
