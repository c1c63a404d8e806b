package io.securecart.checkout.cart;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;

import io.securecart.platform.stream.CustomerActivityStream;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.model.DeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.mock;

/** DynamoDB not serving the cart: a 503 to try again for the cart's own requests, never an order's error. */
class CartsTest {

	private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

	@SuppressWarnings("unchecked")
	private final DynamoDbTable<CartLine> table = mock(DynamoDbTable.class);

	private final Carts carts = new Carts(table,
			new CartProperties("carts", Duration.ofDays(30), 50, Duration.ofSeconds(5)),
			Clock.fixed(NOW, ZoneOffset.UTC), mock(CustomerActivityStream.class));

	@Test
	void aTableThatDoesNotAnswerIsTheCartBeingUnavailable() {
		given(table.query(any(QueryEnhancedRequest.class))).willThrow(SdkClientException.create("connection refused"));

		assertThatThrownBy(() -> carts.view("alice")).isInstanceOf(CartUnavailableException.class)
			.hasCauseInstanceOf(SdkClientException.class);
	}

	@Test
	void anOrderedLineIsRemovedOnlyIfItIsStillTheWriteThatWasOrdered() {
		CartLine ordered = stored(CartLine.of("alice", "SC-MUG-002", 2, NOW.plusNanos(123_000), Duration.ofDays(30)));

		carts.removeOrdered("alice", List.of(ordered));

		Expression condition = deleteCondition();
		assertThat(condition.expression()).isEqualTo("#version = :version AND #writtenAt = :writtenAt");
		assertThat(condition.expressionNames()).containsEntry("#version", "version")
			.containsEntry("#writtenAt", "writtenAt");
		assertThat(condition.expressionValues()).containsEntry(":version", AttributeValue.fromN("1"))
			.containsEntry(":writtenAt", AttributeValue.fromS("2026-12-05T12:00:00.000123Z"));
	}

	@Test
	void aLineTheReleaseBeforeWroteIsRemovedAtItsVersionIfItStillHasNoWrittenAt() {
		CartLine ordered = stored(CartLine.of("alice", "SC-MUG-002", 2, NOW, Duration.ofDays(30)));
		ordered.setWrittenAt(null);

		carts.removeOrdered("alice", List.of(ordered));

		Expression condition = deleteCondition();
		assertThat(condition.expression()).isEqualTo("#version = :version AND attribute_not_exists(#writtenAt)");
		assertThat(condition.expressionValues()).containsOnlyKeys(":version");
	}

	@Test
	void anOrderedLineTheTableCannotRemoveStaysWithoutFailingThePlacedOrder() {
		willThrow(SdkClientException.create("throttled")).given(table).deleteItem(any(Consumer.class));
		CartLine ordered = stored(CartLine.of("alice", "SC-MUG-002", 2, NOW, Duration.ofDays(30)));

		assertThatCode(() -> carts.removeOrdered("alice", List.of(ordered))).doesNotThrowAnyException();
	}

	@Test
	void aTableThatStopsAnsweringIsNotAskedForTheRestOfTheOrderedLines() {
		willThrow(ApiCallTimeoutException.create(5000)).given(table).deleteItem(any(Consumer.class));
		List<CartLine> ordered = List.of(stored(CartLine.of("alice", "SC-MUG-002", 2, NOW, Duration.ofDays(30))),
				stored(CartLine.of("alice", "SC-TSHIRT-001", 1, NOW, Duration.ofDays(30))),
				stored(CartLine.of("alice", "SC-CAP-003", 1, NOW, Duration.ofDays(30))));

		assertThatCode(() -> carts.removeOrdered("alice", ordered)).doesNotThrowAnyException();
		verify(table, times(1)).deleteItem(any(Consumer.class));
	}

	/** As read from the table, which the ordered lines always are: with a version. */
	private static CartLine stored(CartLine line) {
		line.setVersion(1L);
		return line;
	}

	@SuppressWarnings("unchecked")
	private Expression deleteCondition() {
		ArgumentCaptor<Consumer<DeleteItemEnhancedRequest.Builder>> delete = ArgumentCaptor.forClass(Consumer.class);
		verify(table).deleteItem(delete.capture());
		DeleteItemEnhancedRequest.Builder request = DeleteItemEnhancedRequest.builder();
		delete.getValue().accept(request);
		return request.build().conditionExpression();
	}
}
