package org.sightline.ops.identity;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.sightline.ops.TestProcesses;

/**
 * A real OpenLDAP slapd for tests, on a free loopback port, with its configuration, database
 * and log in a directory of its own; nothing under /etc/ldap is read but the schema files.
 * Holds the people and groups of {@link #PEOPLE}. Started and stopped by its own PID. With
 * TLS it also listens for ldaps on a second port, with a self-signed certificate for 127.0.0.1
 * that no JVM trust store holds.
 */
final class Slapd implements AutoCloseable {

    static final String SUFFIX = "dc=sightline,dc=test";
    static final String PEOPLE = "ou=people," + SUFFIX;
    static final String GROUPS = "ou=groups," + SUFFIX;
    static final String SERVICE_DN = "cn=sightline-service,ou=services," + SUFFIX;
    static final String SERVICE_PASSWORD = "service-password-for-tests";
    static final String ALICE_PASSWORD = "alice-password-for-tests";
    static final String BOB_PASSWORD = "bob-password-for-tests";
    static final String CAROL_PASSWORD = "carol-password-for-tests";
    static final String DAN_PASSWORD = "dan-password-for-tests";
    static final String DAVE_PASSWORD = "dave-password-for-tests";
    static final String ERIN_PASSWORD = "erin-password-for-tests";

    private static final String ROOT_DN = "cn=admin," + SUFFIX;
    private static final String ROOT_PASSWORD = "root-password-for-tests";

    final int port;
    final int tlsPort;
    private final Path directory;
    private final Path config;
    private Process process;

    private Slapd(Path directory, boolean tls) throws IOException {
        this.directory = directory;
        this.port = TestProcesses.freePort();
        this.tlsPort = tls ? TestProcesses.freePort() : 0;
        this.config = directory.resolve("slapd.conf");
        Files.createDirectories(directory.resolve("db"));
        // Like Active Directory, this directory accepts an unauthenticated bind (a DN with an
        // empty password) as an anonymous one, so a test can show Directory refuses it itself.
        Files.writeString(config, """
                include /etc/ldap/schema/core.schema
                include /etc/ldap/schema/cosine.schema
                include /etc/ldap/schema/inetorgperson.schema
                modulepath /usr/lib/ldap
                moduleload back_mdb
                %5$s
                pidfile %1$s/slapd.pid
                argsfile %1$s/slapd.args
                allow bind_anon_dn
                database mdb
                maxsize 10485760
                suffix "%2$s"
                rootdn "%3$s"
                rootpw "%4$s"
                directory %1$s/db
                access to attrs=userPassword by anonymous auth by * none
                access to * by users read by anonymous auth by * none
                """.formatted(directory, SUFFIX, ROOT_DN, ROOT_PASSWORD, tls
                ? "TLSCertificateFile %1$s/cert.pem%nTLSCertificateKeyFile %1$s/key.pem"
                        .formatted(directory)
                : ""));
    }

    /** A slapd in {@code directory}, checked, started and filled with the test entries. */
    static Slapd start(Path directory) throws IOException, InterruptedException {
        return start(directory, false);
    }

    /** The same, also listening for ldaps on {@link #tlsPort} if {@code tls}. */
    static Slapd start(Path directory, boolean tls) throws IOException, InterruptedException {
        Slapd slapd = new Slapd(directory, tls);
        try {
            if (tls) {
                slapd.certify();
            }
            slapd.run();
            slapd.load(entries());
            return slapd;
        } catch (IOException | InterruptedException | RuntimeException e) {
            // Never leave a half-started slapd behind.
            slapd.close();
            throw e;
        }
    }

    /** The URL Directory connects to. */
    String url() {
        return "ldap://127.0.0.1:" + port;
    }

    /** The URL of the ldaps listener. */
    String tlsUrl() {
        return "ldaps://127.0.0.1:" + tlsPort;
    }

