// A whole support session through Sightline's pages, in Debian's headless Chromium: a
// customer and a rep, each in a browser context of their own, then an auditor.
//
//   node whole-session.mjs   (BrowserTest starts Sightline and sets the environment below)
//
// SIGHTLINE_URL            the server, e.g. http://127.0.0.1:PORT
// REP, REP_PASSWORD        a rep account; REP2 a second rep to invite
// AUDITOR, AUDITOR_PASSWORD an auditor account
// SCREENSHOTS              the folder the page screenshots go to
//
// Prints one JSON line {lsid, ...} on success; any failed expectation exits non-zero with
// what was expected. The only step that is not the product's own: screen capture asks for
// the current tab (preferCurrentTab), the one display source headless Chromium can give.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const base = need('SIGHTLINE_URL');
const rep = need('REP');
const repPassword = need('REP_PASSWORD');
const rep2 = need('REP2');
const auditor = need('AUDITOR');
const auditorPassword = need('AUDITOR_PASSWORD');
const shots = need('SCREENSHOTS');
mkdirSync(shots, { recursive: true });

const TIMEOUT = 20000;
const MARKUP = '<script>window.__injected = 1</script><b>bold?</b> & "quotes"';

function need(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

function check(condition, what) {
  if (!condition) {
    throw new Error(`expected: ${what}`);
  }
}

function step(text) {
  process.stderr.write(`[browser] ${text}\n`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--auto-accept-this-tab-capture'],
});
const problems = [];
// Refused API calls: some are expected, so they are only shown when the script fails.
const refusals = [];
// Requests sent and not yet answered, by page: shown when the script fails.
const pending = new Map();
let failed = false;

async function context(name) {
  const created = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  created.setDefaultTimeout(TIMEOUT);
  const page = await created.newPage();
  page.on('pageerror', (error) => problems.push(`${name}: page error ${error.message}`));
  page.on('request', (request) => pending.set(request, `${name}: ${request.method()} `
    + `${new URL(request.url()).pathname} sent ${new Date().toISOString()}`));
  page.on('requestfinished', (request) => pending.delete(request));
  page.on('requestfailed', (request) => pending.delete(request));
  page.on('response', (response) => {
    if (pending.has(response.request())) {
      pending.set(response.request(), `${pending.get(response.request())}, headers `
        + `${response.status()} at ${new Date().toISOString()}`);
    }
    if (response.status() >= 400 && response.url().includes('/api/')) {
      refusals.push(`${name}: ${response.status()} ${response.request().method()} `
        + `${new URL(response.url()).pathname}`);
    }
  });
  page.on('console', (message) => {
    // An expected refusal (a position asked before the session is listed) is logged by the
    // browser as a failed resource; the pages themselves report nothing as an error.
    // Tab capture, which only the test asks for, also trips the camera=() the site's
    // Permissions-Policy sets; the capture itself goes on.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')
        && !message.text().startsWith('Permissions policy violation: camera')) {
      problems.push(`${name}: console error ${message.text()}`);
    }
  });
  return page;
}

