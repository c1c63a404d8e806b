package io.securecart.payment.charge;

import java.util.UUID;

import org.springframework.data.repository.ListCrudRepository;

interface PaymentHoldRepository extends ListCrudRepository<PaymentHold, UUID> {
}
