package io.securecart.fulfillment.shipment;

import java.util.List;

/** Several admissions to one machine, instances of the service as it were: their rounds, and what they admit. */
final class AdmissionRounds {

	private AdmissionRounds() {
	}

	/**
	 * A round of every instance, then another: the first to renew its lease reads the others' only at the second. Each
	 * counts at its first round; at the second, counting again or quiet, it has read every instance's lease.
	 */
	static void round(List<FulfillmentAdmission> instances) {
		instances.forEach(FulfillmentAdmission::admit);
		instances.forEach(FulfillmentAdmission::admit);
	}

	/** How many executions the instances start together, each as many as it may. */
	static int startsTogether(List<FulfillmentAdmission> instances) {
		int started = 0;
		for (FulfillmentAdmission instance : instances) {
			while (instance.mayStartAnother()) {
				started++;
			}
		}
		return started;
	}
}
