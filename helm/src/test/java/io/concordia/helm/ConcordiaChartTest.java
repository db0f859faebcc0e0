package io.concordia.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Lints and renders the Concordia chart with the Helm library embedded by helm-java (no helm binary,
 * no cluster), and checks the rendered manifests.
 */
class ConcordiaChartTest {

    private static final String RELEASE = "ccp";
    /** helm template assumes Kubernetes 1.20 unless told; the chart requires >= 1.23. */
    private static final String KUBE_VERSION = "1.30.0";

    private static Path chart;
    private static Path testValues;

    @BeforeAll
    static void locateChart() throws URISyntaxException {
        chart = Paths.get(System.getProperty("concordia.chart.dir", "concordia"))
                .toAbsolutePath();
        assertThat(chart.resolve("Chart.yaml")).isRegularFile();
        testValues = Paths.get(Objects.requireNonNull(ConcordiaChartTest.class.getResource("/test-values.yaml"))
                .toURI());
    }

    // ---------------------------------------------------------------------------------- lint

    @Test
    void lintStrictPassesWithoutErrorsOrWarnings() {
        LintResult result = new Helm(chart).lint().strict().call();

        assertThat(result.isFailed())
                .as("lint failed: %s", result.getMessages())
                .isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]")).noneMatch(m -> m.contains("[WARNING]"));
    }

    // ---------------------------------------------------------------------------------- deployment

    @Test
    void deploymentHasReplicasImageProbesAndResourcesFromValues() {
        Map<String, Object> deployment = only(render(), "Deployment");

        assertThat(get(deployment, "metadata.name")).isEqualTo("ccp-concordia");
        assertThat(get(deployment, "spec.replicas")).isEqualTo(3);

        Map<String, Object> container = container(deployment);
        assertThat(container.get("image")).isEqualTo("concordia/clearing-api:1.0.0-test");
        List<Map<String, Object>> ports = maps(container, "ports");
        assertThat(ports).singleElement().satisfies(p -> {
            assertThat(p.get("name")).isEqualTo("http");
            assertThat(p.get("containerPort")).isEqualTo(8080);
        });

        assertThat(get(container, "livenessProbe.httpGet.path")).isEqualTo("/q/health/live");
        assertThat(get(container, "livenessProbe.httpGet.port")).isEqualTo("http");
        assertThat(get(container, "readinessProbe.httpGet.path")).isEqualTo("/q/health/ready");
        assertThat(get(container, "readinessProbe.httpGet.port")).isEqualTo("http");
        assertThat(get(container, "startupProbe.httpGet.path")).isEqualTo("/q/health/started");
        assertThat((int) get(container, "startupProbe.failureThreshold")
                        * (int) get(container, "startupProbe.periodSeconds"))
                .as("startup budget in seconds (Flyway runs at start)")
                .isGreaterThanOrEqualTo(120);

        assertThat(get(container, "resources.requests.cpu")).isEqualTo("500m");
        assertThat(get(container, "resources.requests.memory")).isEqualTo("1536Mi");
        assertThat(get(container, "resources.limits.cpu")).isEqualTo("3");
        assertThat(get(container, "resources.limits.memory")).isEqualTo("3Gi");
    }

    @Test
    void defaultsGiveThreeReplicasAppVersionTagAndDefaultResources() {
        Map<String, Object> deployment = only(renderMinimal(), "Deployment");

        assertThat(get(deployment, "spec.replicas")).isEqualTo(3);
        Map<String, Object> container = container(deployment);
        assertThat(container.get("image")).isEqualTo("concordia/clearing-api:1.0.0");
        assertThat(container.get("imagePullPolicy")).isEqualTo("IfNotPresent");
        assertThat(get(container, "resources.requests.cpu")).isEqualTo("1");
        assertThat(get(container, "resources.requests.memory")).isEqualTo("1Gi");
        assertThat(get(container, "resources.limits.cpu")).isEqualTo("2");
        assertThat(get(container, "resources.limits.memory")).isEqualTo("2Gi");
        assertThat(get(deployment, "spec.template.spec.terminationGracePeriodSeconds"))
                .isEqualTo(60);
    }

    @Test
    void podIsHardenedWithReadOnlyRootAndWritableTmp() {
        Map<String, Object> deployment = only(render(), "Deployment");
        Map<String, Object> container = container(deployment);

        assertThat(get(deployment, "spec.template.spec.securityContext.runAsNonRoot"))
                .isEqualTo(true);
        assertThat(get(deployment, "spec.template.spec.automountServiceAccountToken"))
                .isEqualTo(false);
        assertThat(get(container, "securityContext.runAsNonRoot")).isEqualTo(true);
        assertThat(get(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(get(container, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(get(container, "securityContext.capabilities.drop")).isEqualTo(List.of("ALL"));

        List<Map<String, Object>> mounts = maps(container, "volumeMounts");
        assertThat(mounts).anySatisfy(m -> {
            assertThat(m.get("name")).isEqualTo("tmp");
            assertThat(m.get("mountPath")).isEqualTo("/tmp");
        });
        List<Map<String, Object>> volumes = maps(map(deployment, "spec.template.spec"), "volumes");
        assertThat(volumes).anySatisfy(v -> {
            assertThat(v.get("name")).isEqualTo("tmp");
            assertThat(v).containsKey("emptyDir");
        });
    }

    @Test
    void podsSpreadAcrossNodesAndAreScrapedByPrometheus() {
        Map<String, Object> deployment = only(render(), "Deployment");

        List<Map<String, Object>> preferred = maps(
                map(deployment, "spec.template.spec.affinity.podAntiAffinity"),
                "preferredDuringSchedulingIgnoredDuringExecution");
        assertThat(preferred).singleElement().satisfies(term -> {
            assertThat(get(term, "podAffinityTerm.topologyKey")).isEqualTo("kubernetes.io/hostname");
            assertThat(get(term, "podAffinityTerm.labelSelector.matchLabels"))
                    .isEqualTo(get(deployment, "spec.selector.matchLabels"));
        });

        Map<String, Object> annotations = map(deployment, "spec.template.metadata.annotations");
        assertThat(annotations)
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/path", "/q/metrics")
                .containsEntry("prometheus.io/port", "8080");
        assertThat((String) annotations.get("checksum/config")).matches("[0-9a-f]{64}");
    }

    @Test
    void configChangeChangesTheChecksumAndSoRollsThePods() {
        String before = configChecksum(render());
        String after = configChecksum(render(t -> t.set("jwt.issuer", "https://other-idp.test")));
        String again = configChecksum(render());

        assertThat(before).isEqualTo(again).isNotEqualTo(after);
    }

    // ---------------------------------------------------------------------------------- config & secrets

    @Test
    void configMapCarriesExternalServicesAndEnvironment() {
        List<Map<String, Object>> docs = render();
        Map<String, Object> configMap = only(docs, "ConfigMap");
        Map<String, Object> data = map(configMap, "data");

        assertThat(data)
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka-0.kafka.test:9093,kafka-1.kafka.test:9093")
                .containsEntry(
                        "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://pg.test:5432/concordia?sslmode=verify-full")
                .containsEntry("MP_JWT_VERIFY_ISSUER", "https://idp.test/realms/concordia")
                .containsEntry("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "/etc/concordia/jwt/publicKey.pem")
                .containsEntry("CONCORDIA_EMBEDDED_ENABLED", "false")
                .containsEntry("QUARKUS_HTTP_PORT", "8080")
                .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry("JAVA_OPTS_APPEND", "-XX:MaxRAMPercentage=75")
                .containsEntry("CONCORDIA_MARGIN_RUN_CRON", "0 */5 * * * ?");
        assertThat(data.values()).allSatisfy(v -> assertThat(v).isInstanceOf(String.class));
        assertThat(data.keySet()).noneMatch(k -> k.contains("PASSWORD") || k.contains("JAAS"));

        Map<String, Object> container = container(only(docs, "Deployment"));
        assertThat(maps(container, "envFrom"))
                .anySatisfy(e -> assertThat(get(e, "configMapRef.name")).isEqualTo(get(configMap, "metadata.name")));
    }

    @Test
    void aManagedPostgresqlCanMigrateAsTheOwnerAndCapTheConnectionsOfEachPod() {
        List<Map<String, Object>> docs = render(t -> t.set("database.migration.existingSecret", "concordia-db-owner")
                .set("database.migration.usernameKey", "owner-user")
                .set("database.maxPoolSize", 15));
        Map<String, Object> container = container(only(docs, "Deployment"));

        assertThat(secretRef(container, "QUARKUS_FLYWAY_USERNAME"))
                .containsEntry("name", "concordia-db-owner")
                .containsEntry("key", "owner-user");
        assertThat(secretRef(container, "QUARKUS_FLYWAY_PASSWORD"))
                .containsEntry("name", "concordia-db-owner")
                .containsEntry("key", "password");
        assertThat(map(only(docs, "ConfigMap"), "data")).containsEntry("QUARKUS_DATASOURCE_JDBC_MAX_SIZE", "15");

        List<Map<String, Object>> defaults = render();
        assertThat(maps(container(only(defaults, "Deployment")), "env"))
                .noneMatch(e -> String.valueOf(e.get("name")).startsWith("QUARKUS_FLYWAY"));
        assertThat(map(only(defaults, "ConfigMap"), "data")).doesNotContainKey("QUARKUS_DATASOURCE_JDBC_MAX_SIZE");
    }

    @Test
    void credentialsComeFromExistingSecretsOnly() {
        Map<String, Object> deployment = only(render(), "Deployment");
        Map<String, Object> container = container(deployment);

        assertThat(secretRef(container, "QUARKUS_DATASOURCE_PASSWORD"))
                .containsEntry("name", "concordia-db")
                .containsEntry("key", "pass");
        assertThat(secretRef(container, "QUARKUS_DATASOURCE_USERNAME"))
                .containsEntry("name", "concordia-db")
                .containsEntry("key", "user");
        assertThat(secretRef(container, "KAFKA_SASL_JAAS_CONFIG"))
                .containsEntry("name", "concordia-kafka")
                .containsEntry("key", "jaas");
        assertThat(maps(container, "env")).allSatisfy(e -> assertThat(e).doesNotContainKey("value"));

        List<Map<String, Object>> volumes = maps(map(deployment, "spec.template.spec"), "volumes");
        assertThat(volumes).anySatisfy(v -> {
            assertThat(v.get("name")).isEqualTo("jwt-public-key");
            assertThat(get(v, "secret.secretName")).isEqualTo("concordia-jwt");
            assertThat(list(map(v, "secret"), "items"))
                    .containsExactly(Map.of("key", "tls.pub", "path", "publicKey.pem"));
        });
        assertThat(maps(container, "volumeMounts")).anySatisfy(m -> {
            assertThat(m.get("mountPath")).isEqualTo("/etc/concordia/jwt");
            assertThat(m.get("readOnly")).isEqualTo(true);
        });
        assertThat(render()).noneMatch(d -> "Secret".equals(d.get("kind")));
    }

    @Test
    void withoutSaslThereIsNoJaasSecretNorSaslSettings() {
        List<Map<String, Object>> docs = renderMinimal();
        Map<String, Object> data = map(only(docs, "ConfigMap"), "data");
        assertThat(data).doesNotContainKeys("KAFKA_SASL_MECHANISM", "KAFKA_SECURITY_PROTOCOL");
        assertThat(maps(container(only(docs, "Deployment")), "env"))
                .noneMatch(e -> "KAFKA_SASL_JAAS_CONFIG".equals(e.get("name")));
    }

    @Test
    void listensOnAllInterfacesOfThePodAndSwitchesMetricsAndApiDocs() {
        Map<String, Object> data = map(only(renderMinimal(), "ConfigMap"), "data");
        assertThat(data)
                .containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0")
                .containsEntry("CONCORDIA_HTTP_METRICS_ENABLED", "true")
                .containsEntry("CONCORDIA_HTTP_API_DOCS_ENABLED", "true");

        List<Map<String, Object>> off =
                render(t -> t.set("metrics.enabled", false).set("apiDocs.enabled", false));
        assertThat(map(only(off, "ConfigMap"), "data"))
                .containsEntry("CONCORDIA_HTTP_METRICS_ENABLED", "false")
                .containsEntry("CONCORDIA_HTTP_API_DOCS_ENABLED", "false");
        assertThat(String.valueOf(
                        map(only(off, "Deployment"), "spec.template.metadata").get("annotations")))
                .doesNotContain("prometheus.io/scrape");
    }

    @Test
    void kafkaOverTlsTrustsTheGivenCaAndPresentsTheClientCertificate() {
        List<Map<String, Object>> docs = render(t -> t.set("kafka.tls.enabled", true)
                .set("kafka.tls.caSecret", "kafka-ca")
                .set("kafka.tls.clientSecret", "concordia-kafka-client"));
        Map<String, Object> data = map(only(docs, "ConfigMap"), "data");
        assertThat(data)
                .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM")
                .containsEntry("KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/concordia/kafka-tls/ca.crt")
                .containsEntry("KAFKA_SSL_KEYSTORE_TYPE", "PEM")
                .containsEntry("KAFKA_SSL_KEYSTORE_LOCATION", "/etc/concordia/kafka-tls/client.pem");

        Map<String, Object> deployment = only(docs, "Deployment");
        assertThat(maps(container(deployment), "volumeMounts")).anySatisfy(m -> {
            assertThat(m.get("name")).isEqualTo("kafka-tls");
            assertThat(m.get("mountPath")).isEqualTo("/etc/concordia/kafka-tls");
            assertThat(m.get("readOnly")).isEqualTo(true);
        });
        assertThat(maps(map(deployment, "spec.template.spec"), "volumes")).anySatisfy(v -> {
            assertThat(v.get("name")).isEqualTo("kafka-tls");
            assertThat(list(map(v, "projected"), "sources")).hasSize(2);
        });

        Map<String, Object> tlsOnly = map(
                only(render(t -> t.set("kafka.sasl.enabled", false).set("kafka.tls.enabled", true)), "ConfigMap"),
                "data");
        assertThat(tlsOnly)
                .containsEntry("KAFKA_SECURITY_PROTOCOL", "SSL")
                .doesNotContainKeys("KAFKA_SSL_TRUSTSTORE_LOCATION", "KAFKA_SASL_MECHANISM");
        assertThat(map(only(renderMinimal(), "ConfigMap"), "data")).doesNotContainKeys("KAFKA_SSL_TRUSTSTORE_LOCATION");
    }

    @Test
    void publicKeyCanComeFromAConfigMap() {
        Map<String, Object> deployment = only(
                render(t -> t.set("jwt.publicKey.existingSecret", "")
                        .set("jwt.publicKey.existingConfigMap", "concordia-jwt-cm")),
                "Deployment");
        List<Map<String, Object>> volumes = maps(map(deployment, "spec.template.spec"), "volumes");
        assertThat(volumes).anySatisfy(v -> {
            assertThat(v.get("name")).isEqualTo("jwt-public-key");
            assertThat(get(v, "configMap.name")).isEqualTo("concordia-jwt-cm");
            assertThat(v).doesNotContainKey("secret");
        });
    }

    // ---------------------------------------------------------------------------------- other objects

    @Test
    void serviceExposesPort80ToTheHttpPort() {
        List<Map<String, Object>> docs = render();
        Map<String, Object> service = only(docs, "Service");

        assertThat(get(service, "spec.type")).isEqualTo("ClusterIP");
        assertThat(maps(map(service, "spec"), "ports")).singleElement().satisfies(p -> {
            assertThat(p.get("port")).isEqualTo(80);
            assertThat(p.get("targetPort")).isEqualTo("http");
        });
        assertThat(get(service, "spec.selector")).isEqualTo(get(only(docs, "Deployment"), "spec.selector.matchLabels"));
    }

    @Test
    void serviceAccountAndDisruptionBudgetByDefault() {
        List<Map<String, Object>> docs = render();
        Map<String, Object> sa = only(docs, "ServiceAccount");
        assertThat(get(only(docs, "Deployment"), "spec.template.spec.serviceAccountName"))
                .isEqualTo(get(sa, "metadata.name"));

        Map<String, Object> pdb = only(docs, "PodDisruptionBudget");
        assertThat(get(pdb, "spec.maxUnavailable"))
                .as("a drain takes one pod of three at a time")
                .isEqualTo(1);
        assertThat(map(pdb, "spec")).doesNotContainKey("minAvailable");
        assertThat(get(pdb, "spec.selector.matchLabels"))
                .isEqualTo(get(only(docs, "Deployment"), "spec.selector.matchLabels"));
        Map<String, Object> byMinimum =
                only(render(t -> t.set("podDisruptionBudget.minAvailable", 2)), "PodDisruptionBudget");
        assertThat(get(byMinimum, "spec.minAvailable")).isEqualTo(2);
        assertThat(map(byMinimum, "spec")).doesNotContainKey("maxUnavailable");

        assertThat(kinds(render(t -> t.set("replicaCount", 1)))).doesNotContain("PodDisruptionBudget");
        assertThat(kinds(render(t -> t.set("serviceAccount.create", false)))).doesNotContain("ServiceAccount");
    }

    @Test
    void networkPolicyIsOffByDefaultAndRestrictsIngressWhenEnabled() {
        assertThat(kinds(render())).doesNotContain("NetworkPolicy");

        Map<String, Object> policy = only(
                render(t -> t.set("networkPolicy.enabled", true).set("networkPolicy.egress.enabled", true)),
                "NetworkPolicy");
        assertThat(list(map(policy, "spec"), "policyTypes")).containsExactly("Ingress", "Egress");
        assertThat(maps(map(policy, "spec"), "ingress"))
                .singleElement()
                .satisfies(rule ->
                        assertThat(list(rule, "ports")).containsExactly(Map.of("port", "http", "protocol", "TCP")));
    }

    // ---------------------------------------------------------------------------------- failures

    @Test
    void renderingWithoutKafkaBootstrapServersFailsWithAClearMessage() {
        assertThatThrownBy(() -> template()
                        .set("database.jdbcUrl", "jdbc:postgresql://pg:5432/concordia")
                        .set("database.existingSecret", "db")
                        .set("jwt.publicKey.existingSecret", "jwt")
                        .call())
                .hasMessageContaining("kafka.bootstrapServers is required");
    }

    @Test
    void renderingWithoutRequiredDatabaseSettingsFails() {
        assertThatThrownBy(() -> render(t -> t.set("database.jdbcUrl", "")))
                .hasMessageContaining("database.jdbcUrl is required");
        assertThatThrownBy(() -> render(t -> t.set("database.existingSecret", "")))
                .hasMessageContaining("database.existingSecret is required");
        assertThatThrownBy(() -> render(t -> t.set("jwt.publicKey.existingSecret", "")))
                .hasMessageContaining("jwt.publicKey.existingSecret or jwt.publicKey.existingConfigMap");
        assertThatThrownBy(() -> render(t -> t.set("kafka.sasl.existingSecret", "")))
                .hasMessageContaining("kafka.sasl.existingSecret is required");
    }

    @Test
    void valuesOfTheWrongTypeAreRejectedByTheSchema() {
        assertThatThrownBy(() -> render(t -> t.set("replicaCount", "two"))).hasMessageContaining("replicaCount");
        assertThatThrownBy(() -> render(t -> t.set("database.jdbcUrl", "jdbc:mysql://db/concordia")))
                .hasMessageContaining("jdbcUrl");
        assertThatThrownBy(() -> render(t -> t.set("extraEnv.not-an-env-name", "x")))
                .hasMessageContaining("schema")
                .hasMessageContaining("not-an-env-name");
    }

    @Test
    void aBrokenCopyOfTheChartFailsLintAndTemplate(@TempDir Path tmp) throws IOException {
        Path broken = tmp.resolve("concordia");
        copyTree(chart, broken);
        Path deployment = broken.resolve("templates/deployment.yaml");
        Files.writeString(
                deployment,
                Files.readString(deployment)
                        .replace("{{- with .Values.nodeSelector }}", "{{- with .Values.nodeSelector "));

        LintResult lint = new Helm(broken).lint().call();
        assertThat(lint.isFailed()).isTrue();
        assertThat(String.join("\n", lint.getMessages())).contains("deployment.yaml");

        assertThatThrownBy(() -> template(broken).withValuesFile(testValues).call())
                .hasMessageContaining("deployment.yaml");

        // the intact chart still renders with the same values: the failure is the syntax error
        assertThat(template(chart).withValuesFile(testValues).call()).contains("kind: Deployment");
    }

    // ---------------------------------------------------------------------------------- helpers

    /** Renders with the test values file. */
    private static List<Map<String, Object>> render() {
        return render(t -> t);
    }

    /** Renders with the test values file, then the customizer's settings (its --set wins). */
    private static List<Map<String, Object>> render(UnaryOperator<TemplateCommand> customizer) {
        return parse(customizer.apply(template().withValuesFile(testValues)).call());
    }

    /** Renders with the chart's defaults plus the required values only (no test values file). */
    private static List<Map<String, Object>> renderMinimal() {
        return parse(template()
                .set("kafka.bootstrapServers", "kafka:9092")
                .set("database.jdbcUrl", "jdbc:postgresql://pg:5432/concordia")
                .set("database.existingSecret", "db")
                .set("jwt.publicKey.existingSecret", "jwt")
                .call());
    }

    private static TemplateCommand template() {
        return template(chart);
    }

    /** helm template with a release name, a namespace and a current Kubernetes version. */
    private static TemplateCommand template(Path chartDir) {
        return new Helm(chartDir)
                .template()
                .withName(RELEASE)
                .withNamespace("clearing")
                .withKubeVersion(KUBE_VERSION);
    }

    private static List<Map<String, Object>> parse(String manifests) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(manifests)) {
            if (doc != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) doc;
                docs.add(map);
            }
        }
        return docs;
    }

    private static String configChecksum(List<Map<String, Object>> docs) {
        Map<String, Object> annotations = map(only(docs, "Deployment"), "spec.template.metadata.annotations");
        return (String) annotations.get("checksum/config");
    }

    private static List<String> kinds(List<Map<String, Object>> docs) {
        return docs.stream().map(d -> (String) d.get("kind")).toList();
    }

    private static Map<String, Object> only(List<Map<String, Object>> docs, String kind) {
        List<Map<String, Object>> matching =
                docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
        assertThat(matching).as("rendered %s objects", kind).hasSize(1);
        return matching.get(0);
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        List<Map<String, Object>> containers = maps(map(deployment, "spec.template.spec"), "containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static Map<String, Object> secretRef(Map<String, Object> container, String name) {
        List<Map<String, Object>> env = maps(container, "env");
        Map<String, Object> entry = env.stream()
                .filter(e -> name.equals(e.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name + " in " + env));
        return map(entry, "valueFrom.secretKeyRef");
    }

    /** Walks a dotted path through nested maps. */
    @SuppressWarnings("unchecked")
    private static Object get(Map<String, Object> root, String path) {
        Object current = root;
        for (String key : path.split("\\.")) {
            assertThat(current).as("parent of %s in path %s", key, path).isInstanceOf(Map.class);
            current = ((Map<String, Object>) current).get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> root, String path) {
        Object value = get(root, path);
        assertThat(value).as("map at %s", path).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Map<String, Object> parent, String key) {
        return (List<Map<String, Object>>) (List<?>) list(parent, key);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as("list %s", key).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            paths.forEach(source -> {
                try {
                    Path target = to.resolve(from.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
