package io.concordia.clearing;

import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.IncludePackages;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * About half of the service's tests, by feature, run in one test JVM while {@link SecondHalfSuite} runs the rest in
 * another (surefire's {@code forkCount} 2). The tests spend much of their time waiting for the application's
 * background work and deadlines, so two JVMs on two cores finish in about two thirds of the time one takes. A suite,
 * not a class at a time, goes to each JVM: Quarkus keeps one application running for a whole suite, while surefire's
 * own split hands the JVMs one class each and Quarkus starts the application again for every class.
 *
 * <p>The two halves are complements: the second excludes exactly the packages this one includes, so a new test is in
 * one of them wherever it is written.
 */
@Suite
@SelectPackages("io.concordia.clearing")
@IncludePackages({
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
public class FirstHalfSuite {

    static final String MARGIN = "io.concordia.clearing.margin";
    static final String CONSOLE = "io.concordia.clearing.console";
    static final String SETTLEMENT = "io.concordia.clearing.settlement";
    static final String COMMON = "io.concordia.clearing.common";
    static final String LEDGER = "io.concordia.clearing.ledger";
    static final String BACKTEST = "io.concordia.clearing.backtest";
    static final String OUTBOX = "io.concordia.clearing.outbox";
    static final String DOCS = "io.concordia.clearing.docs";
    static final String OPENAPI = "io.concordia.clearing.openapi";
    static final String PLATFORM = "io.concordia.clearing.platform";

    /** What surefire ran before the split: classes named *Test (the *IT classes are failsafe's). */
    static final String TEST_CLASSES = ".*Test";
}
