package org.sightline.ops.tls;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.web.reactive.context.ReactiveWebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;

/**
 * The optional plain HTTP port: every request, whatever its method, is answered with a 301
 * to the same path and query on the HTTPS port, and nothing else is served there. It starts
 * once the HTTPS server listens (so it knows the HTTPS port) and stops with the application.
 */
class RedirectServer implements ApplicationListener<ReactiveWebServerInitializedEvent>,
        DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(RedirectServer.class);
    /** A host name or an IPv4 literal, as a Host header may carry it (no port). */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}");

    private final String address;
    private final int port;
    private volatile DisposableServer server;

    RedirectServer(String address, int port) {
        this.address = address;
        this.port = port;
    }

    @Override
    public void onApplicationEvent(ReactiveWebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null || server != null) {
            return; // a management server of its own, or started already
        }
        int httpsPort = event.getWebServer().getPort();
        server = HttpServer.create()
                .host(address)
                .port(port)
                .handle((request, response) -> response
                        .status(HttpResponseStatus.MOVED_PERMANENTLY)
                        .header(HttpHeaderNames.LOCATION, location(request, httpsPort))
                        .header(HttpHeaderNames.CONTENT_LENGTH, "0")
                        .send())
                .bindNow();
        LOG.info("Plain HTTP on {}:{} only redirects to HTTPS on port {}", address,
                server.port(), httpsPort);
    }

    /** The port it listens on; -1 before it started. */
    int port() {
        DisposableServer running = server;
        return running == null ? -1 : running.port();
    }

    private String location(HttpServerRequest request, int httpsPort) {
        String host = hostOf(request.requestHeaders().get(HttpHeaderNames.HOST));
        String uri = request.uri();
        String path = uri.startsWith("/") ? uri : "/";
        return "https://" + host + (httpsPort == 443 ? "" : ":" + httpsPort) + path;
    }

    private String hostOf(String header) {
        if (header != null) {
            String host = header.startsWith("[") ? header.substring(0, header.indexOf(']') + 1)
                    : header.replaceFirst(":[0-9]*$", "");
            if (HOST.matcher(host).matches() || host.matches("\\[[0-9A-Fa-f:.]+\\]")) {
                return host;
            }
        }
        return address.contains(":") ? "[" + address + "]" : address;
    }

    @Override
    public void destroy() {
        DisposableServer running = server;
        if (running != null) {
            running.disposeNow();
        }
    }
}
