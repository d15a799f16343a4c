package org.sightline.ops.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.sightline.command.encryption.EncryptingSerializer;
import org.sightline.command.encryption.FieldEncryption;
import org.sightline.command.encryption.SessionKeys;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.session.Author;
import org.sightline.contracts.session.ChatMessagePosted;

/**
 * {@code sightline bench-encryption EVENTS ROUNDS}: what field encryption costs the event
 * serializer. Each round writes and reads back EVENTS chat events (a customer's line of about
 * 200 characters) through Axon's plain Jackson serializer, then through the encrypting one,
 * in the same JVM on the same events, with the session keys already loaded (as they are once
 * a session is under way). Reports events/s of each and their ratio; the median ratio is the
 * result (docs/benchmarks.md).
 */
public final class EncryptionBenchmark {

    private EncryptionBenchmark() {
    }

    public static int run(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        JacksonSerializer plain = JacksonSerializer.builder()
                .objectMapper(new ObjectMapper()).build();
        List<Lsid> sessions = new ArrayList<>();
        Map<Lsid, SecretKey> keys = new HashMap<>();
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        for (int i = 0; i < 1000; i++) {
            sessions.add(Lsid.random());
            keys.put(sessions.get(i), generator.generateKey());
        }
        SessionKeys loaded = new SessionKeys() {
            @Override
            public SecretKey forWriting(Lsid lsid) {
                return keys.get(lsid);
            }

            @Override
            public Lookup find(Lsid lsid) {
                return new Found(forWriting(lsid));
            }
        };
        Serializer encrypting = new EncryptingSerializer(plain,
                new FieldEncryption(loaded, plain.getObjectMapper()));
        String text = "The printer on floor 3 prints blank pages since this morning; I tried"
                + " turning it off and on, changed the toner and printed a test page. Nothing.";
        List<ChatMessagePosted> chat = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            chat.add(new ChatMessagePosted(sessions.get(i % sessions.size()),
                    Author.customer("Carol Customer"), text + " #" + i));
        }

        System.out.printf(Locale.ROOT, "%d chat events a round, %d rounds%n", events, rounds);
        System.out.println("| round | plain events/s | encrypted events/s | encrypted/plain |");
        System.out.println("|---|---|---|---|");
        double[] ratios = new double[rounds];
        time(plain, chat); // warm up both paths once
        time(encrypting, chat);
        for (int round = 1; round <= rounds; round++) {
            double plainRate = time(plain, chat);
            double encryptedRate = time(encrypting, chat);
            ratios[round - 1] = encryptedRate / plainRate;
            System.out.printf(Locale.ROOT, "| %d | %,.0f | %,.0f | %.3f |%n", round, plainRate,
                    encryptedRate, ratios[round - 1]);
        }
        Arrays.sort(ratios);
        System.out.printf(Locale.ROOT, "Median encrypted/plain ratio: %.3f%n",
                ratios[rounds / 2]);
        return 0;
    }

    /** Events/s written to bytes and read back, checking each comes back equal. */
    private static double time(Serializer serializer, List<ChatMessagePosted> chat) {
        long started = System.nanoTime();
        for (ChatMessagePosted event : chat) {
            SerializedObject<byte[]> bytes = serializer.serialize(event, byte[].class);
            Object back = serializer.deserialize(bytes);
            if (!event.equals(back)) {
                throw new IllegalStateException("an event did not come back equal");
            }
        }
        return chat.size() / ((System.nanoTime() - started) / 1e9);
    }
}
