// Console sign-in, shared by the rep console and the auditor view. The console token lives
// in this tab's session storage only and is given up on sign-out.
import { api, el, fill, say } from './common.js';

const STORE = 'sightline.console';

export function signedIn() {
  const stored = sessionStorage.getItem(STORE);
  return stored ? JSON.parse(stored) : null;
}

/**
 * Shows the sign-in form in the container until someone signs in with one of the roles;
 * resolves to {token, account, role, consoleLsid}.
 */
export function signIn(container, roles) {
  const existing = signedIn();
  if (existing && roles.includes(existing.role)) {
    return Promise.resolve(existing);
  }
  return new Promise((resolve) => {
    const message = el('p', { class: 'status', role: 'status' });
    const account = el('input', { id: 'account', name: 'account', required: true,
      autocomplete: 'username', maxlength: 64 });
    const password = el('input', { id: 'password', name: 'password', type: 'password',
      required: true, autocomplete: 'current-password', maxlength: 1024 });
    const form = el('form', { id: 'signin', class: 'card' },
      el('h2', {}, 'Sign in'),
      el('label', {}, 'Account ', account),
      el('label', {}, 'Password ', password),
      el('button', { type: 'submit' }, 'Sign in'),
      message);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      say(message, 'Signing in...');
      try {
        const opened = await api('POST', '/api/console/login',
          { body: { account: account.value.trim(), password: password.value } });
        password.value = '';
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
      } catch (error) {
        password.value = '';
        say(message, error.status === 401 ? 'The account or password is wrong.'
          : `Sign-in failed: ${error.message}`, 'error');
      }
    });
    fill(container, form);
    account.focus();
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
