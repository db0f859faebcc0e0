package io.concordia.clearing;

import org.junit.platform.suite.api.ExcludeClassNamePatterns;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/** Every test {@link FirstHalfSuite} does not run, in a test JVM of its own. */
@Suite
@SelectPackages("io.concordia.clearing")
@IncludeClassNamePatterns(FirstHalfSuite.TEST_CLASSES)
@ExcludeClassNamePatterns(FirstHalfSuite.FIRST_HALF)
public class SecondHalfSuite {}