    private void certify() throws IOException, InterruptedException {
        String failed = exec(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", directory.resolve("key.pem").toString(),
                "-out", directory.resolve("cert.pem").toString()));
        if (failed != null) {
            throw new IllegalStateException("openssl made no certificate: " + failed);
        }
    }

    private void run() throws IOException, InterruptedException {
        String checked = exec(List.of("slaptest", "-f", config.toString(), "-u"));
        if (checked != null) {
            throw new IllegalStateException("slaptest refuses the configuration: " + checked);
        }
        // -d 0 keeps slapd in the foreground, so the started process is slapd itself.
        String urls = tlsPort == 0 ? url() + "/" : url() + "/ " + tlsUrl() + "/";
        process = new ProcessBuilder("slapd", "-f", config.toString(), "-h", urls, "-d", "0")
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("slapd.out").toFile())
                .start();
        awaitListening(port);
        if (tlsPort != 0) {
            awaitListening(tlsPort);
        }
    }

    private void load(String ldif) throws IOException, InterruptedException {
        Path file = directory.resolve("entries.ldif");
        Path password = directory.resolve("root.password");
        Files.writeString(file, ldif);
        Files.writeString(password, ROOT_PASSWORD);
        String failed = exec(List.of("ldapadd", "-x", "-H", url(), "-D", ROOT_DN,
                "-y", password.toString(), "-f", file.toString()));
        if (failed != null) {
            throw new IllegalStateException("ldapadd failed: " + failed);
        }
    }

    /** Stops slapd by its own PID and waits until it has ended. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }

        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Runs a command with no LDAP client configuration; its output if it fails, else null. */
    private String exec(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LDAPNOINIT", "1");
        Process started = builder.start();
        String output = new String(started.getInputStream().readAllBytes());
        if (!started.waitFor(30, TimeUnit.SECONDS)) {
            started.destroyForcibly();
            return "timed out: " + output;
        }
        return started.exitValue() == 0 ? null : output;
    }

    private void awaitListening(int port) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                new Socket("127.0.0.1", port).close();
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("slapd does not listen on port " + port
                + "; see " + directory.resolve("slapd.out"));
    }

    /**
     * alice is in support-tier2, bob in sightline-admins, carol in auditors, dan only in the
     * unmapped kitchen group, erin in support-tier2 and sightline-admins; dave, a member of
     * support-tier2 below ou=contractors, is out of reach of a DN pattern for ou=people.
     */
    private static String entries() {
        return """
                dn: %1$s
                objectClass: dcObject
                objectClass: organization
                dc: sightline
                o: Sightline test

                dn: ou=people,%1$s
                objectClass: organizationalUnit
                ou: people

                dn: ou=contractors,ou=people,%1$s
                objectClass: organizationalUnit
                ou: contractors

                dn: ou=groups,%1$s
                objectClass: organizationalUnit
                ou: groups

                dn: ou=services,%1$s
                objectClass: organizationalUnit
                ou: services

                dn: %2$s
                objectClass: inetOrgPerson
                cn: sightline-service
                sn: service
                userPassword: %3$s

                %4$s
                %5$s
                %6$s
                %7$s
                %8$s
                %9$s
                dn: cn=support-tier2,ou=groups,%1$s
                objectClass: groupOfNames
                cn: support-tier2
                member: uid=alice,ou=people,%1$s
                member: uid=erin,ou=people,%1$s
                member: uid=dave,ou=contractors,ou=people,%1$s

                dn: cn=sightline-admins,ou=groups,%1$s
                objectClass: groupOfNames
                cn: sightline-admins
                member: uid=bob,ou=people,%1$s
                member: uid=erin,ou=people,%1$s

                dn: cn=auditors,ou=groups,%1$s
                objectClass: groupOfNames
                cn: auditors
                member: uid=carol,ou=people,%1$s

                dn: cn=kitchen,ou=groups,%1$s
                objectClass: groupOfNames
                cn: kitchen
                member: uid=dan,ou=people,%1$s
                """.formatted(SUFFIX, SERVICE_DN, SERVICE_PASSWORD,
                person("alice", PEOPLE, ALICE_PASSWORD), person("bob", PEOPLE, BOB_PASSWORD),
                person("carol", PEOPLE, CAROL_PASSWORD), person("dan", PEOPLE, DAN_PASSWORD),
                person("erin", PEOPLE, ERIN_PASSWORD),
                person("dave", "ou=contractors," + PEOPLE, DAVE_PASSWORD));
    }

    private static String person(String uid, String parent, String password) {
        return """
                dn: uid=%1$s,%2$s
                objectClass: inetOrgPerson
                uid: %1$s
                cn: %1$s
                sn: %1$s
                userPassword: %3$s
                """.formatted(uid, parent, password);
    }
}
