package io.securecart.payment.charge;

/** Where a payment stands. AUTHORIZED may become REFUNDED; DECLINED and REFUNDED are final. */
enum PaymentStatus {

	AUTHORIZED, DECLINED, REFUNDED

}
