package io.securecart.console.shop;

import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** Signed-in users: browse and search the catalog, open a product, see its stock and where the read came from. */
@Controller
@Validated
class CatalogController {

	private final Catalog catalog;

	CatalogController(Catalog catalog) {
		this.catalog = catalog;
	}

	@GetMapping("/catalog")
	String catalog(@RequestParam(required = false) @Size(max = 100) String q,
			@RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page, Authentication user, Model model) {
		Catalog.Read<ProductPage> read = catalog.search(user, q, page);
		model.addAttribute("query", q == null ? "" : q);
		model.addAttribute("page", read.value());
		model.addAttribute("freshness", read.freshness());
		return "shop/catalog";
	}

	@GetMapping("/catalog/{sku}")
	String product(@PathVariable @Pattern(regexp = "[A-Za-z0-9_-]{1,64}") String sku, Authentication user,
			Model model) {
		Catalog.Read<Product> read = catalog.product(user, sku);
		model.addAttribute("product", read.value());
		model.addAttribute("freshness", read.freshness());
		// One key per rendered form: submitting it twice places one order (checkout's Idempotency-Key).
		model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
		model.addAttribute("paymentTokens", DemoPaymentToken.values());
		return "shop/product";
	}
}
