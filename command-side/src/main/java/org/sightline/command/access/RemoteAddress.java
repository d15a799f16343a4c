package org.sightline.command.access;

import java.net.InetSocketAddress;
import org.springframework.web.server.ServerWebExchange;

/**
 * The address a request came from, as the server saw it.
 *
 * <p>NOTE: behind a reverse proxy this is the proxy's address; forwarded headers are not
 * trusted, since any client can write them.
 */
public final class RemoteAddress {

    private RemoteAddress() {
    }

    public static String of(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote == null || remote.getAddress() == null) {
            throw new IllegalStateException("the request has no remote address");
        }
        String address = remote.getAddress().getHostAddress();
        int scope = address.indexOf('%');
        return scope < 0 ? address : address.substring(0, scope);
    }
}
