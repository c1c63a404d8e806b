package io.securecart.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Anyone: the home page, which says what the console is and offers to sign in. */
@Controller
class HomeController {

	@GetMapping("/")
	String home() {
		return "index";
	}
}
