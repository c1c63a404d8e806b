package io.securecart.platform.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.awspring.cloud.sqs.config.SqsListenerConfigurer;
import io.awspring.cloud.sqs.config.SqsMessageListenerContainerFactory;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.awspring.cloud.sqs.listener.errorhandler.AsyncErrorHandler;
import io.awspring.cloud.sqs.listener.errorhandler.ExponentialBackoffErrorHandler;
import io.awspring.cloud.sqs.support.converter.MessagingMessageConverter;
import io.awspring.cloud.sqs.support.converter.SqsHeaderMapper;
import io.awspring.cloud.sqs.support.converter.SqsMessagingMessageConverter;
import io.micrometer.core.instrument.MeterRegistry;
import io.securecart.contracts.events.OrderEventCodec;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * How every service talks to SQS and SNS: order events in and out through one codec, failed messages backed off by
 * visibility timeout until the queue's redrive policy moves them to its dead-letter queue, and the topology checked
 * at startup and again, every 30 s, by health ({@link MessagingTopologyHealthIndicator}). The clients' transport and
 * request count are {@link AwsClientsAutoConfiguration}'s.
 */
@AutoConfiguration(before = SqsAutoConfiguration.class)
@EnableConfigurationProperties({ MessagingProperties.class, ListenerRetryProperties.class,
		FifoAcknowledgementProperties.class })
