// The rep console: the live queue, accepting a session, chat and notes, asking for
// permissions, watching the screen, taking control, system information, inviting a
// colleague, ending the session. It uses the public API only.
import { api, byId, el, fill, follow, PERMISSIONS, say, time } from './common.js';
import { connectRelay, drawFrame, inputPayload, Kind } from './relay.js';
import { expired, showUser, signIn } from './signin.js';

const MINE = 'sightline.console.sessions';
const NAMES = 'sightline.console.names';
const ENDED = new Set();
/** How long a session's history takes to arrive when it opens (one poll, in practice). */
const REPLAY_TIME = 1000;
const status = byId('status');
let user = null;
let current = null; // the open session's state

async function start() {
  user = await signIn(byId('signin-area'), ['REP']);
  showUser(byId('user'), user);
  byId('workspace').hidden = false;
  follow('/api/queue/stream', user.token, {
    onEvent: (name, view) => name === 'queue' && showQueue(view),
    onStatus: (text) => say(status, text, 'warning'),
    onRefused: () => expired(status),
  });
  showMine();
  const last = mine()[0];
  if (last) {
    openSession(last);
  }
}

function mine() {
  return JSON.parse(sessionStorage.getItem(MINE) || '[]');
}

function remember(lsid, keep) {
  const others = mine().filter((known) => known !== lsid);
  sessionStorage.setItem(MINE, JSON.stringify(keep ? [lsid, ...others] : others));
  showMine();
}

function names() {
  return JSON.parse(sessionStorage.getItem(NAMES) || '{}');
}

function nameOf(lsid, name) {
  const known = names();
  known[lsid] = name;
  sessionStorage.setItem(NAMES, JSON.stringify(known));
}

function showMine() {
  const known = names();
  fill(byId('mine'), mine().map((lsid) => el('li', {},
    el('button', { type: 'button', class: 'link', onclick: () => openSession(lsid) },
      known[lsid] || `${lsid.slice(0, 8)}...`),
    lsid === current?.lsid ? ' (open)' : '',
    ENDED.has(lsid) ? ' (ended) ' : '',
    ENDED.has(lsid) ? el('button', { type: 'button', class: 'link',
      'aria-label': 'Forget this session', onclick: () => remember(lsid, false) }, 'forget') : '')));
}

function showQueue(view) {
  byId('queue-empty').hidden = view.waiting.length > 0;
  fill(byId('queue'), view.waiting.map((waiting) => el('li', { dataset: { lsid: waiting.lsid } },
    el('strong', {}, waiting.customerName || '(expired)'),
    waiting.company ? ` (${waiting.company})` : '',
    el('span', { class: 'muted' }, ` ${waiting.queue}, since ${time(waiting.startedAt)}`),
    el('button', { type: 'button', class: 'accept', onclick: () => accept(waiting.lsid) },
      'Accept'))));
  byId('invitations-card').hidden = view.invitations.length === 0;
  fill(byId('invitations'), view.invitations.map((invitation) => el('li',
    { dataset: { lsid: invitation.lsid } },
    `${invitation.by} invites you to help ${invitation.customerName || 'a customer'}`,
    el('button', { type: 'button', class: 'accept', onclick: () => accept(invitation.lsid) },
      'Join'))));
}

async function accept(lsid) {
  try {
    await api('POST', `/api/sessions/${lsid}/join`, { token: user.token });
  } catch (error) {
    say(status, `You did not join: ${error.message}`, 'error');
    return;
  }
  remember(lsid, true);
  openSession(lsid);
}

