package io.securecart.platform.tracing;

import io.awspring.cloud.sqs.support.observation.SqsListenerObservation;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * One trace per order, across HTTP, the outbox, SQS, SNS, EventBridge and Step Functions (docs/observability.md#traces).
 * Boot instruments HTTP, Spring Cloud AWS the listeners ({@code spring.cloud.aws.sqs.observation-enabled}, set by
 * {@link ObservabilityDefaults}); this adds what neither knows: the trace context of outbox rows and relayed messages
 * ({@link MessageTracing}), and the {@code orderId} on spans and log lines. Without a tracer (tracing switched off)
 * messages carry no trace context and nothing else changes.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration")
public class TracingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MessageTracing messageTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
		return new MessageTracing(tracer.getIfAvailable(() -> Tracer.NOOP),
				propagator.getIfAvailable(() -> Propagator.NOOP));
	}

	@Bean
	@ConditionalOnMissingBean
	SqsListenerObservation.Convention orderListenerConvention() {
		return new OrderListenerConvention();
	}

	@Bean
	@ConditionalOnMissingBean
	OrderLogContext orderLogContext() {
		return new OrderLogContext();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static class OrderPaths {

		@Bean
		@ConditionalOnMissingBean(name = "orderPathTagging")
		WebMvcConfigurer orderPathTagging(MessageTracing tracing) {
			return new WebMvcConfigurer() {
				@Override
				public void addInterceptors(InterceptorRegistry registry) {
					registry.addInterceptor(new OrderPathInterceptor(tracing));
				}
			};
		}
	}
}
