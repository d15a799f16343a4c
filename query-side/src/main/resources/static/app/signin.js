// Console sign-in, shared by the rep console and the auditor view. The console token lives
// in this tab's session storage only and is given up on sign-out.
import { api, el, fill, say } from './common.js';

const STORE = 'sightline.console';

export function signedIn() {
  const stored = sessionStorage.getItem(STORE);
  return stored ? JSON.parse(stored) : null;
}

/**
 * Signs in with the browser's Kerberos ticket when it has one for this site; resolves to the
 * opened console session, or null (no ticket, or Kerberos not configured here).
 */
async function singleSignOn() {
  try {
    const response = await fetch('/api/console/login/negotiate', {
      method: 'POST', headers: { Accept: 'application/json' }, cache: 'no-store',
      credentials: 'same-origin',
    });
    return response.ok ? await response.json() : null;
  } catch (e) {
    return null;
  }
}

/** The problem type's last part, such as "password-change-required". */
function problemType(error) {
  const type = (error.problem && error.problem.type) || '';
  return type.slice(type.lastIndexOf(':') + 1);
}

/**
 * Shows the sign-in form in the container until someone signs in with one of the roles;
 * resolves to {token, account, role, consoleLsid}. A Kerberos ticket signs in without it.
 * The form asks for a one-time code, a new password or an authenticator's enrolment when
 * the server says the account needs one.
 */
export async function signIn(container, roles) {
  const existing = signedIn();
  if (existing && roles.includes(existing.role)) {
    return existing;
  }
  const ticket = await singleSignOn();
  return new Promise((resolve) => {
    const message = el('p', { class: 'status', role: 'status' });
    const enrolment = el('div', { id: 'enrolment', hidden: true });
    const account = el('input', { id: 'account', name: 'account', required: true,
      autocomplete: 'username', maxlength: 64 });
    const password = el('input', { id: 'password', name: 'password', type: 'password',
      required: true, autocomplete: 'current-password', maxlength: 1024 });
    const code = el('input', { id: 'code', name: 'code', inputmode: 'numeric',
      autocomplete: 'one-time-code', maxlength: 6, pattern: '[0-9]{6}' });
    const newPassword = el('input', { id: 'new-password', name: 'newPassword',
      type: 'password', autocomplete: 'new-password', minlength: 12, maxlength: 1024 });
    const codeLabel = el('label', { hidden: true }, 'One-time code ', code);
    const newPasswordLabel = el('label', { hidden: true }, 'New password (12 characters at least) ',
      newPassword);
    const form = el('form', { id: 'signin', class: 'card' },
      el('h2', {}, 'Sign in'),
      el('label', {}, 'Account ', account),
      el('label', {}, 'Password ', password),
      newPasswordLabel,
      enrolment,
      codeLabel,
      el('button', { type: 'submit' }, 'Sign in'),
      message);

    const accept = async (opened) => {
      if (!roles.includes(opened.role)) {
        await api('POST', '/api/console/logout', { token: opened.token }).catch(() => {});
        say(message, `This page is for the roles ${roles.join(', ')}; `
          + `${opened.account} is ${opened.role}.`, 'error');
        return;
      }
      const user = { token: opened.token, account: opened.account, role: opened.role,
        consoleLsid: opened.consoleLsid };
      sessionStorage.setItem(STORE, JSON.stringify(user));
      fill(container);
      resolve(user);
    };

    const needs = (error) => {
      const type = problemType(error);
      if (type === 'password-change-required') {
        newPasswordLabel.hidden = false;
        newPassword.required = true;
        newPassword.focus();
      } else if (type === 'second-factor-required') {
        codeLabel.hidden = false;
        code.focus();
      } else if (type === 'second-factor-enrolment') {
        fill(enrolment,
          el('p', {}, 'Add this key to your authenticator app, then enter its code:'),
          el('code', { id: 'enrolment-secret' }, error.problem.secret));
        enrolment.hidden = false;
        codeLabel.hidden = false;
        code.focus();
      } else {
        return false;
      }
      return true;
    };

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      say(message, 'Signing in...');
      const body = { account: account.value.trim(), password: password.value };
      if (!codeLabel.hidden && code.value) {
        body.code = code.value.trim();
      }
      if (!newPasswordLabel.hidden) {
        body.newPassword = newPassword.value;
      }
      try {
        const opened = await api('POST', '/api/console/login', { body });
        password.value = '';
        newPassword.value = '';
        code.value = '';
        await accept(opened);
      } catch (error) {
        code.value = '';
        if (needs(error)) {
          say(message, error.message, 'error');
          return;
        }
        password.value = '';
        say(message, error.status === 401 ? 'The account, the password or the code is wrong.'
          : `Sign-in failed: ${error.message}`, 'error');
      }
    });
    fill(container, form);
    account.focus();
    if (ticket) {
      accept(ticket);
    }
  });
}

/** Nothing of this user stays in the tab: not their sessions, not their customers' names. */
function forget() {
  Object.keys(sessionStorage).filter((key) => key.startsWith(STORE))
    .forEach((key) => sessionStorage.removeItem(key));
}

/** Signs out: the console session ends and the token stops working. */
export async function signOut(user) {
  forget();
  try {
    await api('POST', '/api/console/logout', { token: user.token });
  } finally {
    location.reload();
  }
}

/** The header's "signed in as" line with its sign-out button. */
export function showUser(container, user) {
  fill(container, el('span', {}, `${user.account} (${user.role.toLowerCase()})`),
    el('button', { type: 'button', id: 'signout', onclick: () => signOut(user) }, 'Sign out'));
}

/** What a page does when the token stops working: back to the sign-in form. */
export function expired(status) {
  forget();
  say(status, 'Your sign-in has expired; sign in again.', 'error');
  setTimeout(() => location.reload(), 1500);
}
