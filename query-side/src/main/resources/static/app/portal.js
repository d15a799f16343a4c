// The customer portal: ask for help, wait in the queue, chat, answer each permission
// request, share the screen, see who controls it, end the session. No sign-in: the
// customer token from the request proves the customer, kept for this tab only.
import { api, byId, el, fill, follow, PERMISSIONS, say, time, utf8Bytes } from './common.js';
import { connectRelay, Kind, publishStream } from './relay.js';

const STORE = 'sightline.customer';
const MAX_TEXT_BYTES = 8192;
const status = byId('status');
let session = null; // {lsid, token, name}
let events = null;
let positionTimer = null;
let sharing = null; // {relay, stop}
const reps = new Set();
const granted = new Map(); // kind -> Set of reps
let controlHolder = null;
let owner = null;

async function start() {
  try {
    const portal = await api('GET', '/api/portal');
    document.title = `${portal.siteName}: support`;
    fill(byId('site-name'), portal.siteName);
    fill(byId('greeting'), portal.greeting || '');
    fill(byId('queue'), portal.queues.map((queue) => el('option', { value: queue }, queue)));
  } catch (error) {
    say(status, `The portal could not load: ${error.message}`, 'error');
  }
  const stored = sessionStorage.getItem(STORE);
  if (stored) {
    open(JSON.parse(stored));
  } else {
    byId('request').hidden = false;
  }
}

byId('request').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (utf8Bytes(byId('problem').value.trim()) > MAX_TEXT_BYTES) {
    say(status, 'Your description is too long: please shorten it.', 'error');
    return;
  }
  const button = byId('start');
  button.disabled = true;
  say(status, 'Asking for help...');
  const company = byId('company').value.trim();
  try {
    const opened = await api('POST', '/api/sessions', {
      body: {
        queue: byId('queue').value,
        customerName: byId('customer-name').value.trim(),
        company: company === '' ? null : company,
        problemDescription: byId('problem').value.trim(),
        clientKind: 'BROWSER',
      },
    });
    const created = { lsid: opened.lsid, token: opened.customerToken,
      name: byId('customer-name').value.trim() };
    sessionStorage.setItem(STORE, JSON.stringify(created));
    say(status, '');
    open(created);
  } catch (error) {
    say(status, `Your request was not accepted: ${error.message}`, 'error');
  } finally {
    button.disabled = false;
  }
});

function open(opened) {
  session = opened;
  byId('request').hidden = true;
  byId('ended').hidden = true;
  byId('session').hidden = false;
  fill(byId('lsid'), session.lsid);
  fill(byId('waiting'), 'Waiting for a rep...');
  events = follow(`/api/sessions/${session.lsid}/events`, session.token, {
    onEvent: (name, entry) => name === 'log' && apply(entry),
    onStatus: (text) => say(status, text, 'warning'),
    onRefused: (error) => {
      say(status, `This session is no longer open to you: ${error.message}`, 'error');
      finish('');
    },
  });
  positionTimer = setInterval(showPosition, 3000);
  showPosition();
}

async function showPosition() {
  if (!session || owner) {
    return;
  }
  try {
    const place = await api('GET', `/api/sessions/${session.lsid}/position`,
      { token: session.token });
    if (place.position) {
      fill(byId('waiting'), `You are number ${place.position} in the queue ${place.queue}`
        + ` (${place.waiting} waiting).`);
    }
  } catch (error) {
    // Not listed yet right after the request: the next tick asks again.
  }
}

/** A line in the chat that says what happened, not who said what. */
function note(entry, text) {
  byId('chat').append(el('li', { class: 'system' }, el('span', { class: 'when' }, time(entry.at)),
    el('span', { class: 'text' }, text)));
  byId('chat').lastElementChild.scrollIntoView({ block: 'nearest' });
}

