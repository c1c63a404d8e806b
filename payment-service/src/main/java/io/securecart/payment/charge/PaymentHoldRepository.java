package io.securecart.payment.charge;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface PaymentHoldRepository extends JpaRepository<PaymentHold, UUID> {
}
