package org.sightline.ops.tls;

import java.util.List;
import org.sightline.command.tls.SiteCertificates;
import org.sightline.command.tls.SiteTlsSettings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.embedded.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * HTTPS on the server's one port ({@code server.port}) for the pages, the APIs and the
 * relay's WebSockets, unless {@code sightline.tls.enabled=false}; and, when
 * {@code sightline.tls.redirect-port} is set, a plain HTTP port that only redirects.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sightline.tls.enabled", havingValue = "true",
        matchIfMissing = true)
public class TlsServerConfiguration {

    @Bean
    ReloadableSslContext reloadableSslContext() {
        return new ReloadableSslContext();
    }

    // Spring Boot's own server.ssl.* is left unset: its SSL set-up is fixed at start.
    @Bean
    WebServerFactoryCustomizer<NettyReactiveWebServerFactory> httpsOnly(
            ReloadableSslContext sslContext) {
        return factory -> factory.addServerCustomizers(
                server -> server.secure(ssl -> ssl.sslContext(sslContext)));
    }

    @Bean
    ServedTls servedTls(ReloadableSslContext sslContext, SiteCertificates certificates,
            SiteTlsSettings settings,
            @Value("${sightline.tls.self-signed-names:localhost,127.0.0.1,::1}")
            List<String> selfSignedNames) {
        return new ServedTls(sslContext, certificates, settings, selfSignedNames);
    }

    @Bean
    @ConditionalOnProperty("sightline.tls.redirect-port")
    RedirectServer redirectServer(@Value("${server.address:127.0.0.1}") String address,
            @Value("${sightline.tls.redirect-port}") int port) {
        return new RedirectServer(address, port);
    }
}
