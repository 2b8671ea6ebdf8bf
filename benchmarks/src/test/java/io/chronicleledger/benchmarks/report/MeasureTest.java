package io.chronicleledger.benchmarks.report;

import org.junit.jupiter.api.Test;

import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

/** The mean of two measures, as the report divides by the floor run before and after the peers. */
class MeasureTest {

    private static Measure of(String source, OptionalDouble value) {
        return new Measure(source, Measure.MILLIS, results -> value);
    }

    @Test
    void meanOfTwoMeasured() {
        Measure mean = Measure.meanOf(of("before", OptionalDouble.of(0.2)), of("after", OptionalDouble.of(0.3)));

        assertThat(mean.in(null).getAsDouble()).isEqualTo(0.25);
        assertThat(mean.source()).isEqualTo("before and after, their mean");
        assertThat(mean.unit()).isEqualTo(Measure.MILLIS);
    }

    @Test
    void theOneMeasuredWhenTheOtherIsNot() {
        assertThat(Measure.meanOf(of("before", OptionalDouble.of(0.2)), of("after", OptionalDouble.empty())).in(null))
                .hasValue(0.2);
        assertThat(Measure.meanOf(of("before", OptionalDouble.empty()), of("after", OptionalDouble.of(0.3))).in(null))
                .hasValue(0.3);
        assertThat(Measure.meanOf(of("before", OptionalDouble.empty()), of("after", OptionalDouble.empty())).in(null))
                .isEmpty();
    }
}
