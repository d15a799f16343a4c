// The console sign-in form's extra steps, in Debian's headless Chromium: a one-time password
// that must be replaced, and a second factor that must be enrolled. SignInPagesTest starts
// Sightline and sets the environment below.
//
// SIGHTLINE_URL              the server, e.g. http://127.0.0.1:PORT
// ADMIN, ADMIN_PASSWORD      an admin account whose password is one-time
// NEW_PASSWORD               what the admin replaces it with
// AUDITOR, AUDITOR_PASSWORD  an auditor account of a role that must use a one-time code
//
// Prints one JSON line on success; a failed expectation exits non-zero saying what it was.
import { createHmac } from 'node:crypto';
import { chromium } from 'playwright-core';

const base = need('SIGHTLINE_URL');
const TIMEOUT = 20000;

function need(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

/** RFC 6238 (HMAC-SHA-1, 30 s, 6 digits) from a Base32 secret, apart from Sightline's own. */
function totp(secret, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  }
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const step = Buffer.alloc(8);
  step.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const hash = createHmac('sha1', key).update(step).digest();
  const offset = hash[hash.length - 1] & 0xf;
  return String((hash.readUInt32BE(offset) & 0x7fffffff) % 1000000).padStart(6, '0');
}

async function signInForm(page, account, password) {
  await page.goto(`${base}/audit.html`);
  await page.locator('#signin').waitFor();
  await page.fill('#account', account);
  await page.fill('#password', password);
  await page.click('#signin button[type=submit]');
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const admin = await (await browser.newContext()).newPage();
  admin.setDefaultTimeout(TIMEOUT);
  await signInForm(admin, need('ADMIN'), need('ADMIN_PASSWORD'));
  await admin.locator('#new-password').waitFor({ state: 'visible' });
  await admin.fill('#password', need('ADMIN_PASSWORD'));
  await admin.fill('#new-password', need('NEW_PASSWORD'));
  await admin.click('#signin button[type=submit]');
  await admin.locator('#workspace').waitFor({ state: 'visible' });

  const auditor = await (await browser.newContext()).newPage();
  auditor.setDefaultTimeout(TIMEOUT);
  await signInForm(auditor, need('AUDITOR'), need('AUDITOR_PASSWORD'));
  const secret = (await auditor.locator('#enrolment-secret').textContent()).trim();
  if (!/^[A-Z2-7]{32}$/.test(secret)) {
    throw new Error(`expected: a Base32 secret on the page, not "${secret}"`);
  }
  await auditor.fill('#password', need('AUDITOR_PASSWORD'));
  await auditor.fill('#code', totp(secret));
  await auditor.click('#signin button[type=submit]');
  await auditor.locator('#workspace').waitFor({ state: 'visible' });
  console.log(JSON.stringify({ secret }));
} finally {
  await browser.close();
}
