package io.securecart.checkout.cart;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import io.securecart.checkout.order.OrderedCartLine;
import software.amazon.awssdk.enhanced.dynamodb.extensions.annotations.DynamoDbVersionAttribute;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

/**
 * One line of a customer's cart, one DynamoDB item ({@code carts}: partition key the customer, sort key the SKU): a
 * SKU and a quantity, never a price (checkout asks the catalog). {@code version} is the optimistic lock: the enhanced
 * client writes only if the stored version is still the one this line was read with, and increments it
 * ({@link DynamoDbVersionAttribute}). {@code expiresAt} is the table's time-to-live attribute, in epoch seconds.
 * {@code writtenAt} is when the line was last written, to the clock's microsecond: with the version it tells this
 * write of the line from any other, even from a line removed and added again since, whose version starts over. Items
 * the release before it wrote have none (null) until they are written again.
 * <p>
 * A bean, not a record, because the enhanced client maps beans; it guards its own transitions all the same.
 */
@DynamoDbBean
public class CartLine {

	/** At most this many of one SKU, as an order line allows. */
	static final int MAX_QUANTITY = 100;

	private String customerId;

	private String sku;

	private int quantity;

	private Long version;

	private long expiresAt;

	private Instant writtenAt;

	/** For the enhanced client only. */
	public CartLine() {
	}

	static CartLine of(String customerId, String sku, int quantity, Instant now, Duration timeToLive) {
		CartLine line = new CartLine();
		line.customerId = customerId;
		line.sku = sku;
		line.setQuantityChecked(quantity);
		line.written(now, timeToLive);
		return line;
	}

	/** Adds to the quantity and starts the time to live again. */
	void add(int more, Instant now, Duration timeToLive) {
		setQuantityChecked(quantity + more);
		written(now, timeToLive);
	}

	/** Sets the quantity and starts the time to live again. */
	void changeQuantity(int newQuantity, Instant now, Duration timeToLive) {
		setQuantityChecked(newQuantity);
		written(now, timeToLive);
	}

	private void written(Instant now, Duration timeToLive) {
		expiresAt = now.plus(timeToLive).getEpochSecond();
		writtenAt = now;
	}

	/** DynamoDB deletes an expired item late (AWS) or never (moto): until then it is still there, and not in the cart. */
	boolean isExpiredAt(Instant now) {
		return expiresAt <= now.getEpochSecond();
	}

	/**
	 * When the line was last written, worked out from its expiry, to the second: each write sets it
	 * {@code timeToLive} ahead, so a line written under another time to live is off by the difference. Only for an
	 * order placed before orders recorded their cart lines ({@link OrderedCartLine}).
	 */
	Instant writtenAtByExpiry(Duration timeToLive) {
		return Instant.ofEpochSecond(expiresAt).minus(timeToLive);
	}

	/** This line as an order placed from it now records it: the write it was placed from. */
	OrderedCartLine asOrdered() {
		return new OrderedCartLine(sku, Objects.requireNonNull(version, "a line read from the table has a version"),
				writtenAt);
	}

	private void setQuantityChecked(int newQuantity) {
		if (newQuantity < 1 || newQuantity > MAX_QUANTITY) {
			throw new CartLimitException(
					"a cart line holds 1 to " + MAX_QUANTITY + " of a SKU, " + sku + " would have " + newQuantity);
		}
		this.quantity = newQuantity;
	}

	@DynamoDbPartitionKey
	public String getCustomerId() {
		return customerId;
	}

	public void setCustomerId(String customerId) {
		this.customerId = customerId;
	}

	@DynamoDbSortKey
	public String getSku() {
		return sku;
	}

	public void setSku(String sku) {
		this.sku = sku;
	}

	public int getQuantity() {
		return quantity;
	}

	public void setQuantity(int quantity) {
		this.quantity = quantity;
	}

	@DynamoDbVersionAttribute
	public Long getVersion() {
		return version;
	}

	public void setVersion(Long version) {
		this.version = version;
	}

	public long getExpiresAt() {
		return expiresAt;
	}

	public void setExpiresAt(long expiresAt) {
		this.expiresAt = expiresAt;
	}

	public Instant getWrittenAt() {
		return writtenAt;
	}

	public void setWrittenAt(Instant writtenAt) {
		this.writtenAt = writtenAt;
	}
}
