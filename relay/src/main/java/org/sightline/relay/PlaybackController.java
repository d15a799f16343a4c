package org.sightline.relay;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
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
                .flatMapMany(timeline -> Mono.fromCallable(() -> frames(lsid, timeline, from))
                        .subscribeOn(Schedulers.boundedElastic())
                        .flatMapMany(frames -> frames));
    }

    /**
     * Plays the segments the events recorded (a segment still being written, or a file no
     * event names, is not played), after checking every one of them against its recorded
     * SHA-256 and the starting key frame against its index: a missing or changed file answers
     * 409 before a byte is sent.
     */
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
        long target;
        try {
            target = micros(timeline.startedAt().plus(offset));
        } catch (ArithmeticException | DateTimeException e) {
            throw new IllegalArgumentException("offset is past any recording");
        }
        Path directory = hub.recordings(lsid);
        RecordingFiles.KeyFrame start = null;
        for (Segment segment : timeline.segments()) {
            for (RecordingFiles.KeyFrame candidate : RecordingFiles.keyFrames(directory,
                    segment.segment())) {
                if (start == null || candidate.capturedMicros() <= target) {
                    start = candidate;
                }
            }
        }
        if (start == null) {
            throw conflict("the recording's key frame index is missing");
        }
        List<Segment> played = new ArrayList<>();
        for (Segment segment : timeline.segments()) {
            if (segment.segment() < start.segment()) {
                continue;
            }
            Path file = RecordingFiles.records(directory, segment.segment());
            if (!Files.isRegularFile(file)) {
                throw conflict("segment " + segment.segment() + " is missing");
            }
            if (!segment.sha256().equals(RecordingFiles.sha256(file))) {
                throw conflict("segment " + segment.segment()
                        + " does not match its recorded SHA-256");
            }
            played.add(segment);
        }
        RecordingFiles.KeyFrame first = start;
        Frame[] startFrame = new Frame[1];
        RecordingFiles.read(directory, lsid, key, first.segment(), first.record(), first.offset(),
                frame -> {
                    if (startFrame[0] == null) {
                        startFrame[0] = frame;
                    }
                }, 1);
        if (startFrame[0] == null || startFrame[0].kind() != FrameKind.SCREEN_KEY
                || startFrame[0].sequence() != first.sequence()) {
            throw conflict("the key frame index of segment " + first.segment()
                    + " does not match its records");
        }
        return Flux.<DataBuffer>create(sink -> {
            try {
                for (Segment segment : played) {
                    boolean firstSegment = segment.segment() == first.segment();
                    RecordingFiles.read(directory, lsid, key, segment.segment(),
                            firstSegment ? first.record() : 0,
                            firstSegment ? first.offset() : 0,
                            frame -> sink.next(DefaultDataBufferFactory.sharedInstance.wrap(
                                    ByteBuffer.allocate(4 + frame.size())
                                            .putInt(frame.size()).put(frame.bytes()).flip())),
                            Integer.MAX_VALUE);
                }
                sink.complete();
            } catch (RuntimeException e) {
                sink.error(e);
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private static ResponseStatusException conflict(String why) {
        return new ResponseStatusException(HttpStatus.CONFLICT, why
                + ": the recording is not as it was recorded");
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
