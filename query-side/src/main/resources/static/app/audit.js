// The auditor view: find sessions by time, rep, customer IP or LSID; open one to read its
// log and chain status and to play its recording with the control timeline beneath it.
import { api, byId, dateTime, el, fill, say } from './common.js';
import { decodeFrame, drawFrame } from './relay.js';
import { expired, showUser, signIn } from './signin.js';

const status = byId('status');
const PAGE = 50;
const LSID = /^[0-9a-f]{32}$/;
let user = null;
let query = null;
let page = 0;
let player = null;

async function start() {
  user = await signIn(byId('signin-area'), ['AUDITOR', 'ADMIN']);
  showUser(byId('user'), user);
  byId('workspace').hidden = false;
  const wanted = new URLSearchParams(location.hash.slice(1)).get('lsid');
  if (wanted && LSID.test(wanted)) {
    openSession(wanted);
  }
}

async function call(path, failure) {
  try {
    return await api('GET', path, { token: user.token });
  } catch (error) {
    if (error.status === 401) {
      expired(status);
    } else if (failure) {
      say(status, `${failure}: ${error.message}`, 'error');
    }
    throw error;
  }
}

function utc(localValue) {
  return localValue ? new Date(localValue).toISOString() : null;
}

byId('search').addEventListener('submit', (event) => {
  event.preventDefault();
  const lsid = byId('lsid-search').value.trim().toLowerCase();
  if (lsid) {
    if (!LSID.test(lsid)) {
      say(status, 'An LSID is 32 hexadecimal digits.', 'error');
      return;
    }
    // An LSID names one session: the other criteria do not apply to it.
    byId('results').hidden = true;
    byId('lsid-search').value = '';
    openSession(lsid);
    return;
  }
  if (byId('from').value && byId('to').value && byId('from').value >= byId('to').value) {
    say(status, '"Started from" must come before "until".', 'error');
    return;
  }
  query = new URLSearchParams();
  for (const [name, value] of [['from', utc(byId('from').value)], ['to', utc(byId('to').value)],
    ['rep', byId('rep').value.trim()], ['customerIp', byId('customer-ip').value.trim()]]) {
    if (value) {
      query.set(name, value);
    }
  }
  page = 0;
  search();
});

async function search() {
  query.set('page', page);
  query.set('size', PAGE);
  let found;
  try {
    found = await call(`/api/sessions?${query}`, 'The search failed');
  } catch (error) {
    byId('results').hidden = true;
    return;
  }
  say(status, '');
  byId('results').hidden = false;
  fill(byId('total'), `(${found.total} found; page ${page + 1})`);
  fill(byId('rows'), found.items.map((session) => el('tr', {},
    el('td', {}, dateTime(session.startedAt)),
    el('td', {}, session.customerName ?? '(content expired)',
      session.company ? ` (${session.company})` : ''),
    el('td', {}, session.customerIp),
    el('td', {}, session.queue),
    el('td', {}, session.reps.join(', ')),
    el('td', {}, session.endedAt ? dateTime(session.endedAt) : 'running'),
    el('td', {}, el('button', { type: 'button', class: 'link', onclick: () => openSession(session.lsid) },
      session.lsid)))));
  byId('previous').disabled = page === 0;
  byId('next').disabled = (page + 1) * PAGE >= found.total;
}

byId('previous').addEventListener('click', () => { page = Math.max(0, page - 1); search(); });
byId('next').addEventListener('click', () => { page += 1; search(); });