/** Waits until the session list shows the rep in the session (it follows the events). */
async function listed(lsid) {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    try {
      const found = await api('GET', `/api/sessions/${lsid}`, { token: user.token });
      if (found.reps.includes(user.account)) {
        return found;
      }
    } catch (error) {
      if (error.status === 401) {
        throw error;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the session list does not show you in this session yet');
}

async function openSession(lsid) {
  closeSession();
  const state = { lsid, grants: new Map(), participants: new Set(), holder: null,
    owner: null, ended: false, relay: null, events: null, lastFrameAt: 0,
    openedAt: Date.now() };
  current = state;
  showMine();
  byId('session').hidden = false;
  fill(byId('lsid'), lsid);
  fill(byId('feed'));
  fill(byId('permissions'));
  fill(byId('system-information'), 'None yet.');
  fill(byId('customer'), '');
  fill(byId('problem'), '');
  byId('screen').hidden = true;
  setEnded(false);
  showScreenControls();
  let summary;
  try {
    summary = await listed(lsid);
  } catch (error) {
    if (error.status === 401) {
      expired(status);
    } else {
      say(status, `The session did not open: ${error.message}`, 'error');
    }
    return;
  }
  if (current !== state) {
    return;
  }
  fill(byId('customer'), summary.customerName || '(content expired)',
    summary.company ? ` (${summary.company})` : '');
  nameOf(lsid, summary.customerName || lsid.slice(0, 8));
  showMine();
  fill(byId('queue-name'), `in ${summary.queue}`);
  state.openedAt = Date.now();
  setTimeout(() => current === state && showScreenControls(), REPLAY_TIME);
  state.events = follow(`/api/sessions/${lsid}/events`, user.token, {
    onEvent: (name, entry) => name === 'log' && current === state && apply(state, entry),
    onStatus: (text) => say(status, text, 'warning'),
    onRefused: (error) => say(status, `The session's log is closed to you: ${error.message}`,
      'error'),
  });
}

function closeSession() {
  if (!current) {
    return;
  }
  current.events?.close();
  current.relay?.close();
  current = null;
}

function mineGranted(state, kind) {
  return (state.grants.get(kind) || new Set()).has(user.account);
}

/** One log entry of the open session: into the feed, and into the state it changes. */
function apply(state, entry) {
  const d = entry.details;
  const item = el('li', { class: entry.type.replaceAll('.', '-') },
    el('span', { class: 'when' }, time(entry.at)), ' ', el('span', { class: 'text' }, entry.line));
  byId('feed').append(item);
  item.scrollIntoView({ block: 'nearest' });
  switch (entry.type) {
    case 'session.requested':
      fill(byId('problem'), d.problemDescription);
      break;
    case 'session.rep.joined':
      state.participants.add(d.rep);
      if (d.role === 'OWNER') {
        state.owner = d.rep;
      }
      break;
    case 'session.rep.left':
      state.participants.delete(d.rep);
      if (state.owner === d.rep) {
        state.owner = null;
      }
      for (const reps of state.grants.values()) {
        reps.delete(d.rep);
      }
      break;
    case 'session.transferred':
      if (d.toRep) {
        state.participants.add(d.toRep);
        state.owner = d.toRep;
      } else {
        state.participants.delete(d.by);
        state.owner = null;
      }
      break;
    case 'session.permission.requested':
      byId('permissions').append(el('li', { id: `request-${d.requestNumber}` },
        `${d.rep} asked to ${PERMISSIONS[d.kind]?.rep || d.kind}: waiting for the customer`));
      break;
    case 'session.permission.granted':
    case 'session.permission.denied': {
      const grantedNow = entry.type === 'session.permission.granted';
      if (grantedNow) {
        if (!state.grants.has(d.kind)) {
          state.grants.set(d.kind, new Set());
        }
        state.grants.get(d.kind).add(d.rep);
      }
      const line = byId(`request-${d.requestNumber}`);
      if (line) {
        fill(line, `${d.rep} asked to ${PERMISSIONS[d.kind]?.rep || d.kind}: `,
          el('strong', { class: grantedNow ? 'granted' : 'denied' },
            grantedNow ? 'allowed' : 'denied'));
      }
      break;
    }
    case 'session.control.given':
      state.holder = d.rep;
      break;
    case 'session.control.taken-back':
      state.holder = null;
      break;
    case 'session.system-information':
      showSystemInformation(d.sections);
      break;
    case 'session.ended':
      state.ended = true;
      state.relay?.close();
      ENDED.add(state.lsid);
      setEnded(true);
      showMine();
      say(status, 'The session has ended.');
      break;
    default:
      break;
  }
  fill(byId('people'), `Reps: ${[...state.participants].map((rep) => (rep === state.owner
    ? `${rep} (owner)` : rep)).join(', ') || 'none'}`);
  showScreenControls();
}

function showSystemInformation(sections) {
  fill(byId('system-information'), sections.map((section) => el('table', { class: 'info' },
    el('caption', {}, section.name),
    el('tbody', {}, Object.entries(section.values).map(([key, value]) => el('tr', {},
      el('th', { scope: 'row' }, key), el('td', {}, value)))))));
}

/** While the session has ended, nothing in it can be done any more. */
function setEnded(ended) {
  byId('session').querySelectorAll('form input, form select, form button, #leave')
    .forEach((control) => { control.disabled = ended; });
}

function showScreenControls() {
  const state = current;
  const canView = state && !state.ended && mineGranted(state, 'VIEW_SCREEN');
  // Control without a picture would be blind: it needs screen viewing too.
  const canControl = canView && mineGranted(state, 'CONTROL');
  byId('watch').hidden = !canView || Boolean(state.relay);
  byId('take-control').hidden = !canControl || state.holder === user.account;
  byId('release-control').hidden = !state || state.holder !== user.account;
  fill(byId('control-text'), !state || !state.holder ? 'The customer has control.'
    : state.holder === user.account ? 'You hold control: your pointer and keys over the picture'
      + ' are sent to the customer, whose browser page shows them (it cannot click or type'
      + ' for you).' : `${state.holder} holds control.`);
  // Not while the session's history is still being replayed: a grant it shows may be
  // undone by a later entry (a leave), so the screen opens once the history is through.
  const replaying = state && Date.now() - state.openedAt < REPLAY_TIME;
  if (canView && !replaying && !state.relay && !state.watchFailed && !state.connecting) {
    watch(state);
  }
}

async function watch(state) {
  state.connecting = true;
  fill(byId('screen-text'), 'Connecting to the screen...');
  try {
    state.relay = await connectRelay(state.lsid, user.token, {
      onFrame: (frame) => {
        if (current === state && (frame.kind === Kind.KEY || frame.kind === Kind.DELTA)) {
          state.lastFrameAt = Date.now();
          byId('screen').hidden = false;
          drawFrame(byId('screen'), frame).catch(() => {
            fill(byId('screen-text'), 'A picture from the customer could not be shown.');
          });
        }
      },
      onControl: () => {},
      onClose: (text, code) => {
        if (current !== state) {
          return;
        }
        state.relay = null;
        fill(byId('screen-text'), `The screen connection closed: ${text}`);
        // Reconnect by itself only after a lapse of the network or of speed (4008); not
        // when another tab of this rep took over (4009) or the relay said no.
        if (code !== 1006 && code !== 4008) {
          state.watchFailed = true;
          showScreenControls();
        } else {
          state.watchFailed = true;
          setTimeout(() => {
            state.watchFailed = false;
            if (current === state) {
              showScreenControls();
            }
          }, 1000);
        }
      },
    });
    showPictureState();
  } catch (error) {
    state.watchFailed = true;
    fill(byId('screen-text'), `The screen did not open: ${error.message}`);
  } finally {
    state.connecting = false;
    showScreenControls();
  }
}

/** Says whether the picture is live or the customer stopped sharing. */
function showPictureState() {
  const state = current;
  if (!state || !state.relay) {
    return;
  }
  const age = Date.now() - state.lastFrameAt;
  fill(byId('screen-text'), state.lastFrameAt === 0
    ? 'Connected: the picture appears when the customer shares the screen.'
    : age > 3000 ? `The customer is not sharing the screen right now (last picture`
      + ` ${Math.round(age / 1000)} s ago).` : 'Live.');
}
setInterval(showPictureState, 1000);

byId('watch').addEventListener('click', () => {
  if (current) {
    current.watchFailed = false;
    showScreenControls();
  }
});

/** Pointer and keys over the picture, as input frames, while this rep holds control. */
function sendInput(event) {
  if (!current || !current.relay || current.holder !== user.account) {
    return false;
  }
  current.relay.send(Kind.INPUT, inputPayload(event));
  return true;
}

const screen = byId('screen');
let lastMove = 0;
function pointer(type, event) {
  const box = screen.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) {
    return;
  }
  sendInput({ type, x: (event.clientX - box.left) / box.width,
    y: (event.clientY - box.top) / box.height, button: event.button });
}
screen.addEventListener('pointermove', (event) => {
  if (performance.now() - lastMove >= 33) {
    lastMove = performance.now();
    pointer('move', event);
  }
});
screen.addEventListener('pointerdown', (event) => {
  screen.focus();
  pointer('down', event);
});
screen.addEventListener('pointerup', (event) => pointer('up', event));
screen.addEventListener('keydown', (event) => {
  if (sendInput({ type: 'key', key: event.key, code: event.code, down: true })) {
    event.preventDefault();
  }
});
screen.addEventListener('keyup', (event) => {
  if (sendInput({ type: 'key', key: event.key, code: event.code, down: false })) {
    event.preventDefault();
  }
});

async function command(path, body, failure, method = 'POST') {
  try {
    const answer = await api(method, `/api/sessions/${current.lsid}${path}`,
      { token: user.token, body });
    say(status, '');
    return answer;
  } catch (error) {
    if (error.status === 401) {
      expired(status);
    } else {
      say(status, `${failure}: ${error.message}`, 'error');
    }
    return undefined;
  }
}

byId('take-control').addEventListener('click', () => command('/control', undefined,
  'Control was not taken'));
byId('release-control').addEventListener('click', () => command('/control', undefined,
  'Control was not given back', 'DELETE'));

byId('permission-form').addEventListener('submit', (event) => {
  event.preventDefault();
  command('/permission-requests', { kind: byId('permission-kind').value },
    'The customer was not asked');
});

function textForm(form, input, path, failure) {
  byId(form).addEventListener('submit', async (event) => {
    event.preventDefault();
    const field = byId(input);
    if (await command(path, { text: field.value }, failure) !== undefined) {
      field.value = '';
    }
  });
}
textForm('chat-form', 'chat-text', '/chat', 'The message was not sent');
textForm('note-form', 'note-text', '/notes', 'The note was not added');

byId('invite-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const field = byId('invite-rep');
  if (await command('/invitations', { rep: field.value.trim() }, 'No one was invited')
      !== undefined) {
    say(status, `${field.value.trim()} is invited.`);
    field.value = '';
  }
});

byId('end-form').addEventListener('submit', (event) => {
  event.preventDefault();
  if (!window.confirm('End this support session for everyone in it?')) {
    return;
  }
  const reason = byId('end-reason').value.trim();
  command('/end', { reason: reason === '' ? null : reason }, 'The session did not end');
});

byId('leave').addEventListener('click', async () => {
  const lsid = current.lsid;
  if (await command('/leave', undefined, 'You did not leave') !== undefined) {
    remember(lsid, false);
    closeSession();
    byId('session').hidden = true;
  }
});

start();
