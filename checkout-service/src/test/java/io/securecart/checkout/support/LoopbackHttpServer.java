package io.securecart.checkout.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/** A JDK HTTP server on a free loopback port, serving one path: what the stubs of other services stand on. */
final class LoopbackHttpServer {

	private LoopbackHttpServer() {
	}

	static HttpServer serve(String path, HttpHandler handler) {
		HttpServer server;
		try {
			server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.createContext(path, handler);
		server.start();
		return server;
	}

	static String baseUrl(HttpServer server) {
		return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
	}
}