/** Applies one log entry of the session, in the order the store holds them. */
function apply(entry) {
  const d = entry.details;
  switch (entry.type) {
    case 'session.rep.joined':
      reps.add(d.rep);
      if (d.role === 'OWNER') {
        owner = d.rep;
        fill(byId('waiting'), `${d.rep} is helping you.`);
      }
      note(entry, `${d.rep} joined the session.`);
      showReps();
      break;
    case 'session.rep.left':
      reps.delete(d.rep);
      if (owner === d.rep) {
        owner = null;
        fill(byId('waiting'), 'Waiting for a rep...');
      }
      note(entry, `${d.rep} left the session.`);
      for (const holders of granted.values()) {
        holders.delete(d.rep);
      }
      showReps();
      showGrants();
      break;
    case 'session.transferred':
      if (d.toRep) {
        owner = d.toRep;
        reps.add(d.toRep);
        fill(byId('waiting'), `${d.toRep} is helping you now.`);
        note(entry, `${d.by} handed your session to ${d.toRep}.`);
      } else {
        owner = null;
        reps.delete(d.by);
        fill(byId('waiting'), `You are waiting again, in the queue ${d.toQueue}.`);
      }
      showReps();
      break;
    case 'session.chat':
      byId('chat').append(el('li', { class: d.author.kind === 'CUSTOMER' ? 'mine' : 'theirs' },
        el('span', { class: 'who' }, d.author.kind === 'CUSTOMER' ? 'You' : d.author.name),
        el('span', { class: 'when' }, time(entry.at)),
        el('span', { class: 'text' }, d.text)));
      byId('chat').lastElementChild.scrollIntoView({ block: 'nearest' });
      break;
    case 'session.permission.requested':
      askPermission(d);
      break;
    case 'session.permission.granted':
    case 'session.permission.denied':
      byId(`prompt-${d.requestNumber}`)?.remove();
      note(entry, `You ${entry.type === 'session.permission.granted' ? 'allowed' : 'denied'}`
        + ` ${d.rep} to ${PERMISSIONS[d.kind]?.short || d.kind}.`);
      if (entry.type === 'session.permission.granted') {
        if (!granted.has(d.kind)) {
          granted.set(d.kind, new Set());
        }
        granted.get(d.kind).add(d.rep);
      }
      showGrants();
      break;
    case 'session.control.given':
      controlHolder = d.rep;
      note(entry, `${d.rep} took control.`);
      showControl();
      break;
    case 'session.control.taken-back':
      note(entry, d.by && d.by.kind === 'CUSTOMER' ? 'You took control back.'
        : `${d.rep} gave control back to you.`);
      controlHolder = null;
      showControl();
      break;
    case 'session.file':
      note(entry, `${d.rep} ${d.direction === 'TO_CUSTOMER' ? 'sent you' : 'received'}`
        + ` ${d.fileName} (${d.size} bytes).`);
      break;
    case 'session.ended':
      finish(d.by && d.by.kind === 'CUSTOMER' ? 'You ended the session.'
        : `The session was ended${d.reason ? `: ${d.reason}` : '.'}`);
      break;
    default:
      break;
  }
}

function showReps() {
  fill(byId('reps'), reps.size === 0 ? '' : `In this session: ${[...reps].join(', ')}`);
}

function askPermission(request) {
  if (byId(`prompt-${request.requestNumber}`)) {
    return;
  }
  const permission = PERMISSIONS[request.kind];
  const answer = async (grant) => {
    prompt.querySelectorAll('button').forEach((button) => { button.disabled = true; });
    try {
      await api('POST', `/api/sessions/${session.lsid}/permission-requests/`
        + `${request.requestNumber}/answer`, { token: session.token, body: { granted: grant } });
      // Sent once, as the answer to this click: never again on a reload.
      if (grant && request.kind === 'SYSTEM_INFORMATION') {
        sendSystemInformation();
      }
    } catch (error) {
      say(status, `Your answer was not recorded: ${error.message}`, 'error');
      prompt.querySelectorAll('button').forEach((button) => { button.disabled = false; });
    }
  };
  const prompt = el('div', { class: 'card prompt', id: `prompt-${request.requestNumber}`,
    role: 'alertdialog', 'aria-label': 'Permission request' },
  el('p', {}, permission ? permission.ask(request.rep) : `${request.rep} asks for ${request.kind}`),
  el('button', { type: 'button', class: 'allow', onclick: () => answer(true) }, 'Allow'),
  el('button', { type: 'button', class: 'deny', onclick: () => answer(false) }, 'Deny'));
  byId('prompts').append(prompt);
}

function holders(kind) {
  return granted.get(kind) || new Set();
}

function showGrants() {
  const viewers = holders('VIEW_SCREEN');
  byId('share-card').hidden = viewers.size === 0 && !sharing;
  if (viewers.size > 0) {
    fill(byId('share-text'), `${[...viewers].join(', ')} may see the screen you share.`,
      sharing ? '' : ' You are not sharing right now.');
  } else if (sharing) {
    stopSharing();
  }
}

function showControl() {
  byId('control-card').hidden = !controlHolder;
  fill(byId('control-text'), controlHolder
    ? `${controlHolder} has control: you see below where they point and what they type.`
    : '');
  if (!controlHolder) {
    fill(byId('input-seen'), '');
    byId('pointer').hidden = true;
  }
}

/** What the browser can tell about this computer, sent once the customer allowed it. */
async function sendSystemInformation() {
  const sections = [
    { name: 'Browser', values: { 'User agent': navigator.userAgent,
      Language: navigator.language, 'Cookies enabled': String(navigator.cookieEnabled) } },
    { name: 'Display', values: { 'Screen size': `${screen.width} x ${screen.height}`,
      'Pixel ratio': String(window.devicePixelRatio), 'Colour depth': String(screen.colorDepth) } },
    { name: 'Time', values: {
      'Time zone': Intl.DateTimeFormat().resolvedOptions().timeZone || 'unknown',
      'Local time': new Date().toString() } },
  ];
  try {
    await api('POST', `/api/sessions/${session.lsid}/system-information`,
      { token: session.token, body: { sections } });
  } catch (error) {
    say(status, `Your system information was not sent: ${error.message}`, 'error');
  }
}

