package io.chronicleledger.benchmarks.report;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * A JMH result picked by benchmark, parameters and threads, and the measures read from it.
 *
 * @param benchmark {@code Class.method}
 * @param params    the parameters it must have, {@code store=postgres,snapshots=true} (empty: any)
 * @param threads   the threads it must have run on (0: any)
 */
record JmhSource(String benchmark, String params, int threads) implements LatencySource {

    /**
     * A result on any number of threads.
     *
     * @param benchmark {@code Class.method}
     * @param params    {@code name=value,…}, or empty
     * @return the source
     */
    static JmhSource jmh(String benchmark, String params) {
        return new JmhSource(benchmark, params, 0);
    }

    @Override
    public Measure p50() {
        return measure("p50", Measure.MILLIS, result -> result.percentileMillis(50.0));
    }

    @Override
    public Measure p99() {
        return measure("p99", Measure.MILLIS, result -> result.percentileMillis(99.0));
    }

    /**
     * The throughput.
     *
     * @return the measure of operations per second
     */
    Measure perSecond() {
        return measure("ops/s", Measure.PER_SECOND, JmhResult::perSecond);
    }

    /**
     * An {@code @AuxCounters} rate.
     *
     * @param counter its name, {@code events}
     * @return the measure of that counter per second
     */
    Measure counter(String counter) {
        return measure(counter + "/s", Measure.PER_SECOND, result -> Optional.ofNullable(result.counters().get(counter))
                .map(OptionalDouble::of).orElse(OptionalDouble.empty()));
    }

    /**
     * A single-shot run's rate: the {@code @Param} that holds the work per run, divided by the time per run.
     *
     * @param param the parameter, {@code events}
     * @return the measure of that work per second
     */
    Measure perSecondOf(String param) {
        return measure(param + "/s (" + param + " ÷ time)", Measure.PER_SECOND, result -> {
            OptionalDouble millis = result.scoreMillis();
            String work = result.params().get(param);
            return millis.isEmpty() || work == null || !work.matches("\\d+") ? OptionalDouble.empty()
                    : OptionalDouble.of(Long.parseLong(work) / (millis.getAsDouble() / 1e3));
        });
    }

    private Measure measure(String what, String unit, Function<JmhResult, OptionalDouble> reading) {
        String where = benchmark + (params.isEmpty() ? "" : " " + params) + (threads == 0 ? "" : " -t " + threads);
        return new Measure(where + ", " + what, unit, results -> results.jmh().find(benchmark, filter(), threads)
                .map(reading).orElse(OptionalDouble.empty()));
    }

    private Map<String, String> filter() {
        Map<String, String> filter = new LinkedHashMap<>();
        Arrays.stream(params.split(",")).filter(pair -> !pair.isBlank()).map(pair -> pair.split("=", 2))
                .forEach(pair -> filter.put(pair[0].trim(), pair[1].trim()));
        return filter;
    }
}
