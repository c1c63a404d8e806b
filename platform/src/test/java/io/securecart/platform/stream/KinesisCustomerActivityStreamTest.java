package io.securecart.platform.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securecart.contracts.activity.CartItemAdded;
import io.securecart.contracts.activity.CustomerActivity;
import io.securecart.contracts.activity.CustomerActivityCodec;
import io.securecart.contracts.activity.ProductViewed;
import io.securecart.platform.messaging.MissingTopologyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryRequest;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/** The producer's bounded failure policy and its order, against a Kinesis client that fails as a test says. */
class KinesisCustomerActivityStreamTest {

	private static final Instant AT = Instant.parse("2026-11-30T15:00:00Z");

	private final KinesisClient kinesis = mock(KinesisClient.class);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final CustomerActivityCodec codec = new CustomerActivityCodec();

	private KinesisCustomerActivityStream stream;

	@AfterEach
	void stop() {
		if (stream != null) {
			stream.stop();
		}
	}

	@Test
	void putsEachActivityInTheOrderRecordedWithTheCustomerAsPartitionKey() {
		given(kinesis.putRecord(any(PutRecordRequest.class))).willReturn(PutRecordResponse.builder().build());
		stream = started(100);
		List<CustomerActivity> recorded = List.of(ProductViewed.now("ann", "SC-MUG-002", AT),
				CartItemAdded.now("ann", "SC-MUG-002", 2, AT), ProductViewed.now("bob", "SC-TSHIRT-001", AT));

		recorded.forEach(stream::record);

		await().atMost(Duration.ofSeconds(5)).until(() -> count("put", "none") == 3);
		ArgumentCaptor<PutRecordRequest> puts = ArgumentCaptor.forClass(PutRecordRequest.class);
		verify(kinesis, atLeast(3)).putRecord(puts.capture());
		assertThat(puts.getAllValues()).extracting(PutRecordRequest::partitionKey).containsExactly("ann", "ann", "bob");
		assertThat(puts.getAllValues()).extracting(PutRecordRequest::streamName).containsOnly("customer-activity");
		assertThat(puts.getAllValues()).extracting(put -> codec.decode(put.data().asByteArray()))
			.containsExactlyElementsOf(recorded);
	}

	@Test
	void anActivityTheStreamRefusesEveryAttemptIsDroppedAndCountedAndTheNextOneStillGoesOut() {
		given(kinesis.putRecord(any(PutRecordRequest.class)))
			.willThrow(ProvisionedThroughputExceededException.builder().message("slow down").build())
			.willThrow(ProvisionedThroughputExceededException.builder().message("slow down").build())
			.willThrow(ProvisionedThroughputExceededException.builder().message("slow down").build())
			.willReturn(PutRecordResponse.builder().build());
		stream = started(100);

		stream.record(ProductViewed.now("ann", "SC-MUG-002", AT));
		stream.record(ProductViewed.now("ann", "SC-TSHIRT-001", AT));

		await().atMost(Duration.ofSeconds(5)).until(() -> count("put", "none") == 1);
		assertThat(count("dropped", "put-failed")).isEqualTo(1);
	}

	@Test
	void recordingNeverWaitsForAFullBuffer() {
		stream = new KinesisCustomerActivityStream(kinesis, new KinesisStreams(kinesis), properties(2), registry);
		// Not started: nothing drains the buffer, as when the stream is slower than the page views.

		for (int i = 0; i < 5; i++) {
			stream.record(ProductViewed.now("ann", "SC-MUG-00" + i, AT));
		}

		assertThat(count("dropped", "buffer-full")).isEqualTo(3);
		verify(kinesis, never()).putRecord(any(PutRecordRequest.class));
	}

	@Test
	@SuppressWarnings("unchecked")
	void aMissingStreamStopsTheServiceFromStarting() {
		given(kinesis.describeStreamSummary(any(Consumer.class)))
			.willThrow(ResourceNotFoundException.builder().message("Stream customer-activity not found").build());
		stream = new KinesisCustomerActivityStream(kinesis, new KinesisStreams(kinesis), properties(10), registry);

		assertThatThrownBy(stream::afterPropertiesSet).isInstanceOf(MissingTopologyException.class)
			.hasMessageContaining("Kinesis stream 'customer-activity' does not exist");
	}

	private KinesisCustomerActivityStream started(int capacity) {
		KinesisCustomerActivityStream started = new KinesisCustomerActivityStream(kinesis, new KinesisStreams(kinesis),
				properties(capacity), registry);
		started.start();
		return started;
	}

	private static ActivityStreamProperties properties(int capacity) {
		return new ActivityStreamProperties("customer-activity", capacity, Duration.ofSeconds(1), 3);
	}

	private double count(String outcome, String reason) {
		return registry.get(KinesisCustomerActivityStream.METRIC).tag("outcome", outcome).tag("reason", reason)
			.counter()
			.count();
	}
}
