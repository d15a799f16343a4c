package org.sightline.relay;

import java.util.Map;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.sightline.contracts.relay.RelayTokens;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import reactor.netty.http.server.WebsocketServerSpec;

/** The relay's WebSocket endpoints on the application's one port. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RelaySettings.class)
public class RelayConfiguration {

    @Bean
    HandlerMapping relayEndpoints(RelayHub hub, RelayTokens tokens) {
        // Before the annotated controllers, which would otherwise answer 404 first.
        return new SimpleUrlHandlerMapping(Map.of(RelayWebSocketHandler.PATH,
                new RelayWebSocketHandler(hub, tokens)), -1);
    }

    /** Accepts frames up to {@code sightline.relay.max-frame-bytes} (Netty's default: 64 KiB). */
    @Bean
    WebSocketHandlerAdapter webSocketHandlerAdapter(RelaySettings settings) {
        return new WebSocketHandlerAdapter(new HandshakeWebSocketService(
                new ReactorNettyRequestUpgradeStrategy(WebsocketServerSpec.builder()
                        .maxFramePayloadLength(settings.maxFrameBytes()))));
    }

    /** Control changes reach the relay as this node commits them (see ControlTracker). */
    @Bean
    ConfigurerModule relayControlIsSubscribing() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerSubscribingEventProcessor(ControlTracker.PROCESSOR)
                .registerListenerInvocationErrorHandler(ControlTracker.PROCESSOR,
                        configuration -> PropagatingErrorHandler.instance()));
    }
}
