package io.concordia.clearing;

import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * About half of the service's tests, by feature, run in one test JVM while {@link SecondHalfSuite} runs the rest in
 * another (surefire's {@code forkCount} 2). The tests spend much of their time waiting for the application's
 * background work and deadlines, so two JVMs on two cores finish in about two thirds of the time one takes. A suite,
 * not a class at a time, goes to each JVM: Quarkus keeps one application running for a whole suite, while surefire's
 * own split hands the JVMs one class each and Quarkus starts the application again for every class.
 *
 * <p>The two halves are complements: the second excludes exactly the classes {@link #FIRST_HALF} matches, so a new
 * test is in one of them wherever it is written.
 */
@Suite
@SelectPackages("io.concordia.clearing")
@IncludeClassNamePatterns(FirstHalfSuite.FIRST_HALF)
public class FirstHalfSuite {

    /** The test classes of these feature packages (and their subpackages). */
    static final String FIRST_HALF = "io\\.concordia\\.clearing\\."
            + "(margin|console|settlement|common|ledger|backtest|outbox|docs|openapi|platform)\\..*Test";

    /** What surefire ran before the split: classes named *Test (the *IT classes are failsafe's). */
    static final String TEST_CLASSES = ".*Test";
}
