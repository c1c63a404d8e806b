package io.securecart.checkout.cart;

import java.time.Duration;
import java.time.Instant;

import software.amazon.awssdk.enhanced.dynamodb.extensions.annotations.DynamoDbVersionAttribute;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

/**
 * One line of a customer's cart, one DynamoDB item ({@code carts}: partition key the customer, sort key the SKU): a
 * SKU and a quantity, never a price (checkout asks the catalog). {@code version} is the optimistic lock: the enhanced
 * client writes only if the stored version is still the one this line was read with, and increments it
 * ({@link DynamoDbVersionAttribute}). {@code expiresAt} is the table's time-to-live attribute, in epoch seconds.
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

	/** For the enhanced client only. */
	public CartLine() {
	}

	static CartLine of(String customerId, String sku, int quantity, Instant now, Duration timeToLive) {
		CartLine line = new CartLine();
		line.customerId = customerId;
		line.sku = sku;
		line.setQuantityChecked(quantity);
		line.expiresAt = now.plus(timeToLive).getEpochSecond();
		return line;
	}

	/** Adds to the quantity and starts the time to live again. */
	void add(int more, Instant now, Duration timeToLive) {
		setQuantityChecked(quantity + more);
		expiresAt = now.plus(timeToLive).getEpochSecond();
	}

	/** Sets the quantity and starts the time to live again. */
	void changeQuantity(int newQuantity, Instant now, Duration timeToLive) {
		setQuantityChecked(newQuantity);
		expiresAt = now.plus(timeToLive).getEpochSecond();
	}

	/** DynamoDB deletes an expired item late (AWS) or never (moto): until then it is still there, and not in the cart. */
	boolean isExpiredAt(Instant now) {
		return expiresAt <= now.getEpochSecond();
	}

	/**
	 * When the line was last written, to the second: each write sets its expiry {@code timeToLive} ahead. A line
	 * written under another time to live is off by the difference.
	 */
	Instant writtenAt(Duration timeToLive) {
		return Instant.ofEpochSecond(expiresAt).minus(timeToLive);
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
}
