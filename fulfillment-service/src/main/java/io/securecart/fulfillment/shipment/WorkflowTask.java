package io.securecart.fulfillment.shipment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * A task message as the state machine sends it ({@code sqs:sendMessage.waitForTaskToken}): the step, the state's
 * input, the token to answer with, and which attempt of the state this is ({@code $$.State.RetryCount}: 0, then 1
 * for the first Retry...).
 */
record WorkflowTask(String step, JsonNode input, String taskToken, int attempt) {

	/** The steps whose success ends the execution, on its happy path and on its compensation. */
	static final Set<String> LAST_STEPS = Set.of("Invoice", "CancelShipments");

	WorkflowTask {
		Objects.requireNonNull(step, "step");
		Objects.requireNonNull(input, "input");
		Objects.requireNonNull(taskToken, "taskToken");
	}

	UUID orderId() {
		return UUID.fromString(input.required("orderId").asString());
	}

	/** Inside the Map each shipment has its own Pick and Pack. */
	UUID shipmentId() {
		JsonNode shipmentId = input.get("shipmentId");
		return shipmentId == null || shipmentId.isNull() ? null : UUID.fromString(shipmentId.asString());
	}

	/**
	 * Whether answering this task's success ends its execution: Invoice's success leads to the definition's Succeed
	 * state, CancelShipments' to a Fail state (infra/statemachines/fulfillment.asl.json; {@code WorkflowTaskTest}
	 * checks the definition).
	 */
	boolean endsTheExecution() {
		return LAST_STEPS.contains(step);
	}

	/** Names the task within its execution: the step, and the shipment for per-shipment steps. */
	String key() {
		UUID shipmentId = shipmentId();
		return shipmentId == null ? step : step + "/" + shipmentId;
	}

	/**
	 * Identifies this attempt of the task, to tell a redelivered message (same attempt: answer it again) from a Retry
	 * (a new attempt: try again). AWS gives each attempt a new token, moto reuses it: the retry count tells them
	 * apart on both. Tokens are long; the ledger keeps a digest.
	 */
	String tokenHash() {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256")
					.digest((taskToken + "#" + attempt).getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** What a Catch put at {@code $.failure}: {@code {"Error": ..., "Cause": ...}}. */
	String failureError() {
		JsonNode failure = input.get("failure");
		return failure == null || failure.get("Error") == null ? null : failure.get("Error").asString();
	}

	String failureCause() {
		JsonNode failure = input.get("failure");
		return failure == null || failure.get("Cause") == null ? null : failure.get("Cause").asString();
	}
}
