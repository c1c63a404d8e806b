package io.securecart.checkout.cart;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import io.securecart.checkout.order.OrderedCartLine;
import io.securecart.contracts.activity.CartItemAdded;
import io.securecart.platform.stream.CustomerActivityStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverterProvider;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import org.springframework.stereotype.Service;

/**
 * Customers' carts in DynamoDB, one item per line (docs/adr/0012-cart-on-dynamodb.md). Every write of a line is
 * conditional on the version it was read with (the enhanced client's {@code @DynamoDbVersionAttribute}), so two tabs
 * never overwrite each other: the later one is refused and reads again. Reads are strongly consistent and skip
 * expired lines, which DynamoDB deletes late (AWS) or never (moto).
 */
@Service
public class Carts {

	/** Adding commutes: a lost race is retried with a fresh read this many times before the client is told. */
	static final int ADD_ATTEMPTS = 3;

	private static final Logger log = LoggerFactory.getLogger(Carts.class);

	/** How the enhanced client stores a {@link CartLine#getWrittenAt()}, so a condition compares like with like. */
	private static final AttributeConverter<Instant> INSTANTS = AttributeConverterProvider.defaultProvider()
		.converterFor(EnhancedType.of(Instant.class));

	private final DynamoDbTable<CartLine> table;

	private final CartProperties properties;

	private final Clock clock;

	private final CustomerActivityStream activity;

	Carts(DynamoDbTable<CartLine> table, CartProperties properties, Clock clock, CustomerActivityStream activity) {
		this.table = table;
		this.properties = properties;
		this.clock = clock;
		this.activity = activity;
	}

	public CartView view(String customerId) {
		return CartView.of(customerId, liveLines(customerId));
	}

	/**
	 * Puts {@code quantity} more of the SKU in the customer's cart, creating the line or updating it in place.
	 * The addition goes on the customer activity stream (Kinesis, ADR 14) once it is written: best effort, it never
	 * fails or delays the addition.
	 * @throws CartLimitException beyond {@link CartLine#MAX_QUANTITY} of the SKU or {@link CartProperties#maxLines()}
	 * @throws CartLineChangedException if other writes to the line won every attempt
	 */
	public CartView.Line add(String customerId, String sku, int quantity) {
		for (int attempt = 1;; attempt++) {
			Instant now = clock.instant();
			CartLine stored = stored(customerId, sku);
			CartLine line;
			if (stored == null || stored.isExpiredAt(now)) {
				requireRoomForAnotherLine(customerId, now);
				if (stored == null) {
					line = CartLine.of(customerId, sku, quantity, now, properties.timeToLive());
				}
				else {
					// An expired line is still stored, with its version: it starts over.
					line = stored;
					line.changeQuantity(quantity, now, properties.timeToLive());
				}
			}
			else {
				line = stored;
				line.add(quantity, now, properties.timeToLive());
			}
			try {
				// updateItem answers with the item as written: the version the extension set included.
				CartView.Line added = CartView.Line.of(served(() -> table.updateItem(line)));
				activity.record(CartItemAdded.now(customerId, sku, quantity, now));
				return added;
			}
			catch (ConditionalCheckFailedException lostRace) {
				if (attempt == ADD_ATTEMPTS) {
					throw new CartLineChangedException(sku);
				}
				log.debug("Cart line {} of {} changed while adding; reading it again", sku, customerId);
			}
		}
	}

	/**
	 * Sets the line's quantity if it is still at {@code expectedVersion}.
	 * @throws CartLineChangedException if it is not (changed, removed or expired since the client read it)
	 */
	public CartView.Line changeQuantity(String customerId, String sku, int quantity, long expectedVersion) {
		Instant now = clock.instant();
		CartLine line = stored(customerId, sku);
		if (line == null || line.isExpiredAt(now) || !Long.valueOf(expectedVersion).equals(line.getVersion())) {
			throw new CartLineChangedException(sku);
		}
		line.changeQuantity(quantity, now, properties.timeToLive());
		try {
			// The condition is on the stored version, so a write between the read above and this one is not lost.
			return CartView.Line.of(served(() -> table.updateItem(line)));
		}
		catch (ConditionalCheckFailedException changedMeanwhile) {
			throw new CartLineChangedException(sku);
		}
	}

