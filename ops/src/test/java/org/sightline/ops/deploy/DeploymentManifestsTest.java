package org.sightline.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.sightline.ops.roles.Roles;
import org.sightline.ops.roles.Roles.Role;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files hold together: every Kubernetes manifest parses, is of a kind we mean,
 * and refers only to names that exist (selectors, ports, probes, the ConfigMap, the
 * kustomization's files); no Secret value is in the repository; the systemd unit verifies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeploymentManifestsTest {

    private static final Path KUBERNETES = Path.of("deploy/kubernetes");
    private static final Path SYSTEMD = Path.of("deploy/systemd");
    private static final Set<String> KINDS = Set.of("Deployment", "Service", "ConfigMap",
            "PersistentVolumeClaim", "Ingress", "Kustomization");
    private static final Set<String> PROBE_PATHS = Set.of("/livez", "/readyz");

    private final List<Map<String, Object>> documents = new ArrayList<>();

    @BeforeAll
    void load() throws IOException {
        try (Stream<Path> files = Files.list(KUBERNETES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted()
                    .toList()) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    for (Object document : new Yaml().loadAll(reader)) {
                        if (document != null) {
                            documents.add(map(document));
                        }
                    }
                }
            }
        }
    }

    @Test
    void everyManifestIsOfAKnownKindWithAName() {
        assertThat(documents).isNotEmpty();
        for (Map<String, Object> document : documents) {
            assertThat(KINDS).contains((String) document.get("kind"));
            assertThat(document.get("apiVersion")).isNotNull();
            if (!"Kustomization".equals(document.get("kind"))) {
                assertThat(map(document.get("metadata")).get("name")).isNotNull();
            }
        }
    }

    @Test
    void noSecretValueIsInTheRepository() {
        assertThat(documents).noneMatch(document -> "Secret".equals(document.get("kind")));
        for (Map<String, Object> config : ofKind("ConfigMap")) {
            assertThat(map(config.get("data")).keySet())
                    .noneMatch(key -> key.contains("PASSWORD") || key.contains("SECRET"));
        }
    }

    @Test
    void everyDeploymentSelectsItsOwnPods() {
        assertThat(ofKind("Deployment")).isNotEmpty();
        for (Map<String, Object> deployment : ofKind("Deployment")) {
            Map<String, Object> spec = map(deployment.get("spec"));
            Map<String, Object> selector = map(map(spec.get("selector")).get("matchLabels"));
            Map<String, Object> labels = map(map(map(spec.get("template")).get("metadata"))
                    .get("labels"));
            assertThat(labels).containsAllEntriesOf(selector);
        }
    }

    @Test
    void everyServiceReachesADeploymentOnANamedPort() {
        for (Map<String, Object> service : ofKind("Service")) {
            Map<String, Object> spec = map(service.get("spec"));
            List<Map<String, Object>> selected = selectedBy(service);
            assertThat(selected).as("pods of service %s", name(service)).isNotEmpty();
            for (Object port : list(spec.get("ports"))) {
                Object target = map(port).get("targetPort");
                for (Map<String, Object> deployment : selected) {
                    assertThat(containerPorts(deployment)).containsKey(target);
                }
            }
        }
    }

    @Test
    void everyRoleRunsInADeploymentOfItsOwn() {
        List<Role> roles = new ArrayList<>();
        for (Map<String, Object> deployment : ofKind("Deployment")) {
            Set<Role> named = roles(deployment);
            assertThat(named).as("the roles of %s", name(deployment)).hasSize(1);
            roles.addAll(named);
        }
        assertThat(roles).containsExactlyInAnyOrder(Role.values());
    }

    @Test
    void theIngressSendsTheRelayPathToTheRelayPodsAndTheRestToTheWebPods() {
        Map<String, Object> ingress = ofKind("Ingress").get(0);
        Map<String, Set<Role>> routes = new java.util.TreeMap<>();
        for (Object rule : list(map(ingress.get("spec")).get("rules"))) {
            for (Object path : list(map(map(rule).get("http")).get("paths"))) {
                Map<String, Object> backend = map(map(map(path).get("backend")).get("service"));
                Map<String, Object> service = ofKind("Service").stream()
                        .filter(s -> backend.get("name").equals(name(s))).findFirst()
                        .orElseThrow(() -> new AssertionError("no Service " + backend));
                assertThat(list(map(service.get("spec")).get("ports")))
                        .anyMatch(port -> map(port).get("name")
                                .equals(map(backend.get("port")).get("name")));
                Set<Role> served = new java.util.HashSet<>();
                selectedBy(service).forEach(deployment -> served.addAll(roles(deployment)));
                routes.put((String) map(path).get("path"), served);
            }
        }
        assertThat(routes)
                .isEqualTo(Map.of("/relay/", Set.of(Role.RELAY), "/", Set.of(Role.WEB)));
    }

    @Test
    void theRecordingsAreOnAVolumeEveryPodThatUsesThemShares() {
        List<Map<String, Object>> mounting = ofKind("Deployment").stream()
                .filter(d -> list(map(map(map(d.get("spec")).get("template")).get("spec"))
                        .get("volumes")).stream().anyMatch(v -> "sightline-recordings".equals(
                                map(map(v).get("persistentVolumeClaim")).get("claimName"))))
                .toList();
        assertThat(mounting.stream().flatMap(d -> roles(d).stream()))
                .containsExactlyInAnyOrder(Role.WEB, Role.RELAY);
        Map<String, Object> claim = ofKind("PersistentVolumeClaim").get(0);
        assertThat(list(map(claim.get("spec")).get("accessModes"))).contains("ReadWriteMany");
    }

    @Test
    void oneProcessingPodRunsAtATime() {
        // Each processor has one segment: a second pod would only stand by.
        Map<String, Object> processing = ofKind("Deployment").stream()
                .filter(d -> roles(d).equals(Set.of(Role.PROCESSING))).findFirst().orElseThrow();
        Map<String, Object> spec = map(processing.get("spec"));
        assertThat(spec.get("replicas")).isEqualTo(1);
        assertThat(map(spec.get("strategy")).get("type")).isEqualTo("Recreate");
    }

    @Test
    void probesAskTheHealthEndpointsOnADeclaredPort() {
        for (Map<String, Object> deployment : ofKind("Deployment")) {
            for (Object container : containers(deployment)) {
                for (String probe : List.of("livenessProbe", "readinessProbe")) {
                    Map<String, Object> http = map(map(map(container).get(probe))
                            .get("httpGet"));
                    assertThat(PROBE_PATHS).as(probe).contains((String) http.get("path"));
                    assertThat(containerPorts(deployment)).containsKey(http.get("port"));
                }
                assertThat(map(map(map(container).get("readinessProbe")).get("httpGet"))
                        .get("path")).isEqualTo("/readyz");
            }
        }
    }

    @Test
    void deploymentsUseTheConfigMapOfTheseManifests() {
        Set<Object> configMaps = Set.copyOf(ofKind("ConfigMap").stream()
                .map(DeploymentManifestsTest::name).toList());
        for (Map<String, Object> deployment : ofKind("Deployment")) {
            for (Object container : containers(deployment)) {
                for (Object source : list(map(container).get("envFrom"))) {
                    Object reference = map(map(source).get("configMapRef")).get("name");
                    assertThat(configMaps).contains(reference);
                }
            }
        }
    }

    @Test
    void theKustomizationListsEveryManifest() throws IOException {
        Map<String, Object> kustomization = ofKind("Kustomization").get(0);
        try (Stream<Path> files = Files.list(KUBERNETES)) {
            List<String> manifests = files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml"))
                    .toList();
            assertThat(list(kustomization.get("resources")))
                    .containsExactlyInAnyOrderElementsOf(manifests);
        }
    }

    @Test
    void theSystemdUnitIsHardenedAndVerifies() throws Exception {
        String unit = Files.readString(SYSTEMD.resolve("sightline.service"));
        assertThat(unit).contains("User=sightline", "NoNewPrivileges=yes",
                "ProtectSystem=strict", "ReadWritePaths=/var/lib/sightline", "PrivateTmp=yes",
                "CapabilityBoundingSet=CAP_NET_BIND_SERVICE",
                "AmbientCapabilities=CAP_NET_BIND_SERVICE",
                "EnvironmentFile=/etc/sightline/sightline.env");
        assertThat(Files.readString(SYSTEMD.resolve("sightline.env")))
                .contains("SERVER_PORT=443");
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        if (Files.isExecutable(analyze)) { // Debian's systemd package; absent on slim hosts
            Process verify = new ProcessBuilder(analyze.toString(), "verify",
                    SYSTEMD.resolve("sightline.service").toAbsolutePath().toString())
                    .redirectErrorStream(true).start();
            String output = new String(verify.getInputStream().readAllBytes());
            assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
            // verify exits 0 with warnings too; a clean unit prints nothing about itself.
            assertThat(output).doesNotContain("sightline.service:");
            assertThat(verify.exitValue()).as(output).isZero();
        }
    }

    private List<Map<String, Object>> ofKind(String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    /** The roles the Deployment's pods take on, read as Sightline reads them. */
    private static Set<Role> roles(Map<String, Object> deployment) {
        Set<Role> roles = new java.util.HashSet<>();
        for (Object container : containers(deployment)) {
            for (Object variable : list(map(container).get("env"))) {
                if ("SIGHTLINE_ROLES".equals(map(variable).get("name"))) {
                    roles.addAll(Roles.parse((String) map(variable).get("value")));
                }
            }
        }
        return roles.isEmpty() ? Set.of(Role.values()) : roles;
    }

    private List<Map<String, Object>> selectedBy(Map<String, Object> service) {
        Map<String, Object> selector = map(map(service.get("spec")).get("selector"));
        return ofKind("Deployment").stream()
                .filter(d -> podLabels(d).entrySet().containsAll(selector.entrySet())).toList();
    }

    private static Object name(Map<String, Object> document) {
        return map(document.get("metadata")).get("name");
    }

    private static Map<String, Object> podLabels(Map<String, Object> deployment) {
        return map(map(map(map(deployment.get("spec")).get("template")).get("metadata"))
                .get("labels"));
    }

    private static List<Object> containers(Map<String, Object> deployment) {
        return list(map(map(map(deployment.get("spec")).get("template")).get("spec"))
                .get("containers"));
    }

    /** The declared container ports of a Deployment, by name and by number. */
    private static Map<Object, Object> containerPorts(Map<String, Object> deployment) {
        Map<Object, Object> ports = new java.util.HashMap<>();
        for (Object container : containers(deployment)) {
            for (Object port : list(map(container).get("ports"))) {
                ports.put(map(port).get("name"), map(port).get("containerPort"));
                ports.put(map(port).get("containerPort"), map(port).get("containerPort"));
            }
        }
        return ports;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }
}