try {
  const customer = await context('customer');
  // Headless Chromium has no screen to pick: the capture step asks for this tab instead.
  await customer.addInitScript(() => {
    const real = navigator.mediaDevices.getDisplayMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getDisplayMedia = (constraints) =>
      real({ ...constraints, preferCurrentTab: true });
  });
  const console_ = await context('rep');
  // Ending a session asks for confirmation; the rep confirms.
  console_.on('dialog', (dialog) => dialog.accept());

  step('the customer asks for help');
  await customer.goto(`${base}/`);
  await customer.locator('#queue option').first().waitFor({ state: 'attached' });
  await customer.fill('#customer-name', 'Ada Lovelace');
  await customer.fill('#company', 'Analytical Engines');
  await customer.fill('#problem', 'The printer prints <nothing>.');
  await customer.click('#start');
  await customer.locator('#session').waitFor();
  const lsid = (await customer.textContent('#lsid')).trim();
  check(/^[0-9a-f]{32}$/.test(lsid), `an LSID on the portal, not '${lsid}'`);
  await customer.waitForFunction(() => /You are number [1-9][0-9]* in the queue general/.test(
    document.querySelector('#waiting').textContent));

  step('the rep signs in and sees the session in the live queue');
  await console_.goto(`${base}/console.html`);
  await console_.fill('#account', rep);
  await console_.fill('#password', repPassword);
  await console_.click('#signin button[type=submit]');
  const waiting = console_.locator(`#queue li[data-lsid="${lsid}"]`);
  await waiting.waitFor();
  check((await waiting.textContent()).includes('Ada Lovelace'), 'the customer in the queue');
  await customer.screenshot({ path: join(shots, 'portal-waiting.png'), fullPage: true });
  await waiting.locator('button.accept').click();
  await console_.waitForFunction(() => document.querySelector('#problem').textContent
    === 'The printer prints <nothing>.');
  await customer.waitForFunction((name) => document.querySelector('#waiting').textContent
    .includes(`${name} is helping you`), rep);
  await console_.locator(`#queue li[data-lsid="${lsid}"]`).waitFor({ state: 'detached' });

  step('chat both ways; markup stays text');
  await customer.fill('#chat-text', 'Hello, is anyone there?');
  await customer.press('#chat-text', 'Enter');
  await console_.locator('#feed li.session-chat', { hasText: 'Hello, is anyone there?' }).waitFor();
  await console_.fill('#chat-text', MARKUP);
  await console_.press('#chat-text', 'Enter');
  const shown = customer.locator('#chat li.theirs .text').last();
  await shown.waitFor();
  await customer.waitForFunction((text) => [...document.querySelectorAll('#chat li .text')]
    .some((line) => line.textContent === text), MARKUP);
  check(await customer.evaluate(() => window.__injected === undefined
    && document.querySelector('#chat b') === null), 'the chat markup shown as text, not run');

  step('screen view asked for, allowed, shared and seen by the rep');
  await console_.selectOption('#permission-kind', 'VIEW_SCREEN');
  await console_.click('#ask');
  const prompt = customer.locator('.prompt');
  await prompt.waitFor();
  const asked = (await prompt.locator('p').textContent()).trim();
  check(asked === `${rep} asks to see your screen. Nothing is shown until you choose what to`
    + ' share, and you can stop sharing at any time.', `the exact screen request, not '${asked}'`);
  await prompt.locator('button.allow').click();
  await prompt.waitFor({ state: 'detached' });
  await console_.locator('#permissions .granted').first().waitFor();
  await customer.locator('#share').click();
  await customer.locator('#stop-share').waitFor();
  // The portal's own header (dark) and page (light) must arrive as pixels on the rep's side.
  await console_.waitForFunction(() => {
    const canvas = document.querySelector('#screen');
    if (canvas.width < 200) {
      return false;
    }
    const context = canvas.getContext('2d');
    const header = context.getImageData(5, 5, 1, 1).data;
    const page = context.getImageData(canvas.width - 5, canvas.height - 5, 1, 1).data;
    return header[0] < 80 && header[1] < 80 && page[0] > 200 && page[1] > 200;
  }, null, { timeout: 30000 });

  step('control asked for, allowed, taken; input reaches the customer; taken back');
  await console_.selectOption('#permission-kind', 'CONTROL');
  await console_.click('#ask');
  await prompt.waitFor();
  check((await prompt.locator('p').textContent()).startsWith(`${rep} asks to take control of the`
    + ' screen you share. In this browser page that means you see where they point and what'
    + ' they type; the page cannot click or type on your computer.'),
  'the control request says what control means in a browser');
  await prompt.locator('button.allow').click();
  await console_.locator('#take-control').waitFor();
  await console_.click('#take-control');
  await customer.waitForFunction((name) => document.querySelector('#control-text').textContent
    === `${name} has control: you see below where they point and what they type.`, rep);
  await console_.locator('#release-control').waitFor();
  await console_.locator('#screen').scrollIntoViewIfNeeded();
  const picture = await console_.locator('#screen').boundingBox();
  for (let i = 0; i < 20; i += 1) {
    await console_.mouse.move(picture.x + picture.width * (0.25 + i / 80),
      picture.y + Math.min(picture.height / 2, 100));
    await console_.waitForTimeout(60);
  }
  await customer.waitForFunction((name) => document.querySelector('#input-seen').textContent
    .startsWith(`${name} pointed at`), rep);
  check(await customer.locator('#chat li.system', { hasText: `${rep} took control.` }).count()
    === 1, 'the customer\'s chat says when control was taken');
  await customer.screenshot({ path: join(shots, 'portal-controlled.png'), fullPage: true });
  await console_.screenshot({ path: join(shots, 'console-controlling.png'), fullPage: true });
  await customer.click('#take-back');
  await console_.waitForFunction(() => document.querySelector('#control-text').textContent
    === 'The customer has control.');
  await customer.locator('#control-card').waitFor({ state: 'hidden' });

  step('system information asked for, allowed and shown to the rep');
  await console_.selectOption('#permission-kind', 'SYSTEM_INFORMATION');
  await console_.click('#ask');
  await prompt.waitFor();
  await prompt.locator('button.allow').click();
  await console_.locator('#system-information th', { hasText: 'User agent' }).waitFor();

  step('a note and an invitation');
  await console_.fill('#note-text', 'Printer driver reinstalled');
  await console_.press('#note-text', 'Enter');
  await console_.locator('#feed li.session-note', { hasText: 'Printer driver reinstalled' })
    .waitFor();
  await console_.fill('#invite-rep', rep2);
  await console_.press('#invite-rep', 'Enter');
  await console_.locator('#feed li.session-rep-invited', { hasText: `invited ${rep2}` }).waitFor();
  check(await customer.locator('#chat', { hasText: 'Printer driver' }).count() === 0,
    'the rep\'s note is not shown to the customer');

  step('the customer stops sharing; the rep ends the session');
  await customer.click('#stop-share');
  await console_.locator('#feed li.session-recording-segment').first().waitFor({ timeout: 30000 });
  await console_.fill('#end-reason', 'printer works again');
  await console_.click('#end');
  await customer.locator('#ended').waitFor();
  check((await customer.textContent('#ended-text')).includes('printer works again'),
    'the customer sees why the session ended');
  await console_.locator('#feed li.session-ended').waitFor();
  await console_.screenshot({ path: join(shots, 'console.png'), fullPage: true });
  await customer.screenshot({ path: join(shots, 'portal-ended.png'), fullPage: true });

  step('the auditor finds the session, reads its log and plays its recording');
  const audit = await context('auditor');
  await audit.goto(`${base}/audit.html`);
  await audit.fill('#account', auditor);
  await audit.fill('#password', auditorPassword);
  await audit.click('#signin button[type=submit]');
  await audit.locator('#search').waitFor();
  await audit.fill('#customer-ip', '127.0.0.1');
  await audit.click('#search button[type=submit]');
  await audit.locator('#rows button', { hasText: lsid }).click();
  await audit.locator('#log tr.session-ended').waitFor();
  const log = await audit.locator('#log').textContent();
  for (const expected of ['Hello, is anyone there?', MARKUP, `${rep} took control of the screen`,
    `the customer took control back from ${rep}`, 'Printer driver reinstalled',
    `${rep} invited ${rep2} to join`, 'printer works again']) {
    check(log.includes(expected), `the audit log to show '${expected}'`);
  }
  check(await audit.evaluate(() => window.__injected === undefined
    && document.querySelector('#log b') === null), 'the audit log shows markup as text');
  await audit.waitForFunction(() => /Hash chain|not been checked/.test(
    document.querySelector('#chain').textContent));
  await audit.locator('#player').waitFor();
  const control = audit.locator('#timeline .control');
  check(await control.count() === 1, 'one control period on the timeline');
  check(await control.getAttribute('data-rep') === rep, 'the control period is the rep\'s');
  await audit.click('#play');
  const played = () => Number(document.querySelector('#playback').dataset.frames || 0) >= 3;
  try {
    await audit.waitForFunction(played, null, { timeout: 20000 });
  } catch (stalled) {
    // Seen rarely in the full suite, never alone: the recording's fetch gives no frame.
    // Said on stderr (BrowserTest prints it), then tried once more from the start.
    console.error('[browser] NOTE: playback gave no frame in 20 s; pausing and playing again');
    await audit.click('#pause');
    await audit.click('#play');
    await audit.waitForFunction(played, null, { timeout: 20000 });
  }
  // A picture of the portal: its ink (header, text) and its light page. Which part of the
  // page a frame shows depends on where the customer had scrolled, so the whole frame counts.
  check(await audit.evaluate(() => {
    const canvas = document.querySelector('#playback');
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let dark = 0;
    let light = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      if (pixels[i] < 80 && pixels[i + 1] < 80 && pixels[i + 2] < 120) {
        dark += 1;
      } else if (pixels[i] > 200 && pixels[i + 1] > 200 && pixels[i + 2] > 200) {
        light += 1;
      }
    }
    return canvas.width >= 200 && dark > 100 && light > 1000;
  }), 'the recording plays the shared picture');
  // Seeking: paused early on, a click at 70% of the timeline plays from there.
  await audit.click('#pause');
  check(await audit.evaluate(() => Number(document.querySelector('#playback').dataset.at)
    < Number(document.querySelector('#clock').textContent.match(/of ([0-9.]+)/)[1]) * 1000 * 0.5),
  'playback paused before the middle');
  const bar = await audit.locator('#timeline').boundingBox();
  await audit.mouse.click(bar.x + bar.width * 0.7, bar.y + bar.height / 2);
  await audit.waitForFunction(() => {
    const of = Number(document.querySelector('#clock').textContent.match(/of ([0-9.]+)/)[1]);
    return Number(document.querySelector('#playback').dataset.at) >= of * 1000 * 0.6;
  }, null, { timeout: 15000 });
  await audit.screenshot({ path: join(shots, 'audit.png'), fullPage: true });
  const chain = (await audit.textContent('#chain')).trim();

  check(problems.length === 0, `no page errors, but: ${problems.join('; ')}`);
  process.stdout.write(`${JSON.stringify({ lsid, chain })}\n`);
} catch (error) {
  failed = true;
  process.stderr.write(`[browser] FAILED: ${error.message}\n`);
  if (process.env.DEBUG_PAGES) {
    for (const page of browser.contexts().flatMap((c) => c.pages())) {
      process.stderr.write(`[browser] ${page.url()}: ${await page.textContent('body')}\n`);
    }
  }
  for (const problem of problems) {
    process.stderr.write(`[browser] ${problem}\n`);
  }
  for (const refusal of refusals) {
    process.stderr.write(`[browser] refused: ${refusal}\n`);
  }
  for (const request of pending.values()) {
    process.stderr.write(`[browser] unanswered: ${request}\n`);
  }
  for (const [index, page] of browser.contexts().flatMap((c) => c.pages()).entries()) {
    await page.screenshot({ path: join(shots, `failure-${index}.png`), fullPage: true })
      .catch(() => {});
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