public class MessagingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	OrderEventCodec orderEventCodec() {
		return OrderEventCodec.standalone();
	}

	/**
	 * Bodies stay text; {@link OrderEventArgumentResolver} decodes them, so decoding failures reach the DLQ. An
	 * EventBridge event's trace context becomes headers, as message attributes are ({@link EventBridgeTraceHeaders}).
	 */
	@Bean
	@ConditionalOnMissingBean
	MessagingMessageConverter<Message> sqsMessagingMessageConverter() {
		SqsMessagingMessageConverter converter = new SqsMessagingMessageConverter();
		SqsHeaderMapper headers = new SqsHeaderMapper();
		headers.setAdditionalHeadersFunction(new EventBridgeTraceHeaders());
		converter.setHeaderMapper(headers);
		converter.setPayloadTypeMapper(message -> String.class);
		converter.doNotSendPayloadTypeHeader();
		return converter;
	}

	@Bean
	@ConditionalOnMissingBean(name = "orderEventListenerConfigurer")
	SqsListenerConfigurer orderEventListenerConfigurer(OrderEventCodec codec, ClaimCheck claimCheck) {
		return registrar -> registrar.manageMethodArgumentResolvers(
				(List<org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver> resolvers) -> resolvers
					.addFirst(new OrderEventArgumentResolver(codec, claimCheck)));
	}

	@Bean
	@ConditionalOnMissingBean
	AsyncErrorHandler<Object> backoffErrorHandler(ListenerRetryProperties retry) {
		return ExponentialBackoffErrorHandler.builder()
			.initialVisibilityTimeoutSeconds(retry.initialVisibilityTimeoutSeconds())
			.multiplier(retry.multiplier())
			.maxVisibilityTimeoutSeconds(retry.maxVisibilityTimeoutSeconds())
			.build();
	}

	/**
	 * How long a stopping listener waits for its acknowledgements. Spring Cloud AWS 4.1.0 leaves those below a batch
	 * unsent when the last flush it had scheduled found a batch sent less than an interval before, as it always does
	 * under load, and then waits its default 20 s for them (awspring/spring-cloud-aws#1661, fixed after 4.1.0). At 4x
	 * the steady load every pause of fulfilment's admission (it stopped its listener then; a {@link ListenerGate} now)
	 * sat that out, and the workflow ran dry ("0 fulfilments running"); any stop still would. Two seconds still let the
	 * batches already sent complete; the messages left unacknowledged come back after their visibility timeout and
	 * meet the inbox, as they did after the 20 s.
	 */
	static final Duration ACKNOWLEDGEMENT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

	/**
	 * The visibility a FIFO listener gives the messages of a received batch that wait for their turn, each time it
	 * starts the next one ({@link FifoListenerComponents}): the visibility timeout the topology declares for every FIFO
	 * queue ({@code infra/topology.json}), so a message waiting behind its group gets the time it would have had alone.
	 */
	static final Duration FIFO_MESSAGE_VISIBILITY = Duration.ofSeconds(30);

	/**
	 * How long a listener waits for a whole batch of permits before it receives with the permits that are free
	 * ({@code maxDelayBetweenPolls}). Spring Cloud AWS's default is 10 s: while any message it holds is still being
	 * processed, the next receive waits for it, so one slow message (a warehouse step, a lock wait, a retry) holds back
	 * every message behind it, and a listener with room for ten works one batch at a time. Half a second is longer than
	 * a message takes even on a saturated machine (fulfilment's tasks averaged 165 to 180 ms at 8 orders/s), so a
	 * listener that falls behind still receives in full batches: with 100 ms it made 4 % more requests per order
	 * there (ADR 32).
	 */
	static final Duration WAIT_FOR_A_FULL_BATCH = Duration.ofMillis(500);

	/**
	 * What every listener container of the application gets beyond Spring Cloud AWS's defaults: FIFO queues' messages
	 * deleted in batches, not one request each, and a group's waiting messages kept from other consumers
	 * ({@link FifoListenerComponents}), the short
	 * {@link #ACKNOWLEDGEMENT_SHUTDOWN_TIMEOUT}, and receives that do not wait for slow messages
	 * ({@link #WAIT_FOR_A_FULL_BATCH}). A post-processor, because the starter's factory bean is the one the
	 * {@code @SqsListener} annotations use.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "listenerContainerDefaults")
	static BeanPostProcessor listenerContainerDefaults(ObjectProvider<FifoAcknowledgementProperties> fifoBatching) {
		return new BeanPostProcessor() {
			@Override
			@SuppressWarnings("unchecked")
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof SqsMessageListenerContainerFactory<?> factory) {
					FifoAcknowledgementProperties batching = fifoBatching.getObject();
					FifoListenerComponents.configure((SqsMessageListenerContainerFactory<Object>) factory, batching,
							FIFO_MESSAGE_VISIBILITY);
					factory.configure(options -> options
						.acknowledgementShutdownTimeout(ACKNOWLEDGEMENT_SHUTDOWN_TIMEOUT)
						.maxDelayBetweenPolls(WAIT_FOR_A_FULL_BATCH));
				}
				return bean;
			}
		};
	}

	@Bean
	@ConditionalOnMissingBean
	MessagingDestinations messagingDestinations(SqsAsyncClient sqs, SnsClient sns, MessagingProperties properties) {
		return new MessagingDestinations(sqs, sns, properties);
	}

	@Bean
	@ConditionalOnMissingBean
	ReceiveLimits receiveLimits(SqsAsyncClient sqs, MessagingDestinations destinations, Clock clock) {
		return new ReceiveLimits(sqs, destinations, clock);
	}

	@Bean
	@ConditionalOnMissingBean
	MessagingTopologyHealthIndicator messagingTopologyHealthIndicator(SqsAsyncClient sqs, SnsClient sns,
			MessagingDestinations destinations, MessagingProperties properties, Clock clock) {
		return new MessagingTopologyHealthIndicator(sqs, sns, destinations, properties, clock);
	}

	@Bean
	@ConditionalOnMissingBean
	ListenerPauses listenerPauses(MessageListenerContainerRegistry registry) {
		return new ListenerPauses(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	ListenerGates listenerGates(ObjectProvider<MessageListenerContainerRegistry> registry,
			ObjectProvider<ListenerGate> gates) {
		return new ListenerGates(registry, gates.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	ListenerContainersHealthIndicator sqsListenersHealthIndicator(MessageListenerContainerRegistry registry,
			ListenerPauses pauses, MessagingProperties properties) {
		return new ListenerContainersHealthIndicator(registry, pauses, properties.listensOn());
	}
}
