// What every Sightline page shares: building elements, calling the API, following
// Server-Sent Events. Text from the server only ever enters a page as text (textContent and
// text nodes): a chat line holding markup shows as the characters it is.

/** An element with attributes and children; strings become text nodes, never markup. */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

export function byId(id) {
  return document.getElementById(id);
}

/** A refusal of the API, with the problem body's detail when there is one. */
export class ApiError extends Error {
  constructor(status, detail, problem) {
    super(detail || `the server answered ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

/** Calls the API with a bearer token; resolves to the JSON answer (or null for none). */
export async function api(method, path, { token, body } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
    credentials: 'omit',
  });
  const text = await response.text();
  let parsed = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      parsed = null;
    }
  }
  if (!response.ok) {
    throw new ApiError(response.status, parsed && (parsed.detail || parsed.title), parsed);
  }
  return parsed;
}

/** How long a stream's answer may take, and how long it may then stay silent. */
const ANSWER_WAIT_MS = 8000;
const SILENCE_MS = 25000;

/**
 * Follows a Server-Sent Events stream that needs a bearer token (which EventSource cannot
 * send). Reconnects after the server ends a stream or the network drops, from the last id
 * seen, until closed. onEvent(name, data) gets each event's parsed JSON; onStatus(text)
 * hears about connection trouble; a 401 or 403 stops it and calls onRefused(error).
 *
 * A connection that stays silent is given up and made again: no answer within
 * ANSWER_WAIT_MS of asking, or nothing (not even the server's keep-alive, every 15 s) for
 * SILENCE_MS. A stalled connection would otherwise leave the page waiting for good.
 */
export function follow(path, token, { onEvent, onStatus = () => {}, onRefused = () => {} }) {
  let lastId = null;
  let closed = false;
  let controller = null;
  let watchdog = null;

  function expectWithin(ms) {
    clearTimeout(watchdog);
    const watched = controller;
    watchdog = setTimeout(() => watched.abort(new Error('the stream went silent')), ms);
  }

  async function connect() {
    while (!closed) {
      controller = new AbortController();
      expectWithin(ANSWER_WAIT_MS);
      try {
        const headers = { Accept: 'text/event-stream', Authorization: `Bearer ${token}` };
        if (lastId !== null) {
          headers['Last-Event-ID'] = lastId;
        }
        const response = await fetch(path, { headers, cache: 'no-store', signal: controller.signal });
        if (response.status === 401 || response.status === 403 || response.status === 404) {
          closed = true;
          onRefused(new ApiError(response.status, await problemDetail(response)));
          return;
        }
        if (!response.ok) {
          throw new ApiError(response.status, await problemDetail(response));
        }
        onStatus('');
        expectWithin(SILENCE_MS);
        await read(response.body);
      } catch (error) {
        if (closed) {
          return;
        }
        onStatus(`connection lost (${error.message}); reconnecting`);
      } finally {
        clearTimeout(watchdog);
      }
      if (!closed) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  async function read(body) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      expectWithin(SILENCE_MS);
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        dispatch(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  }

  function dispatch(block) {
    let name = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') {
        name = value;
      } else if (field === 'data') {
        data.push(value);
      } else if (field === 'id') {
        lastId = value;
      }
    }
    if (data.length > 0) {
      onEvent(name, JSON.parse(data.join('\n')));
    }
  }

  connect();
  return {
    close() {
      closed = true;
      clearTimeout(watchdog);
      if (controller) {
        controller.abort();
      }
    },
  };
}

/**
 * The detail of a refused request's problem body. A stream endpoint may send it as an event
 * ("data:{...}") since the request asked for events.
 */
async function problemDetail(response) {
  const text = (await response.text().catch(() => '')).replace(/^data:/, '').trim();
  try {
    const problem = JSON.parse(text);
    return problem.detail || problem.title;
  } catch (e) {
    return undefined;
  }
}

/** The size of a text in UTF-8, which is how the server counts its limits. */
export function utf8Bytes(text) {
  return new TextEncoder().encode(text).length;
}

/** A time as the pages show it: the viewer's local time, with seconds. */
export function time(instant) {
  return instant ? new Date(instant).toLocaleTimeString() : '';
}

export function dateTime(instant) {
  return instant ? new Date(instant).toLocaleString() : '';
}

/** What a permission kind lets a rep do, in the words the customer is asked in. */
export const PERMISSIONS = {
  VIEW_SCREEN: {
    short: 'see your screen',
    rep: 'see the screen',
    ask: (rep) => `${rep} asks to see your screen. Nothing is shown until you choose what to`
      + ' share, and you can stop sharing at any time.',
  },
  CONTROL: {
    short: 'point and type on your screen',
    rep: 'take control',
    ask: (rep) => `${rep} asks to take control of the screen you share. In this browser`
      + ' page that means you see where they point and what they type; the page cannot'
      + ' click or type on your computer. You can take control back at any time.',
  },
  FILE_TRANSFER: {
    short: 'transfer files',
    rep: 'transfer files',
    ask: (rep) => `${rep} asks to send files to your computer and receive files from it.`,
  },
  SYSTEM_INFORMATION: {
    short: 'read your system information',
    rep: 'read the system information',
    ask: (rep) => `${rep} asks to read what your browser tells about this computer: the`
      + ' browser and its version, screen size, language, time zone and local time.'
      + ' If you allow it, it is sent at once.',
  },
  COMMAND_SHELL: {
    short: 'run commands in a command shell',
    rep: 'use a command shell',
    ask: (rep) => `${rep} asks to run commands on your computer in a command shell.`,
  },
};

/** Shows a message in a page's status area; an error stays until the next message. */
export function say(element, text, kind = 'info') {
  fill(element, text || '');
  element.className = `status ${text ? kind : ''}`;
}
