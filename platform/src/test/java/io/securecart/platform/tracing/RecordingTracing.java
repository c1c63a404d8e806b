package io.securecart.platform.tracing;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * The tracer the services run (Micrometer Tracing over the OpenTelemetry SDK, W3C propagation, every trace sampled),
 * keeping the spans it ends in memory for assertions.
 */
public final class RecordingTracing {

	private final List<SpanData> ended = new CopyOnWriteArrayList<>();

	private final Tracer tracer;

	private final MessageTracing messageTracing;

	public RecordingTracing() {
		SpanExporter exporter = new SpanExporter() {
			@Override
			public CompletableResultCode export(Collection<SpanData> spans) {
				ended.addAll(spans);
				return CompletableResultCode.ofSuccess();
			}

			@Override
			public CompletableResultCode flush() {
				return CompletableResultCode.ofSuccess();
			}

			@Override
			public CompletableResultCode shutdown() {
				return CompletableResultCode.ofSuccess();
			}
		};
		io.opentelemetry.api.trace.Tracer otel = SdkTracerProvider.builder()
			.setSampler(Sampler.alwaysOn())
			.addSpanProcessor(SimpleSpanProcessor.create(exporter))
			.build()
			.get("test");
		this.tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), event -> {
		});
		this.messageTracing = new MessageTracing(tracer,
				new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel));
	}

	public Tracer tracer() {
		return tracer;
	}

	public MessageTracing messageTracing() {
		return messageTracing;
	}

	/** The spans ended so far, in the order they ended. */
	public List<SpanData> ended() {
		return List.copyOf(ended);
	}

	/** The trace id of a {@code traceparent} ({@code 00-<trace id>-<span id>-<flags>}). */
	public static String traceIdOf(String traceparent) {
		return traceparent.split("-")[1];
	}

	/** The span id of a {@code traceparent}: the parent of whatever continues it. */
	public static String spanIdOf(String traceparent) {
		return traceparent.split("-")[2];
	}
}
