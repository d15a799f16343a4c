package org.sightline.relay;

import java.util.Map;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.sightline.contracts.relay.RelayTokens;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * The relay's WebSocket endpoints on the application's one port, on a node of the role
 * {@code relay}.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RelaySettings.class)
public class RelayConfiguration {

    @Bean
    @RelayNode
    HandlerMapping relayEndpoints(RelayHub hub, RelayTokens tokens, RelayLeases leases) {
        // Before the annotated controllers, which would otherwise answer 404 first.
        return new SimpleUrlHandlerMapping(Map.of(RelayWebSocketHandler.PATH,
                new RelayWebSocketHandler(hub, tokens, leases)), -1);
    }

    /** Accepts frames up to {@code sightline.relay.max-frame-bytes} (Netty's default: 64 KiB). */
    @Bean
    @RelayNode
    WebSocketHandlerAdapter webSocketHandlerAdapter(RelaySettings settings) {
        return new WebSocketHandlerAdapter(new HandshakeWebSocketService(
                new ReactorNettyRequestUpgradeStrategy(WebsocketServerSpec.builder()
                        .maxFramePayloadLength(settings.maxFrameBytes()))));
    }

    /**
     * Control changes reach every node's relay, whichever node committed them: each node
     * follows the store from its head with a position of its own, kept in memory (a relay
     * session reads the state before it from the session's events when it opens).
     */
    @Bean
    @RelayNode
    ConfigurerModule relayControlFollowsTheStore() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerTrackingEventProcessor(ControlTracker.PROCESSOR,
                        Configuration::eventStore,
                        configuration -> TrackingEventProcessorConfiguration
                                .forSingleThreadedProcessing()
                                .andInitialTrackingToken(StreamableMessageSource::createHeadToken))
                .registerTokenStore(ControlTracker.PROCESSOR,
                        configuration -> new InMemoryTokenStore()));
    }
}
