package io.securecart.checkout.payment;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What checkout reads of payment-service's answer: the payment, {@code AUTHORIZED} or {@code DECLINED}, and why. */
@JsonIgnoreProperties(ignoreUnknown = true)
record PaymentDecision(UUID id, String status, String declineReason) {
}
