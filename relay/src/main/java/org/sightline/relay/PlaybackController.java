package org.sightline.relay;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.sightline.contracts.Caller;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.console.AccountRole;
import org.sightline.contracts.relay.RecordingSegmentStored;
import org.sightline.contracts.relay.SessionContentKeys;
import org.sightline.contracts.retention.RecordingsExpired;
import org.sightline.contracts.session.ControlGiven;
import org.sightline.contracts.session.ControlTakenBack;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Plays recordings back to admins and auditors: the timeline (segments as the events record
 * them, and who had control when) and the frames from any offset, starting at the key frame
 * at or before it. Each segment file must still have the SHA-256 its event recorded.
 */
@RestController
class PlaybackController {

    private final RelayHub hub;
    private final EventStore events;
    private final SessionContentKeys keys;

    PlaybackController(RelayHub hub, EventStore events, SessionContentKeys keys) {
        this.hub = hub;
        this.events = events;
        this.keys = keys;
    }

    record Segment(int segment, long firstSequence, long lastSequence, int frames,
            Instant firstCapturedAt, Instant lastCapturedAt, long bytes, String sha256) {
    }

    record Control(String rep, Instant from, Instant to) {
    }

    /** @param recordingExpiredAt when the recording expired before the rest of the content */
    record Timeline(Lsid lsid, Instant startedAt, List<Segment> segments,
            List<Control> control, Instant recordingExpiredAt) {
    }

    @GetMapping("/api/sessions/{lsid}/recording/timeline")
    Mono<Timeline> timeline(@PathVariable Lsid lsid,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        requireAuditor(caller);
        return Mono.fromCallable(() -> read(lsid)).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * The frames from {@code offset} (an ISO-8601 duration after the recording's first frame;
     * default the start), each as a 4-byte big-endian length and the frame.
     */
    @GetMapping(value = "/api/sessions/{lsid}/recording",
            produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    Flux<DataBuffer> play(@PathVariable Lsid lsid,
            @RequestParam(name = "offset", required = false) String offset,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        requireAuditor(caller);
        Duration from = parse(offset);
        return Mono.fromCallable(() -> read(lsid))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(timeline -> frames(lsid, timeline, from));
    }

    private Flux<DataBuffer> frames(Lsid lsid, Timeline timeline, Duration offset) {
        if (timeline.segments().isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND,
                    "the session has no recording");
        }
        if (timeline.recordingExpiredAt() != null) {
            throw new ResponseStatusException(HttpStatus.GONE, "the session's recording expired"
                    + " at " + timeline.recordingExpiredAt() + ": its files are deleted");
        }
        SecretKey key = keys.keyForReading(lsid).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.GONE, "the session's content expired: its recording is gone"));
        long target = micros(timeline.startedAt().plus(offset));
        List<RecordingFiles.KeyFrame> starts = RecordingFiles.keyFrames(hub.recordings(lsid));
        RecordingFiles.KeyFrame start = starts.get(0);
        for (RecordingFiles.KeyFrame candidate : starts) {
            if (candidate.capturedMicros() <= target) {
                start = candidate;
            }
        }
        Map<Integer, Segment> stored = new LinkedHashMap<>();
        timeline.segments().forEach(segment -> stored.put(segment.segment(), segment));
        RecordingFiles.KeyFrame first = start;
        return Flux.<DataBuffer>create(sink -> {
            try {
                for (int segment : RecordingFiles.segments(hub.recordings(lsid))) {
                    if (segment < first.segment()) {
                        continue;
                    }
                    Segment recorded = stored.get(segment);
                    String found = RecordingFiles.sha256(RecordingFiles.records(
                            hub.recordings(lsid), segment));
                    if (recorded == null || !recorded.sha256().equals(found)) {
                        sink.error(new ResponseStatusException(HttpStatus.CONFLICT, "segment "
                                + segment + " does not match its recorded SHA-256"));
                        return;
                    }
                    boolean firstSegment = segment == first.segment();
                    RecordingFiles.read(hub.recordings(lsid), lsid, key, segment,
                            firstSegment ? first.record() : 0,
                            firstSegment ? first.offset() : 0,
                            frame -> sink.next(DefaultDataBufferFactory.sharedInstance.wrap(
                                    ByteBuffer.allocate(4 + frame.size())
                                            .putInt(frame.size()).put(frame.bytes()).flip())));
                }
                sink.complete();
            } catch (RuntimeException e) {
                sink.error(e);
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private Timeline read(Lsid lsid) {
        List<Segment> segments = new ArrayList<>();
        List<Control> control = new ArrayList<>();
        String holder = null;
        Instant since = null;
        Instant recordingExpired = null;
        var stream = events.readEvents(lsid.value());
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            Object payload = event.getPayload();
            if (payload instanceof RecordingSegmentStored s) {
                segments.add(new Segment(s.segment(), s.firstSequence(), s.lastSequence(),
                        s.frames(), Instant.parse(s.firstCapturedAt()),
                        Instant.parse(s.lastCapturedAt()), s.bytes(), s.sha256()));
            } else if (payload instanceof RecordingsExpired) {
                recordingExpired = event.getTimestamp();
            } else if (payload instanceof ControlGiven given) {
                holder = given.rep().value();
                since = event.getTimestamp();
            } else if (payload instanceof ControlTakenBack && holder != null) {
                control.add(new Control(holder, since, event.getTimestamp()));
                holder = null;
            }
        }
        if (holder != null) {
            control.add(new Control(holder, since, null));
        }
        segments.sort((a, b) -> Integer.compare(a.segment(), b.segment()));
        Instant started = segments.isEmpty() ? null : segments.get(0).firstCapturedAt();
        return new Timeline(lsid, started, segments, control, recordingExpired);
    }

    private static Duration parse(String offset) {
        if (offset == null) {
            return Duration.ZERO;
        }
        try {
            Duration parsed = Duration.parse(offset);
            if (parsed.isNegative()) {
                throw new IllegalArgumentException("offset is not negative");
            }
            return parsed;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("offset is an ISO-8601 duration such as PT12.5S");
        }
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                instant.getNano() / 1000);
    }

    private static void requireAuditor(Caller caller) {
        if (caller == null) {
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED,
                    "a valid bearer token is required");
        }
        if (!caller.isConsole(AccountRole.AUDITOR) && !caller.isConsole(AccountRole.ADMIN)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN,
                    "only an admin or an auditor plays recordings back");
        }
    }
}
