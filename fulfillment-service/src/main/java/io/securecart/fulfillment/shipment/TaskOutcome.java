package io.securecart.fulfillment.shipment;

/** What a worker answers Step Functions for one task: SendTaskSuccess with an output, or SendTaskFailure. */
sealed interface TaskOutcome {

	/** @param output JSON, the task's result in the execution */
	record Succeeded(String output) implements TaskOutcome {
	}

	/** @param error the name a Retry or Catch matches, e.g. {@code Warehouse.Unavailable} */
	record Failed(String error, String cause) implements TaskOutcome {
	}
}
