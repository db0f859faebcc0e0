package io.concordia.clearing;

import org.junit.platform.suite.api.ExcludePackages;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/** Every test {@link FirstHalfSuite} does not run, in a test JVM of its own. */
@Suite
@SelectPackages("io.concordia.clearing")
@ExcludePackages({
    FirstHalfSuite.MARGIN,
    FirstHalfSuite.CONSOLE,
    FirstHalfSuite.SETTLEMENT,
    FirstHalfSuite.COMMON,
    FirstHalfSuite.LEDGER,
    FirstHalfSuite.BACKTEST,
    FirstHalfSuite.OUTBOX,
    FirstHalfSuite.DOCS,
    FirstHalfSuite.OPENAPI,
    FirstHalfSuite.PLATFORM
})
@IncludeClassNamePatterns(FirstHalfSuite.TEST_CLASSES)
public class SecondHalfSuite {}