	public void remove(String customerId, String sku) {
		served(() -> table.deleteItem(key(customerId, sku)));
	}

	/** Removes every line, expired ones included. */
	public void empty(String customerId) {
		allLines(customerId).forEach(line -> served(() -> table.deleteItem(line)));
	}

	/**
	 * After an order was accepted: removes the lines it was placed from, each only if it is still the write that was
	 * ordered: the same version, written at the same instant (or, for an item the release before it wrote, still
	 * without a {@code writtenAt}). A line changed meanwhile (another tab added one more) stays: that change was not
	 * ordered; so does one removed and added again alike, whose version started over. A table that does not answer
	 * leaves the lines too: the order is placed, and its answer must not be an error.
	 */
	void removeOrdered(String customerId, List<CartLine> ordered) {
		for (CartLine line : ordered) {
			try {
				table.deleteItem(request -> request.key(key(customerId, line.getSku()))
					.conditionExpression(stillAsOrdered(line.asOrdered())));
			}
			catch (ConditionalCheckFailedException changedSinceOrdered) {
				log.info("Cart line {} of {} changed after it was ordered; kept in the cart", line.getSku(), customerId);
			}
			catch (SdkException unavailable) {
				// The table is not answering: each further line would wait its own call timeout before the placed
				// order is answered. The lines left stay in the cart, as a changed line does.
				log.warn("Cart lines {} of {} were ordered and could not be removed: {}",
						ordered.subList(ordered.indexOf(line), ordered.size()).stream().map(CartLine::getSku).toList(),
						customerId, unavailable.toString());
				return;
			}
		}
	}

	private static Expression stillAsOrdered(OrderedCartLine ordered) {
		Expression.Builder condition = Expression.builder()
			.putExpressionName("#version", "version")
			.putExpressionName("#writtenAt", "writtenAt")
			.putExpressionValue(":version", AttributeValue.fromN(String.valueOf(ordered.version())));
		if (ordered.writtenAt() == null) {
			// An old release's update keeps no writtenAt but moves the version on, so the version alone tells a change.
			return condition.expression("#version = :version AND attribute_not_exists(#writtenAt)").build();
		}
		return condition.expression("#version = :version AND #writtenAt = :writtenAt")
			.putExpressionValue(":writtenAt", INSTANTS.transformFrom(ordered.writtenAt()))
			.build();
	}

	/** The lines that are in the cart now, by SKU. */
	List<CartLine> liveLines(String customerId) {
		return lines(customerId, Expression.builder()
			.expression("#expiresAt > :now")
			.putExpressionName("#expiresAt", "expiresAt")
			.putExpressionValue(":now", AttributeValue.fromN(String.valueOf(clock.instant().getEpochSecond())))
			.build());
	}

	private List<CartLine> allLines(String customerId) {
		return lines(customerId, null);
	}

	private List<CartLine> lines(String customerId, Expression filter) {
		QueryEnhancedRequest.Builder query = QueryEnhancedRequest.builder()
			.queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(customerId).build()))
			.consistentRead(true);
		if (filter != null) {
			query.filterExpression(filter);
		}
		return served(() -> table.query(query.build()).items().stream().toList());
	}

	private void requireRoomForAnotherLine(String customerId, Instant now) {
		if (liveLines(customerId).size() >= properties.maxLines()) {
			throw new CartLimitException("a cart holds at most " + properties.maxLines() + " SKUs");
		}
	}

	private CartLine stored(String customerId, String sku) {
		return served(() -> table.getItem(request -> request.key(key(customerId, sku)).consistentRead(true)));
	}

	/**
	 * A call to the table; DynamoDB not serving it is {@link CartUnavailableException} (503), not a bug's 500. A failed
	 * condition is the caller's to handle.
	 */
	private static <T> T served(Supplier<T> call) {
		try {
			return call.get();
		}
		catch (ConditionalCheckFailedException conditionFailed) {
			throw conditionFailed;
		}
		catch (SdkException unavailable) {
			throw new CartUnavailableException(unavailable);
		}
	}

	private static Key key(String customerId, String sku) {
		return Key.builder().partitionValue(customerId).sortValue(sku).build();
	}
}
