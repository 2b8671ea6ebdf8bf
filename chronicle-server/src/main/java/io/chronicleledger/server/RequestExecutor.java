package io.chronicleledger.server;

import io.chronicleledger.server.api.JsonResponses;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor of every {@code @ExecuteOn(TaskExecutors.BLOCKING)} route, in place of Micronaut's (on Java 17 the
 * IO executor: a cached pool that starts one more thread for every waiting request, without limit; a flood of
 * 2,000 connections on the PostgreSQL store grew it to 3,500 threads and the process to 890 MB). It has
 * {@code CHRONICLE_REQUEST_THREADS} threads; while all are busy and {@code CHRONICLE_REQUEST_QUEUE} requests
 * already wait for one, a further request is answered at once, from the event loop, with a 503
 * {@code SERVER_BUSY} and {@code Retry-After: 1}: back-pressure, never an unbounded queue. {@code /health} and
 * {@code /metrics} are never refused; they may use the queue's {@value #PROBE_ROOM} places of headroom, which
 * also absorb the few requests that pass the check at the same moment on different event loops.
 */
@Singleton
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class RequestExecutor implements Ordered {

    /** The places of the queue beyond its limit, for probes and for requests admitted at the same moment. */
    static final int PROBE_ROOM = 64;

    private final ThreadPoolExecutor executor;
    private final int queueLimit;

    /**
     * Creates the executor.
     *
     * @param config the server's configuration: the threads and the queue's limit
     */
    public RequestExecutor(ServerConfig config) {
        this.queueLimit = config.requestQueue();
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(config.requestThreads(), config.requestThreads(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(queueLimit + PROBE_ROOM), task -> {
                    Thread thread = new Thread(task, "chronicle-request-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true); // idle threads end after a minute, as the cached pool's did
    }

    /**
     * Refuses a request while the queue is full.
     *
     * @param request the request
     * @return a 503 {@code SERVER_BUSY}, or {@code null} to let the request through
     */
    @RequestFilter
    @Nullable
    public HttpResponse<?> admit(HttpRequest<?> request) {
        if (executor.getQueue().size() < queueLimit || Probes.isProbe(request)) {
            return null;
        }
        return JsonResponses.json(HttpStatus.SERVICE_UNAVAILABLE, JsonResponses.error("SERVER_BUSY",
                "the server is handling as many requests as it can; try again (a command with the same"
                        + " Idempotency-Key)", null)).header("Retry-After", "1");
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order(); // before any other work on the request
    }

    /** Gives Micronaut the executor as its {@code blocking} one. */
    @Factory
    static final class Provider {

        @Singleton
        @Named(TaskExecutors.BLOCKING)
        @Replaces(bean = ExecutorService.class, named = TaskExecutors.BLOCKING)
        @Bean(preDestroy = "shutdown")
        ExecutorService blocking(RequestExecutor requests) {
            return requests.executor;
        }
    }
}
