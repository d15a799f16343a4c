package org.sightline.ops;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.sightline.ops.audit.AuditCommand;
import org.sightline.ops.tls.TlsCommand;
import org.sightline.ops.bench.CommandThroughputBenchmark;
import org.sightline.ops.bench.EncryptionBenchmark;
import org.sightline.ops.bench.LiveStreamBenchmark;
import org.sightline.ops.bench.RelayBenchmark;
import org.sightline.ops.bench.SyslogBenchmark;
import org.sightline.ops.bench.VerificationBenchmark;
import org.sightline.ops.demo.Demo;
import org.axonframework.springboot.autoconfig.UpdateCheckerAutoConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Sightline in one process, on one port: every role, or those {@code sightline.roles} names
 * ({@link org.sightline.ops.roles.Roles}).
 *
 * <p>{@code sightline} (or {@code sightline run}) starts the server; {@code sightline demo}
 * starts it with a fresh embedded database, plays a whole support session through the HTTP
 * API, prints the session's log and exits 0 only if the log holds every step in order;
 * {@code sightline bench-commands} runs the command throughput benchmark
 * ({@code docs/benchmarks.md}).
 */
// Spring Security's core comes in with Kerberos ticket validation; Boot would then make an
// in-memory user with a generated password and log that password. Sightline has its own
// accounts, so that configuration stays off.
@SpringBootApplication(scanBasePackages = "org.sightline",
        exclude = {UpdateCheckerAutoConfiguration.class, FlywayAutoConfiguration.class,
                org.springframework.boot.autoconfigure.security.reactive
                        .ReactiveUserDetailsServiceAutoConfiguration.class})
@EnableScheduling
public class Sightline {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    public static void main(String[] args) throws Exception {
        boolean help = args.length > 0 && List.of("--help", "-h", "help").contains(args[0]);
        boolean named = args.length > 0 && (help || !args[0].startsWith("--"));
        String command = named ? args[0] : "run";
        String[] rest = named ? Arrays.copyOfRange(args, 1, args.length) : args;
        switch (command) {
            case "run" -> SpringApplication.run(Sightline.class, rest);
            case "demo" -> System.exit(Demo.run(rest));
            case "bench-commands" -> System.exit(CommandThroughputBenchmark.run(rest));
            case "bench-verify" -> System.exit(VerificationBenchmark.run(rest));
            case "bench-syslog" -> System.exit(SyslogBenchmark.run(rest));
            case "bench-encryption" -> System.exit(EncryptionBenchmark.run(rest));
            case "bench-relay" -> System.exit(RelayBenchmark.run(rest));
            case "bench-live" -> System.exit(LiveStreamBenchmark.run(rest));
            case "audit" -> System.exit(AuditCommand.run(rest));
            case "tls" -> System.exit(TlsCommand.run(rest));
            default -> {
                System.err.println("usage: sightline [run|demo|audit|tls|bench-commands|"
                        + "bench-verify|bench-syslog|bench-encryption|bench-relay|bench-live]"
                        + " [--name=value ...]");
                System.exit(2);
            }
        }
    }
}
