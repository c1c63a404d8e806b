package io.securecart.payment.gateway;

/**
 * The provider refused a refund for good: it made no charge by that reference, or the charge has less left to give
 * back than asked (a refund made already under a key the provider has since forgotten), or it is in another currency.
 * Not transient: asked again, it is refused again. So it is neither retried nor counted against the gateway (only
 * {@link GatewayUnavailableException} and timeouts are, in {@code application.yml}), and {@code Refunds} sets the
 * refund aside for a person rather than asking again (ADR 45).
 */
public class RefundRefusedException extends IllegalArgumentException {

	public RefundRefusedException(String message) {
		super(message);
	}
}
