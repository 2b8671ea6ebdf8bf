package io.chronicleledger.server;

import io.chronicleledger.server.api.JsonResponses;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A request must arrive in full, headers and body, within {@link #LIMIT} of its first byte: a client that sends
 * it slower (a body that trickles in, byte by byte) is answered {@code 408 REQUEST_TIMEOUT} with the API's JSON
 * error, and its connection is closed, so that slow clients cannot hold connections and buffers for as long as
 * they like. The clock starts with the first byte of a request and stops when its last byte is read; the time
 * the server then takes to answer, and the time a kept-alive connection waits for its next request (the
 * server's idle timeout governs that), are not counted.
 *
 * <p>Two handlers per HTTP/1.1 connection: one before the HTTP decoder sees the bytes arrive; one after it sees
 * each request end.
 */
@Singleton
public final class RequestDeadline implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    /** How long a request may take to arrive. */
    public static final Duration LIMIT = Duration.ofSeconds(10);

    private static final String BYTES_IN = "chronicle-request-bytes-in";
    private static final String REQUEST_END = "chronicle-request-end";

    private final long limitNanos;
    private final byte[] timeoutResponse;

    /** Creates the listener, with the deadline of {@link #LIMIT}. */
    public RequestDeadline() {
        this.limitNanos = LIMIT.toNanos();
        this.timeoutResponse = timeoutResponse(LIMIT);
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new Customizer(null));
        return event.getBean();
    }

    /** Adds the two handlers to each HTTP/1.1 pipeline. */
    private final class Customizer implements NettyServerCustomizer {

        private final Channel channel;

        Customizer(Channel channel) {
            this.channel = channel;
        }

        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return new Customizer(channel);
        }

        @Override
        public void onStreamPipelineBuilt() {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) == null) {
                return;
            }
            Clock clock = new Clock(limitNanos, timeoutResponse);
            pipeline.addBefore(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, BYTES_IN, clock.bytesIn());
            pipeline.addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, REQUEST_END, clock.requestEnd());
        }
    }

    /** The deadline of one connection's request in progress; used on the connection's event loop only. */
    private static final class Clock {

        private final long limitNanos;
        private final byte[] timeoutResponse;
        private ScheduledFuture<?> deadline;

        Clock(long limitNanos, byte[] timeoutResponse) {
            this.limitNanos = limitNanos;
            this.timeoutResponse = timeoutResponse;
        }

        ChannelInboundHandlerAdapter bytesIn() {
            return new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext context, Object message) {
                    if (deadline == null) {
                        deadline = context.executor().schedule(() -> timeOut(context), limitNanos,
                                TimeUnit.NANOSECONDS);
                    }
                    context.fireChannelRead(message);
                }

                @Override
                public void channelInactive(ChannelHandlerContext context) {
                    stop();
                    context.fireChannelInactive();
                }
            };
        }

        ChannelInboundHandlerAdapter requestEnd() {
            return new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext context, Object message) {
                    if (message instanceof LastHttpContent) {
                        stop();
                    }
                    context.fireChannelRead(message);
                }
            };
        }

        private void stop() {
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
        }

        /** Answers below the HTTP encoder, in bytes, since the request never reached the application. */
        private void timeOut(ChannelHandlerContext context) {
            deadline = null;
            context.writeAndFlush(Unpooled.wrappedBuffer(timeoutResponse)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The 408 in bytes: status line, headers and the API's JSON error. */
    private static byte[] timeoutResponse(Duration limit) {
        byte[] json = JsonResponses.write(JsonResponses.error("REQUEST_TIMEOUT", "the request did not arrive in full"
                + " within " + limit.toMillis() + " ms of its first byte", null)).getBytes(StandardCharsets.UTF_8);
        byte[] head = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nContent-Length: "
                + json.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] response = new byte[head.length + json.length];
        System.arraycopy(head, 0, response, 0, head.length);
        System.arraycopy(json, 0, response, head.length, json.length);
        return response;
    }
}
