package io.securecart.fulfillment.shipment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.awspring.cloud.sqs.listener.DefaultListenerContainerRegistry;
import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.awspring.cloud.sqs.listener.SqsContainerOptions;
import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securecart.testsupport.MovableClock;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;

/**
 * The admission in a Spring context of its own, wired as the service wires it (by its constructor, the registry of
 * listener containers among its arguments), the registry recording when it stops: the lifecycle, not a test, must
 * stop the admission, in the containers' phase and before them, and the lease is given up only once the start it
 * admitted was answered. Elsewhere the tests close an admission by hand, in the order they assume Spring keeps.
 */
class AdmissionLifecycleTest {

	/** What happened, in order. */
	private final List<String> happened = new CopyOnWriteArrayList<>();

	/** The lease table: this instance's lease, while it holds one. */
	private final Map<UUID, WorkerLease> table = new ConcurrentHashMap<>();

	@Test
	void closingTheContextGivesUpTheLeaseOnceTheStartAdmittedIsAnsweredAndBeforeTheContainersStop() {
		RecordingRegistry containers = new RecordingRegistry(happened);
		try (AnnotationConfigApplicationContext context = context(containers)) {
			FulfillmentAdmission admission = context.getBean(FulfillmentAdmission.class);
			assertThat(admission.isRunning()).as("started by the lifecycle").isTrue();
			assertThat(admission.getPhase()).isEqualTo(containers.getPhase());
			admission.admit();
			admission.admit();
			assertThat(admission.mayStartAnother()).isTrue();
			UUID self = admission.fleet().self();
			assertThat(table).containsKey(self);

			Thread closer = new Thread(context::close);
			closer.start();
			await().atMost(Duration.ofSeconds(5)).until(() -> closer.getState() == Thread.State.TIMED_WAITING);

			assertThat(admission.room()).as("closing: it admits nothing more").isZero();
			assertThat(table).as("its start is not answered yet").containsKey(self);
			assertThat(happened).as("the containers wait for the stop's answer").isEmpty();
			happened.add("start answered");
			admission.startAnswered();
			await().atMost(Duration.ofSeconds(5)).until(() -> !closer.isAlive());

			assertThat(happened).containsExactly("start answered", "lease given up", "containers stopped");
			assertThat(table).isEmpty();
			assertThat(admission.isRunning()).isFalse();
		}
	}

	private AnnotationConfigApplicationContext context(RecordingRegistry containers) {
		FulfillmentStateMachine stateMachine = mock();
		given(stateMachine.heartbeat()).willReturn(Optional.of(Duration.ofSeconds(60)));
		given(stateMachine.runningExecutions()).willReturn(0L);
		WaitingSteps waitingSteps = mock();
		given(waitingSteps.read()).willReturn(OptionalLong.of(0));
		WorkerLeases leases = mock();
		given(leases.renew(anyString(), any(), any())).willAnswer(renewing -> {
			WorkerLease own = renewing.getArgument(1);
			table.put(own.instance(), own);
			return List.of();
		});
		willAnswer(releasing -> {
			happened.add("lease given up");
			return table.remove(releasing.<UUID>getArgument(0));
		}).given(leases).release(any());
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		StepDurations steps = new StepDurations(meters);
		steps.record(Duration.ofSeconds(30));

		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		// As Spring Boot converts the admission's interval, "1s".
		context.getBeanFactory().setConversionService(ApplicationConversionService.getSharedInstance());
		context.registerBean("messageListenerContainerRegistry", MessageListenerContainerRegistry.class,
				() -> containers);
		context.registerBean(FulfillmentStateMachine.class, () -> stateMachine);
		context.registerBean(WaitingSteps.class, () -> waitingSteps);
		context.registerBean(WorkerLeases.class, () -> leases);
		context.registerBean(StepDurations.class, () -> steps);
		context.registerBean(MeterRegistry.class, () -> meters);
		context.registerBean(Clock.class, () -> new MovableClock(Instant.parse("2026-12-06T14:00:00Z")));
		context.registerBean(FulfillmentProperties.class, () -> new FulfillmentProperties("fulfillment", Map.of(),
				"central", Duration.ofSeconds(20), Duration.ofSeconds(10), 64, Duration.ofMinutes(5)));
		context.registerBean(FulfillmentAdmission.class);
		context.refresh();
		return context;
	}

	/** The listener containers' registry, its task listener's container 10 workers, its stop recorded. */
	private static final class RecordingRegistry extends DefaultListenerContainerRegistry {

		private final List<String> happened;

		private final SqsMessageListenerContainer<Object> tasks = new SqsMessageListenerContainer<>(
				mock(SqsAsyncClient.class), SqsContainerOptions.builder().maxConcurrentMessages(10).build());

		RecordingRegistry(List<String> happened) {
			this.happened = happened;
		}

		@Override
		public MessageListenerContainer<?> getContainerById(String id) {
			return WorkflowTasksListener.ID.equals(id) ? tasks : super.getContainerById(id);
		}

		@Override
		public void stop() {
			happened.add("containers stopped");
			super.stop();
		}
	}
}