async function openSession(lsid) {
  if (!LSID.test(lsid)) {
    return;
  }
  stopPlayer();
  let session;
  let chain;
  let log;
  try {
    [session, chain, log] = await Promise.all([
      call(`/api/sessions/${lsid}`, 'The session did not open'),
      call(`/api/sessions/${lsid}/chain`),
      call(`/api/sessions/${lsid}/log`),
    ]);
  } catch (error) {
    return;
  }
  say(status, '');
  location.hash = `lsid=${lsid}`;
  byId('detail').hidden = false;
  fill(byId('detail-lsid'), lsid);
  const fact = (name, value) => [el('dt', {}, name), el('dd', {}, value ?? '')];
  fill(byId('facts'),
    fact('Customer', session.customerName ?? '(content expired)'),
    fact('Company', session.company),
    fact('Customer IP', session.customerIp + (session.privateIp ? ` (private ${session.privateIp})` : '')),
    fact('Queue', session.queue),
    fact('Reps', session.reps.join(', ')),
    fact('Started', dateTime(session.startedAt)),
    fact('Ended', session.endedAt ? dateTime(session.endedAt) : 'running'),
    fact('Legal hold', session.legalHold ? 'yes' : 'no'),
    session.contentExpiredAt ? fact('Content expired', dateTime(session.contentExpiredAt)) : []);
  showChain(chain);
  fill(byId('log'), log.map((entry) => el('tr', { class: entry.type.replaceAll('.', '-') },
    el('td', {}, entry.at), el('td', {}, `${entry.type} (${entry.code})`),
    el('td', {}, entry.actor), el('td', {}, entry.line))));
  byId('log-text-link').onclick = (event) => {
    event.preventDefault();
    download(lsid);
  };
  loadRecording(lsid);
}

function showChain(chain) {
  const element = byId('chain');
  element.className = `chain ${chain.state}`;
  if (chain.state === 'verified') {
    fill(element, `Hash chain verified up to event ${chain.headSeq}`,
      chain.checkpointId ? `, covered by checkpoint ${chain.checkpointId}` : '',
      `; checked ${dateTime(chain.checkedAt)}.`);
  } else if (chain.state === 'failed') {
    fill(element, `Hash chain FAILED: ${chain.problem}`);
  } else {
    fill(element, 'The hash chain has not been checked yet.');
  }
}

