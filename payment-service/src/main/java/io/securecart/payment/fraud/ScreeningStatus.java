package io.securecart.payment.fraud;

/** Where a screening stands. Only {@link #UNDER_REVIEW} is not final: a reviewer, or the timeout, decides it. */
enum ScreeningStatus {

	PASSED, FAILED, UNDER_REVIEW, APPROVED, REJECTED, TIMED_OUT

}