byId('share').addEventListener('click', async () => {
  let stream;
  try {
    stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
  } catch (error) {
    say(status, `Screen sharing did not start: ${error.message}`, 'warning');
    return;
  }
  try {
    const relay = await connectRelay(session.lsid, session.token, {
      onFrame: showInput,
      onControl: () => {},
      onClose: (text, code) => {
        if (sharing) {
          if (code !== 1000) {
            say(status, `Screen sharing stopped: ${text}`, 'warning');
          }
          stopSharing();
        }
      },
    });
    const stop = publishStream(stream, relay, { preview: byId('preview') });
    sharing = { relay, stop };
    stream.getVideoTracks()[0].addEventListener('ended', stopSharing);
    byId('share').hidden = true;
    byId('stop-share').hidden = false;
    say(status, 'You are sharing your screen.');
  } catch (error) {
    stream.getTracks().forEach((track) => track.stop());
    say(status, `Screen sharing did not start: ${error.message}`, 'error');
  }
});

function stopSharing() {
  if (!sharing) {
    return;
  }
  const { relay, stop } = sharing;
  sharing = null;
  stop();
  relay.close();
  byId('preview').srcObject = null;
  byId('share').hidden = false;
  byId('stop-share').hidden = true;
  showGrants();
}

byId('stop-share').addEventListener('click', stopSharing);

/** A printable character, or one of the named keys of the UI Events key values. */
const KEY_NAME = new RegExp('^([!-~]| |Enter|Tab|Backspace|Delete|Escape|Shift|Control|Alt|Meta'
  + '|CapsLock|Home|End|PageUp|PageDown|Insert|Arrow(Up|Down|Left|Right)|F([1-9]|1[0-2]))$');

/** A place across the picture, 0 to 1; null for anything else. */
function place(value) {
  return typeof value === 'number' && value >= 0 && value <= 1 ? value : null;
}

/**
 * Shows the rep's input. A browser page cannot move the computer's pointer or type into
 * other programs: the portal shows where the rep points and what they type, and an
 * installed client applies it.
 */
function showInput(frame) {
  if (frame.kind !== Kind.INPUT && frame.kind !== Kind.CLIPBOARD) {
    return;
  }
  let input;
  try {
    input = JSON.parse(new TextDecoder().decode(frame.payload));
  } catch (error) {
    return;
  }
  if (!input || typeof input !== 'object' || typeof input.type !== 'string') {
    return;
  }
  // Only a key's name and a pointer's place are shown, so that no one can put words of
  // their own on the customer's screen.
  let what;
  if (frame.kind === Kind.CLIPBOARD) {
    what = 'sent clipboard content';
  } else if (input.type === 'key') {
    what = `pressed ${KEY_NAME.test(input.key) ? input.key : 'a key'}`;
  } else if (place(input.x) !== null && place(input.y) !== null) {
    const pointer = byId('pointer');
    pointer.hidden = false;
    pointer.style.left = `${place(input.x) * 100}%`;
    pointer.style.top = `${place(input.y) * 100}%`;
    what = `${input.type === 'down' ? 'clicked' : 'pointed'} at`
      + ` ${Math.round(place(input.x) * 100)}%, ${Math.round(place(input.y) * 100)}%`;
  } else {
    return;
  }
  fill(byId('input-seen'), `${controlHolder || 'The rep'} ${what}`);
}

byId('take-back').addEventListener('click', async () => {
  try {
    await api('DELETE', `/api/sessions/${session.lsid}/control`, { token: session.token });
  } catch (error) {
    say(status, `Control was not taken back: ${error.message}`, 'error');
  }
});

byId('chat-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = byId('chat-text');
  if (utf8Bytes(input.value) > MAX_TEXT_BYTES) {
    say(status, 'Your message is too long: please shorten it or send it in parts.', 'error');
    return;
  }
  try {
    await api('POST', `/api/sessions/${session.lsid}/chat`,
      { token: session.token, body: { text: input.value } });
    input.value = '';
    say(status, '');
  } catch (error) {
    say(status, `Your message was not sent: ${error.message}`, 'error');
  }
});

byId('end').addEventListener('click', async () => {
  if (!window.confirm('End the support session? The rep can no longer help you in it.')) {
    return;
  }
  try {
    await api('POST', `/api/sessions/${session.lsid}/end`, { token: session.token, body: {} });
  } catch (error) {
    say(status, `The session did not end: ${error.message}`, 'error');
  }
});

function finish(text) {
  const lsid = session ? session.lsid : '';
  stopSharing();
  if (events) {
    events.close();
    events = null;
  }
  clearInterval(positionTimer);
  sessionStorage.removeItem(STORE);
  byId('session').hidden = true;
  byId('ended').hidden = false;
  fill(byId('ended-text'), text, lsid ? ` If you need to refer to it, its number is ${lsid}.` : '');
}

byId('again').addEventListener('click', () => {
  location.reload();
});

start();
