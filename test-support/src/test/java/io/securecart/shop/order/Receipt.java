package io.securecart.shop.order;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** Breaks the aggregate convention: a JPA entity. */
@Entity
class Receipt {

	@Id
	private Long id;

}
