package io.securecart.platform.tracing;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.slf4j.MDC;

/**
 * The one way trace context crosses a boundary that Micrometer does not instrument: the outbox row, the relay's
 * message attributes (SQS, SNS), the EventBridge detail and the Step Functions input. It travels as a W3C
 * {@code traceparent} string, read from and written to the current span with Micrometer Tracing's propagator, so it
 * is the same header an HTTP call or an instrumented listener reads.
 * (docs/adr/0008-trace-context-rides-with-the-outbox-row.md)
 */
public class MessageTracing {

	/** The W3C Trace Context header, also the message attribute and the JSON field. */
	public static final String TRACEPARENT = "traceparent";

	/** The span tag, message attribute and log field that name the order a span or log line is about. */
	public static final String ORDER_ID = "orderId";

	/** An invalid trace context (all-zero ids): a receiver ignores it and starts a new trace. */
	static final String NO_TRACE = "00-00000000000000000000000000000000-0000000000000000-00";

	private final Tracer tracer;

	private final Propagator propagator;

	public MessageTracing(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/** A tracer that records nothing, for code (and tests) that runs without tracing. */
	public static MessageTracing disabled() {
		return new MessageTracing(Tracer.NOOP, Propagator.NOOP);
	}

	/** @return the current span's {@code traceparent}, or {@code null} outside a trace */
	public String currentTraceparent() {
		Span span = tracer.currentSpan();
		return span == null ? null : traceparentOf(span);
	}

	/**
	 * @return the current span's {@code traceparent}, or, outside a trace, one that W3C says to ignore (all-zero ids),
	 * for carriers that must have a value (a Step Functions task's message attribute)
	 */
	public String currentTraceparentOrNone() {
		String traceparent = currentTraceparent();
		return traceparent != null ? traceparent : NO_TRACE;
	}

	/** @return {@code span}'s {@code traceparent}, or {@code null} when the propagator writes none */
	public String traceparentOf(Span span) {
		Map<String, String> carrier = new HashMap<>();
		propagator.inject(span.context(), carrier, Map::put);
		return carrier.get(TRACEPARENT);
	}

	/**
	 * Says which order the current work is about: tags the current span (the console finds traces by this tag) and
	 * puts it in the log context until that span's scope closes ({@link OrderLogContext}). Outside a span it does
	 * nothing: nothing would take the id out of the log context again.
	 */
	public void tagOrder(UUID orderId) {
		Span span = tracer.currentSpan();
		if (orderId == null || span == null) {
			return;
		}
		span.tag(ORDER_ID, orderId.toString());
		MDC.put(ORDER_ID, orderId.toString());
	}

	/**
	 * Starts a span whose parent is the context {@code traceparent} names (a new trace when it names none). The
	 * caller ends it.
	 */
	public Span startSpan(String traceparent, Span.Kind kind, String name) {
		Map<String, String> carrier = traceparent == null ? Map.of() : Map.of(TRACEPARENT, traceparent);
		return propagator.extract(carrier, Map::get).kind(kind).name(name).start();
	}
}
