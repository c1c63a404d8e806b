package io.securecart.contracts.activity;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Something a signed-in customer did that says what interests them, put on the
 * {@link io.securecart.contracts.MessagingNames#CUSTOMER_ACTIVITY_STREAM} with the customer as partition key. Facts,
 * in the past tense; never an amount, a payment token or anything the customer typed.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "activityType")
@JsonSubTypes({ @JsonSubTypes.Type(ProductViewed.class), @JsonSubTypes.Type(CartItemAdded.class) })
public sealed interface CustomerActivity permits ProductViewed, CartItemAdded {

	/** Unique per fact: a record put twice (a retried put) is recognised as the same fact. */
	UUID activityId();

	/** The token's subject; the stream's partition key. */
	String customerId();

	String sku();

	Instant occurredAt();
}
