package io.securecart.payment.payment;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface PaymentHoldRepository extends JpaRepository<PaymentHold, UUID> {
}
