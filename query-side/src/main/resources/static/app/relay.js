// The browser's side of the relay protocol (docs/relay-protocol.md): frames, connecting
// with a relay token, publishing the shared screen as JPEG key frames, drawing them.
import { api } from './common.js';

export const Kind = { KEY: 1, DELTA: 2, INPUT: 3, CURSOR: 4, CLIPBOARD: 5, CONTROL: 6 };
const HEADER = 20;

export function encodeFrame(kind, sequence, payload) {
  const frame = new Uint8Array(HEADER + payload.byteLength);
  const view = new DataView(frame.buffer);
  view.setUint8(0, 1);
  view.setUint8(1, kind);
  view.setBigUint64(4, BigInt(sequence));
  view.setBigUint64(12, BigInt(Date.now()) * 1000n);
  frame.set(payload, HEADER);
  return frame;
}

export function decodeFrame(buffer) {
  const view = new DataView(buffer);
  if (buffer.byteLength < HEADER || view.getUint8(0) !== 1) {
    throw new Error('not a relay frame of version 1');
  }
  return {
    kind: view.getUint8(1),
    sequence: Number(view.getBigUint64(4)),
    capturedMicros: Number(view.getBigUint64(12)),
    payload: new Uint8Array(buffer, HEADER),
  };
}

const CLOSE_REASONS = {
  1000: 'the session ended',
  4001: 'the relay refused the token',
  4003: 'no longer permitted in this session',
  4008: 'the connection was too slow',
  4009: 'replaced by a newer connection',
  4010: 'another Sightline node relays this session',
};

/**
 * Opens the relay for a session with a bearer token. Resolves once the relay sent its first
 * control frame (only then may frames be sent). onFrame gets every later frame;
 * onControl(holder) every control frame; onClose(text) the end of the connection.
 */
export async function connectRelay(lsid, bearer, { onFrame = () => {}, onControl = () => {},
  onClose = () => {} }) {
  const grant = await api('POST', `/api/sessions/${lsid}/relay-token`, { token: bearer });
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(`${scheme}//${location.host}${grant.path}`
    + `?token=${encodeURIComponent(grant.token)}`);
  socket.binaryType = 'arraybuffer';
  let sequence = 0;
  let attached = false;

  return new Promise((resolve, reject) => {
    const connection = {
      send(kind, payload) {
        if (socket.readyState === WebSocket.OPEN) {
          sequence += 1;
          socket.send(encodeFrame(kind, sequence, payload));
        }
      },
      buffered() {
        return socket.bufferedAmount;
      },
      close() {
        socket.close(1000);
      },
    };
    socket.onmessage = (message) => {
      if (!(message.data instanceof ArrayBuffer)) {
        return;
      }
      const frame = decodeFrame(message.data);
      if (frame.kind === Kind.CONTROL) {
        const { holder } = JSON.parse(new TextDecoder().decode(frame.payload));
        onControl(holder);
        if (!attached) {
          attached = true;
          resolve(connection);
        }
        return;
      }
      onFrame(frame);
    };
    socket.onclose = (event) => {
      const text = CLOSE_REASONS[event.code] || event.reason || `closed (${event.code})`;
      if (!attached) {
        reject(new Error(text));
      }
      onClose(text, event.code);
    };
  });
}

/**
 * Sends a media stream's picture to the relay as JPEG key frames, a few times a second,
 * scaled to at most maxWidth. Skips a picture while the socket still holds unsent data, so a
 * slow network lowers the frame rate instead of piling frames up. Returns a stop function.
 */
export function publishStream(stream, relay, { fps = 4, maxWidth = 1280, quality = 0.7,
  preview } = {}) {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  video.play();
  if (preview) {
    preview.srcObject = stream;
    preview.play();
  }
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d');
  let busy = false;
  const timer = setInterval(() => {
    if (busy || video.videoWidth === 0 || relay.buffered() > 0) {
      return;
    }
    const scale = Math.min(1, maxWidth / video.videoWidth);
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    busy = true;
    canvas.toBlob(async (blob) => {
      try {
        if (blob) {
          relay.send(Kind.KEY, new Uint8Array(await blob.arrayBuffer()));
        }
      } finally {
        busy = false;
      }
    }, 'image/jpeg', quality);
  }, 1000 / fps);
  return () => {
    clearInterval(timer);
    stream.getTracks().forEach((track) => track.stop());
    video.srcObject = null;
  };
}

/** Draws a screen frame's JPEG onto a canvas, sized to the picture. */
export async function drawFrame(canvas, frame) {
  if (frame.kind !== Kind.KEY && frame.kind !== Kind.DELTA) {
    return;
  }
  const bitmap = await createImageBitmap(new Blob([frame.payload], { type: 'image/jpeg' }));
  if (canvas.width !== bitmap.width || canvas.height !== bitmap.height) {
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
  }
  canvas.getContext('2d').drawImage(bitmap, 0, 0);
  bitmap.close();
}

/** The input payload the rep console sends and the portal shows: JSON, as the protocol says. */
export function inputPayload(event) {
  return new TextEncoder().encode(JSON.stringify(event));
}
