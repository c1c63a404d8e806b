package io.securecart.platform.messaging;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.core.client.builder.SdkClientBuilder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every request an AWS SDK client sends to SQS or SNS, as the Micrometer counter {@value #METRIC} tagged with
 * the {@code service} ({@code sqs}, {@code sns}) and the {@code operation} ({@code ReceiveMessage}, {@code Publish},
 * ...). It counts what reaches the broker: each HTTP attempt, retries included, and the long polls that come back
 * empty. Read it at {@code /actuator/metrics/securecart.aws.requests}, e.g. with
 * {@code ?tag=operation:ReceiveMessage}; divided by the orders completed, it is what an order costs in API calls,
 * which AWS bills per request (a batch of up to 10 messages is one request).
 */
public class AwsRequestCounter implements ExecutionInterceptor {

	public static final String METRIC = "securecart.aws.requests";

	private final MeterRegistry registry;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	public AwsRequestCounter(MeterRegistry registry) {
		this.registry = registry;
	}

	/** Adds this counter to a client builder, keeping whatever else its override configuration holds. */
	public void countRequestsOf(SdkClientBuilder<?, ?> builder) {
		builder.overrideConfiguration(
				builder.overrideConfiguration().toBuilder().addExecutionInterceptor(this).build());
	}

	/** Once per request on the wire: a retried call passes here once per attempt. */
	@Override
	public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
		String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
		String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
		counter(service == null ? "unknown" : service.toLowerCase(Locale.ROOT),
				operation == null ? "unknown" : operation)
			.increment();
	}

	private Counter counter(String service, String operation) {
		return counters.computeIfAbsent(service + ' ' + operation, key -> Counter.builder(METRIC)
			.description("Requests sent to AWS (SQS, SNS, EventBridge, Step Functions...), retries included")
			.tag("service", service)
			.tag("operation", operation)
			.register(registry));
	}
}