async function download(lsid) {
  try {
    const response = await fetch(`/api/sessions/${lsid}/log.txt`,
      { headers: { Authorization: `Bearer ${user.token}` }, cache: 'no-store' });
    if (!response.ok) {
      throw new Error(`the server answered ${response.status}`);
    }
    const url = URL.createObjectURL(await response.blob());
    const link = el('a', { href: url, download: `session-${lsid}.txt` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (error) {
    say(status, `The log did not download: ${error.message}`, 'error');
  }
}

async function loadRecording(lsid) {
  byId('player').hidden = true;
  let timeline;
  try {
    timeline = await api('GET', `/api/sessions/${lsid}/recording/timeline`, { token: user.token });
  } catch (error) {
    fill(byId('recording-text'), `No recording: ${error.message}`);
    return;
  }
  if (timeline.recordingExpiredAt) {
    fill(byId('recording-text'), `The recording expired on ${dateTime(timeline.recordingExpiredAt)}.`);
    return;
  }
  if (timeline.segments.length === 0) {
    fill(byId('recording-text'), 'This session has no recording.');
    return;
  }
  const start = Date.parse(timeline.startedAt);
  const end = Math.max(...timeline.segments.map((segment) => Date.parse(segment.lastCapturedAt)));
  const length = Math.max(1, end - start);
  fill(byId('recording-text'), `${timeline.segments.length} segment(s), `
    + `${timeline.segments.reduce((sum, s) => sum + s.frames, 0)} frames, `
    + `${(length / 1000).toFixed(1)} s from ${dateTime(timeline.startedAt)}.`);
  byId('player').hidden = false;
  drawTimeline(timeline, start, length);
  player = { lsid, start, length, position: 0, abort: null };
  showClock(0);
  byId('play').onclick = () => play(player.position >= length ? 0 : player.position);
  byId('pause').onclick = stopPlayer;
  byId('timeline').onclick = (event) => {
    const box = byId('timeline').getBoundingClientRect();
    play(Math.round(((event.clientX - box.left) / box.width) * length));
  };
}

/** The control periods as bars under the picture, one colour per rep, with a legend. */
function drawTimeline(timeline, start, length) {
  const bar = byId('timeline');
  bar.querySelectorAll('.control').forEach((old) => old.remove());
  const reps = [...new Set(timeline.control.map((period) => period.rep))];
  for (const period of timeline.control) {
    const from = Math.max(0, Date.parse(period.from) - start);
    const to = Math.min(length, (period.to ? Date.parse(period.to) : start + length) - start);
    if (to <= 0 || from >= length) {
      continue;
    }
    const block = el('div', {
      class: `control rep-${reps.indexOf(period.rep) % 6}`,
      title: `${period.rep} had control from ${dateTime(period.from)}`
        + (period.to ? ` to ${dateTime(period.to)}` : ''),
      dataset: { rep: period.rep },
    });
    // Set through the CSSOM: the pages' policy allows no style attributes.
    block.style.left = `${(from / length) * 100}%`;
    block.style.width = `${Math.max(0.5, ((to - from) / length) * 100)}%`;
    bar.append(block);
  }
  fill(byId('legend'), el('li', {}, el('span', { class: 'swatch customer' }), 'the customer had control'),
    reps.map((rep, index) => el('li', {}, el('span', { class: `swatch rep-${index % 6}` }),
      `${rep} had control`)));
}

function showClock(position) {
  fill(byId('clock'), `${(position / 1000).toFixed(1)} s of ${(player.length / 1000).toFixed(1)} s`);
  byId('playhead').style.left = `${Math.min(100, (position / player.length) * 100)}%`;
}

/** Plays from a position: frames arrive as a stream and are drawn at their capture times. */
async function play(from) {
  stopPlayer();
  const state = player;
  const controller = new AbortController();
  state.abort = controller;
  byId('play').disabled = true;
  byId('pause').disabled = false;
  try {
    const response = await fetch(`/api/sessions/${state.lsid}/recording?offset=PT${from / 1000}S`,
      { headers: { Authorization: `Bearer ${user.token}` }, signal: controller.signal });
    if (!response.ok) {
      const problem = await response.json().catch(() => null);
      throw new Error((problem && problem.detail) || `the server answered ${response.status}`);
    }
    const canvas = byId('playback');
    let clockStart = null;
    let firstAt = null;
    for await (const frame of frames(response.body)) {
      const at = frame.capturedMicros / 1000 - state.start;
      if (clockStart === null) {
        clockStart = performance.now();
        firstAt = at;
      }
      const wait = (at - firstAt) - (performance.now() - clockStart);
      if (wait > 0) {
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
      if (controller.signal.aborted) {
        return;
      }
      await drawFrame(canvas, frame).catch(() => {}); // a picture that does not decode
      state.position = at;
      canvas.dataset.frames = String(Number(canvas.dataset.frames || 0) + 1);
      canvas.dataset.at = String(Math.round(at)); // the drawn frame's place, in ms
      showClock(at);
    }
    state.position = state.length;
    showClock(state.length);
  } catch (error) {
    if (!controller.signal.aborted) {
      say(status, `Playback stopped: ${error.message}`, 'error');
    }
  } finally {
    if (state.abort === controller) {
      state.abort = null;
      byId('play').disabled = false;
      byId('pause').disabled = true;
    }
  }
}

/** The recording stream's frames: each a 4-byte big-endian length, then the frame. */
async function* frames(body) {
  const reader = body.getReader();
  let buffer = new Uint8Array(0);
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    const joined = new Uint8Array(buffer.length + value.length);
    joined.set(buffer);
    joined.set(value, buffer.length);
    buffer = joined;
    let offset = 0;
    while (buffer.length - offset >= 4) {
      const size = new DataView(buffer.buffer, buffer.byteOffset + offset).getUint32(0);
      if (buffer.length - offset - 4 < size) {
        break;
      }
      yield decodeFrame(buffer.slice(offset + 4, offset + 4 + size).buffer);
      offset += 4 + size;
    }
    buffer = buffer.slice(offset);
  }
}

function stopPlayer() {
  if (player && player.abort) {
    player.abort.abort();
    player.abort = null;
    byId('play').disabled = false;
    byId('pause').disabled = true;
  }
}

start();
