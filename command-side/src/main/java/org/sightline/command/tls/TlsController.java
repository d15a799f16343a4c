package org.sightline.command.tls;

import static org.sightline.command.access.CallerRules.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.sightline.command.dispatch.CommandSender;
import org.sightline.contracts.Caller;
import org.sightline.contracts.configuration.ChangeConfiguration;
import org.sightline.contracts.configuration.TlsSettings;
import org.sightline.contracts.console.AccountRole;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The admin's certificate steps: a key pair with a signing request, and the import of the
 * signed certificate. Each step is a configuration event ({@code tls.csr},
 * {@code tls.certificate}); every node serves an imported certificate once it reads that
 * event, without a restart.
 */
@RestController
class TlsController {

    static final int MAX_NAMES = 32;

    private final CommandSender commands;
    private final SiteCertificates certificates;
    private final SiteTlsSettings settings;

    TlsController(CommandSender commands, SiteCertificates certificates,
            SiteTlsSettings settings) {
        this.commands = commands;
        this.certificates = certificates;
        this.settings = settings;
    }

    /**
     * @param names the site's DNS names, the first also its common name
     * @param organization optional, the subject's O
     * @param keyType EC (P-256, the default) or RSA (3072 bits)
     */
    record NewSigningRequest(List<String> names, String organization, String keyType) {
    }

    record SigningRequestMade(String keyId, String subject, List<String> names, String csr) {
    }

    @PostMapping("/api/tls/csr")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<SigningRequestMade> signingRequest(@RequestBody NewSigningRequest body,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        Caller admin = console(caller, AccountRole.ADMIN);
        List<String> names = names(body.names());
        KeyMaterial.KeyType type = keyType(body.keyType());
        String organization = organization(body.organization());

        return Mono.fromCallable(() -> certificates.newSigningRequest(names, organization, type))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(request -> commands.send(new ChangeConfiguration(TlsSettings.CSR,
                                request.settingValue(), admin.name(), admin.lsid()))
                        .thenReturn(new SigningRequestMade(request.keyId(), request.subject(),
                                request.names(), request.pem())));
    }

    record SignedChain(String chain) {
    }

    record CertificateInfo(String fingerprint, String subject, String issuer, Instant notAfter,
            List<String> names, boolean selfSigned) {

        static CertificateInfo of(SiteCertificates.Served served) {
            return new CertificateInfo(served.printedFingerprint(), served.subject(),
                    served.certificate().getIssuerX500Principal().getName(),
                    served.certificate().getNotAfter().toInstant(),
                    KeyMaterial.alternativeNames(served.certificate()), served.selfSigned());
        }
    }

    /** Checks and stores a signed chain, then makes it the served certificate. */
    @PostMapping("/api/tls/certificate")
    Mono<CertificateInfo> importCertificate(@RequestBody SignedChain body,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        Caller admin = console(caller, AccountRole.ADMIN);

        return Mono.fromCallable(() -> {
                    SiteTlsSettings.Wanted wanted = settings.read();
                    return certificates.importChain(body.chain(), wanted.protocols(),
                            wanted.ciphers());
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(served -> commands.send(new ChangeConfiguration(TlsSettings.CERTIFICATE,
                                served.settingValue(), admin.name(), admin.lsid()))
                        .thenReturn(CertificateInfo.of(served)));
    }

    record TlsState(CertificateInfo certificate, List<String> protocols, List<String> ciphers) {
    }

    /** The certificate, protocols and cipher suites the settings ask every node to serve. */
    @GetMapping("/api/tls")
    Mono<TlsState> state(
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        console(caller, AccountRole.ADMIN);
        return Mono.fromCallable(() -> {
            SiteTlsSettings.Wanted wanted = settings.read();
            SiteCertificates.Served served = certificates.wanted(wanted).orElse(null);
            return new TlsState(served == null ? null : CertificateInfo.of(served),
                    wanted.protocols(), wanted.ciphers());
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private static List<String> names(List<String> given) {
        if (given == null || given.isEmpty()) {
            throw new IllegalArgumentException("names: the site's DNS names, one at least");
        }
        if (given.size() > MAX_NAMES) {
            throw new IllegalArgumentException("names: at most " + MAX_NAMES);
        }
        Set<String> names = new LinkedHashSet<>();
        for (String name : given) {
            if (!names.add(KeyMaterial.dnsName(name))) {
                throw new IllegalArgumentException("names: " + name + " twice");
            }
        }
        return new ArrayList<>(names);
    }

    private static KeyMaterial.KeyType keyType(String given) {
        if (given == null || given.isBlank()) {
            return KeyMaterial.KeyType.EC;
        }
        try {
            return KeyMaterial.KeyType.valueOf(given.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("keyType: EC or RSA", e);
        }
    }

    private static String organization(String given) {
        if (given == null || given.isBlank()) {
            return null;
        }
        if (given.length() > 64 || !given.matches("[\\p{L}\\p{N} .,&'()-]+")) {
            throw new IllegalArgumentException("organization: at most 64 letters, digits,"
                    + " spaces and . , & ' ( ) -");
        }
        return given.trim();
    }
}
