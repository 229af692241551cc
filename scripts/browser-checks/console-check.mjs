// Real-browser walk through the web console (/console) on a running service, the path a new user takes, with a
// screenshot of every page. Run by scripts/browser-checks.sh (after hawtio-check.mjs), which starts the service
// when no base URL is given.
//
//   CONSOLE_TOKEN=<admin token> node console-check.mjs <base-url>
//
// Environment:
//   CONSOLE_TOKEN        the admin token (required; read from the environment so it never shows in `ps`)
//   CONSOLE_SHOTS_DIR    where the pages' screenshots go (default ./target/browser-checks/pages of the current directory)
//   CONSOLE_OUT_DIR      where a failure's screenshot goes (default ./target/browser-checks/console)
//   CONSOLE_PUBLISHING   "off" when the service runs without Kafka: the Events page must say publishing is off
//   CONSOLE_STARTED_SERVICE  1 when the service was started for this walk: the endpoint its first start created
//                        (the only one) is deleted to see the empty list
//   CHROMIUM_PATH        browser (default /usr/bin/chromium, Debian's chromium package)
//   CONSOLE_TIMEOUT_MS   longest wait for one page state (default 30000)
//
// The walk, in order: an anonymous visit lands on the login page; a wrong token stays there with an error (401);
// the token logs in; the endpoints list is empty (on a service started for the walk, once the endpoint of its
// first start is deleted); a Stripe endpoint is created, its URL copied with the copy button, its signing secret
// set (only a masked hint shows, the value is nowhere in the HTML); a test invoice.paid is sent from its page
// (HTTP 200, processed); the contact is in the Audience, the trigger event in Events, the delivery in the webhook
// log (filtered by endpoint, outcome and time, also when it polls) with its pretty-printed payload; a replay says
// duplicate, a forced replay processed, a bulk replay of the endpoint's log duplicate; Clerk and Supabase
// endpoints are created (Supabase's header is shown once); the endpoints list shows a delivery sent from another
// tab without reloading; the Clerk endpoint is renamed, disabled, enabled and deleted (its confirmations
// dismissed, then accepted); a list open while the session ends in another tab goes to the login page, and
// logging in again leads to a whole page; logging out closes /console.
//
// Any failed assertion, console error (CSP violations are ones), page error, failed request or HTTP status >= 400
// the walk did not ask for ends the run with exit 1 and target/browser-checks/console/failure-<step>.png.
// Exit codes: 0 passed, 1 a check failed, 2 bad usage or missing browser.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const started = Date.now();
const log = (msg) => console.log(`[console-check ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${msg}`);

class CheckFailed extends Error {}
const fail = (msg) => { throw new CheckFailed(msg); };
const expect = (condition, msg) => { if (!condition) fail(msg); };

const base = (process.argv[2] || process.env.CONSOLE_BASE_URL || '').replace(/\/+$/, '');
const token = process.env.CONSOLE_TOKEN || '';
const shotsDir = path.resolve(process.env.CONSOLE_SHOTS_DIR || 'target/browser-checks/pages');
const outDir = path.resolve(process.env.CONSOLE_OUT_DIR || 'target/browser-checks/console');
const publishing = process.env.CONSOLE_PUBLISHING || '';
const startedForTheWalk = process.env.CONSOLE_STARTED_SERVICE === '1';
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const timeout = Number(process.env.CONSOLE_TIMEOUT_MS || 30000);
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

if (!/^https?:\/\/[^/]+/.test(base) || !token) {
  console.error('usage: CONSOLE_TOKEN=<admin token> node console-check.mjs <base-url, e.g. http://localhost:8080>');
  process.exit(2);
}
if (!fs.existsSync(chromiumPath)) {
  console.error(`no browser at ${chromiumPath}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`);
  process.exit(2);
}
fs.mkdirSync(shotsDir, { recursive: true });
fs.mkdirSync(outDir, { recursive: true });

let browser;
let context;
let page;
let step = 'start';

// --- what the pages must not do ----------------------------------------------------------------------------
// Every console error, page error, failed request and HTTP status >= 400 is a problem, except the ones the walk
// announces with allow() before causing them (the wrong token's 401), each allowed exactly once.
const problems = [];
const allowances = [];
let lastNavigation = 0;
let expectedDialog = null; // set while confirm() clicks a button that asks first

function allow(status, pathname, why) {
  allowances.push({ status, pathname, why, response: false, message: false });
}

function allowed(status, url, kind) {
  const pathname = new URL(url).pathname;
  const match = allowances.find((a) => a.status === status && a.pathname === pathname && !a[kind]);
  if (match) match[kind] = true;
  return Boolean(match);
}

function watch(p, tab) {
  p.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location()?.url || '';
    const status = Number(/status of (\d{3})/.exec(msg.text())?.[1]);
    if (status && where && allowed(status, where, 'message')) return;
    problems.push(`${tab}: console error on ${p.url()}: ${msg.text()}${where ? ` (${where})` : ''}`);
  });
  p.on('pageerror', (e) => problems.push(`${tab}: page error on ${p.url()}: ${e.message}`));
  p.on('request', (r) => {
    if (r.isNavigationRequest() && r.frame() === p.mainFrame()) lastNavigation = Date.now();
  });
  p.on('requestfailed', (r) => {
    const why = r.failure()?.errorText || 'failed';
    // leaving a page cancels what it still loads (a poll in flight, its icon): not a failure of the page
    const leaving = why === 'net::ERR_ABORTED' && !r.isNavigationRequest() && Date.now() - lastNavigation < 5000;
    if (!leaving) problems.push(`${tab}: request failed: ${r.method()} ${r.url()}: ${why}`);
  });
  p.on('response', (r) => {
    if (r.status() >= 400 && !allowed(r.status(), r.url(), 'response')) {
      problems.push(`${tab}: HTTP ${r.status()} for ${r.request().method()} ${r.url()}`);
    }
  });
  p.on('dialog', (d) => {
    // confirmations are answered by confirm() below; any other dialog is one the walk did not expect
    if (!expectedDialog) {
      problems.push(`${tab}: unexpected ${d.type()} dialog: ${d.message()}`);
      d.dismiss().catch(() => {});
    }
  });
}

function assertNoProblems() {
  const unused = allowances.filter((a) => !a.response);
  if (problems.length) fail(`${problems.length} problem(s) in the pages:\n  - ${problems.join('\n  - ')}`);
  if (unused.length) fail(`expected ${unused.map((a) => `HTTP ${a.status} for ${a.pathname} (${a.why})`).join(', ')}, it never came`);
  allowances.length = 0;
}

// --- helpers -----------------------------------------------------------------------------------------------
async function walk(name, action) {
  step = name;
  log(`step: ${name}`);
  await action();
  assertNoProblems();
}

const ok = (msg) => log(`  ok: ${msg}`);
const pathOf = (p = page) => new URL(p.url()).pathname;
const textOf = async (selector, p = page) => (await p.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();

/** A wait started before the action it waits for: when the action fails, its error is the one reported. */
function awaited(waiting) {
  waiting.catch(() => {});
  return waiting;
}

async function open(pathname, p = page) {
  const response = await p.goto(`${base}${pathname}`);
  await p.waitForLoadState('load');
  return response;
}

/** Clicks what leads to another page (a link, a form's button) and waits until that page has loaded. */
async function follow(locator, p = page) {
  const loaded = awaited(p.waitForEvent('framenavigated', { predicate: (f) => f === p.mainFrame() }));
  await locator.click();
  await loaded;
  await p.waitForLoadState('load');
}

async function expectOn(pathname, p = page) {
  const pattern = pathname instanceof RegExp ? pathname : new RegExp(`^${pathname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  try {
    await p.waitForURL((u) => pattern.test(u.pathname), { timeout: 10000 });
  } catch {
    fail(`expected to be on ${pathname}, but the browser is on ${p.url()}`);
  }
}

async function expectText(selector, pattern, what, p = page) {
  const locator = p.locator(selector).filter({ hasText: pattern }).first();
  try {
    await locator.waitFor({ state: 'visible', timeout: 10000 });
  } catch {
    const shown = await p.locator(selector).allInnerTexts().catch(() => []);
    const listed = shown.map((s) => JSON.stringify(s.trim().slice(0, 200))).join(', ') || '(none)';
    fail(`${what}: no ${selector} showing ${pattern} on ${p.url()}; shown: ${listed}`);
  }
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

async function expectGone(selector, what, p = page) {
  expect((await p.locator(selector).count()) === 0, `${what}: ${selector} is still on ${p.url()}`);
}

/** Every console page loads htmx and the console's script from the service itself (CSP script-src 'self'). */
async function expectScripts(p = page) {
  const loaded = await p.evaluate(() => typeof window.htmx === 'object' && typeof window.htmx.process === 'function');
  expect(loaded, `htmx did not load on ${p.url()}`);
}

/** Every field a person can fill on the page has a name a screen reader says: a label, aria-label or aria-labelledby. */
async function expectLabelledFields(p = page) {
  const unlabelled = await p.locator('input:not([type=hidden]), select, textarea').evaluateAll((fields) => fields
      .filter((f) => f.labels.length === 0 && !f.getAttribute('aria-label') && !f.getAttribute('aria-labelledby'))
      .map((f) => f.outerHTML.slice(0, 120)));
  expect(unlabelled.length === 0, `fields without a label on ${p.url()}: ${unlabelled.join(', ')}`);
}

async function screenshot(name, p = page) {
  await expectLabelledFields(p);
  const file = path.join(shotsDir, `${name}.png`);
  await p.screenshot({ path: file, fullPage: true });
  log(`  screenshot ${path.relative(process.cwd(), file)} (${p.viewportSize().width}x${p.viewportSize().height})`);
}

/** Clicks a button with data-confirm: the confirmation must ask `question`; answered as told. */
async function confirm(locator, question, accept, { navigates }) {
  expectedDialog = question;
  const asked = awaited(page.waitForEvent('dialog'));
  const loaded = navigates ? awaited(page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() })) : null;
  // the click returns only once the dialog is answered: answer it while the click waits
  const clicked = locator.click({ noWaitAfter: true });
  const dialog = await asked;
  expect(dialog.type() === 'confirm', `expected a confirmation, got a ${dialog.type()} dialog`);
  expect(question.test(dialog.message()), `the confirmation asks "${dialog.message()}", expected ${question}`);
  if (accept) await dialog.accept(); else await dialog.dismiss();
  await clicked;
  expectedDialog = null;
  if (loaded) {
    await loaded;
    await page.waitForLoadState('load');
  }
}

async function sendTestEvent(type, p = page) {
  await p.selectOption('#test-type', type);
  const answered = awaited(p.waitForResponse((r) => r.url().endsWith('/test-event') && r.request().method() === 'POST'));
  await p.locator('#test-event-section button[type=submit]').click();
  expect((await answered).status() === 200, `POST test-event answered ${(await answered).status()}`);
  const line = await expectText('#test-event-result p', /answered|refused|not|no /i, `the test ${type}'s reply`, p);
  const sent = /^Sent (\S+) for (\S+): answered (\d{3})/.exec(line);
  expect(sent, `the test event was not sent: "${line}"`);
  const body = (await p.locator('#test-event-result pre.payload').innerText()).trim();
  let reply;
  try {
    reply = JSON.parse(body);
  } catch {
    fail(`the reply to the test ${type} is not JSON: ${body.slice(0, 300)}`);
  }
  return { type: sent[1], email: sent[2], status: Number(sent[3]), reply, line };
}

async function createEndpoint(platform, name) {
  await open('/console/endpoints');
  await page.selectOption('#platform', platform);
  await page.fill('#name', name);
  await follow(page.getByRole('button', { name: 'Create endpoint' }));
  await expectOn(/^\/console\/endpoints\/[^/]+$/);
  await expectText('h1', name, `the new ${platform} endpoint's page`);
  await expectText('p.notice', /Endpoint created/, 'the notice after creating');
  const id = pathOf().split('/').pop();
  const url = await page.inputValue('#endpoint-url');
  expect(url.endsWith(`/webhooks/${platform}/${id}`), `the endpoint URL shown is ${url}, expected …/webhooks/${platform}/${id}`);
  ok(`${platform} endpoint "${name}" created: ${pathOf()}, URL ${url}`);
  return { id, url, name, page: pathOf() };
}

/** The raw HTML the service sends for the current page (what a view-source shows), with the browser's cookies. */
async function rawHtml(p = page) {
  return (await p.request.get(p.url())).text();
}

// --- the walk ----------------------------------------------------------------------------------------------
let emptyShown = false;

async function main() {
  step = 'launch';
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // without the background-networking flags Chromium keeps calling home, which a closed network refuses
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context = await browser.newContext({ viewport: DESKTOP });
  context.setDefaultTimeout(timeout);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  // CSP violations and htmx's failed requests and swaps also show as console errors, named
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(
      `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'an inline script or style'} at ${e.sourceFile}:${e.lineNumber}`));
    for (const name of ['htmx:responseError', 'htmx:sendError', 'htmx:swapError', 'htmx:targetError', 'htmx:onLoadError']) {
      document.addEventListener(name, (e) => {
        const detail = e.detail || {};
        console.error(`${name}: ${detail.requestConfig?.verb ?? ''} ${detail.pathInfo?.requestPath ?? ''} ${detail.xhr?.status ?? ''}`);
      });
    }
  });
  page = await context.newPage();
  watch(page, 'page');
  log(`browser: ${chromiumPath} ${browser.version()}`);

  await walk('anonymous visit', async () => {
    await open('/console/endpoints');
    await expectOn('/console/login');
    await page.locator('input[name=token][type=password]').waitFor();
    await expectScripts();
    ok(`/console/endpoints without a session -> ${page.url()}`);
    await screenshot('login');
  });

  await walk('wrong token', async () => {
    allow(401, '/console/login', 'a wrong token is answered with the login page and 401');
    await page.fill('input[name=token]', `${token}-wrong`);
    const answered = awaited(page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/console/login'));
    await follow(page.getByRole('button', { name: 'Log in' }));
    expect((await answered).status() === 401, `POST /console/login with a wrong token answered ${(await answered).status()}, expected 401`);
    await expectOn('/console/login');
    const error = await expectText('p.error', /not the admin token/, 'the login error');
    await page.locator('input[name=token]').waitFor();
    ok(`a wrong token stays on the login page (401): "${error}"`);
  });

  await walk('log in', async () => {
    await page.fill('input[name=token]', token);
    await follow(page.getByRole('button', { name: 'Log in' }));
    await expectOn('/console/endpoints');
    await expectText('h1', 'Endpoints', 'the page after logging in');
    await expectScripts();
    ok(`logged in: ${page.url()}`);
  });

  await walk('endpoints, empty', async () => {
    let rows = page.locator('#endpoint-rows tr[data-endpoint]');
    if ((await rows.count()) === 1 && startedForTheWalk) {
      // a service's first start creates a Stripe endpoint: delete it, as a user who makes their own would
      const only = (await rows.first().innerText()).replace(/\s+/g, ' ');
      expect(/Stripe/.test(only) && /none yet/.test(only), `the only endpoint is not the first start's: ${only}`);
      await follow(rows.first().locator('a').first());
      await confirm(page.getByRole('button', { name: 'Delete endpoint' }), /^Delete .*cannot be restored/, true, { navigates: true });
      await expectOn('/console/endpoints');
      await expectText('p.notice', /deleted/, 'the notice after deleting the first start\'s endpoint');
      ok(`deleted the endpoint the first start created (${only.trim()}), after its confirmation`);
      rows = page.locator('#endpoint-rows tr[data-endpoint]');
    }
    const count = await rows.count();
    if (count === 0) {
      emptyShown = true;
      await expectText('#endpoint-rows p.empty', /No endpoints yet/, 'the empty endpoints list');
      ok('the list says "No endpoints yet"');
      await screenshot('endpoints-empty');
    } else {
      log(`  note: the service has ${count} endpoint(s): no empty list to check (and no endpoints-empty.png)`);
    }
  });

  let stripe;
  await walk('create a Stripe endpoint', async () => {
    stripe = await createEndpoint('stripe', 'Stripe live');
    await expectText('p.error', /No signing secret yet/, 'a new Stripe endpoint without its secret');
  });

  await walk('copy the endpoint URL', async () => {
    await page.evaluate(() => navigator.clipboard.writeText('nothing copied yet'));
    const button = page.locator('button[data-copy="#endpoint-url"]');
    await button.click();
    await expectText('button[data-copy="#endpoint-url"]', /^Copied$/, 'the copy button after a click');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied === stripe.url, `the clipboard holds "${copied}", expected the endpoint URL ${stripe.url}`);
    ok(`the copy button put ${copied} on the clipboard`);
  });

  let secret;
  await walk('set the signing secret', async () => {
    secret = `whsec_${crypto.randomBytes(24).toString('base64url')}`;
    await page.fill('#signingSecret', secret);
    await follow(page.getByRole('button', { name: 'Save secret' }));
    await expectOn(stripe.page);
    await expectText('p.notice', /Signing secret saved/, 'the notice after saving the secret');
    const hint = await textOf('#secret ~ p code');
    expect(hint === `whsec_…${secret.slice(-4)}`, `the secret's hint is "${hint}", expected whsec_…${secret.slice(-4)}`);
    expect(!(await page.content()).includes(secret), 'the signing secret is in the page (DOM)');
    expect(!(await rawHtml()).includes(secret), 'the signing secret is in the HTML the service sends');
    expect(!page.url().includes(secret.slice(6)), 'the signing secret is in the URL');
    expect((await page.inputValue('#signingSecret')) === '', 'the secret field is not empty after saving');
    ok(`the page shows only the hint ${hint}; the secret is nowhere in its HTML`);
  });

  let paid;
  await walk('send a test invoice.paid', async () => {
    paid = await sendTestEvent('invoice.paid');
    expect(paid.status === 200, `the test invoice.paid was answered ${paid.status}: ${JSON.stringify(paid.reply)}`);
    expect(JSON.stringify(paid.reply).includes('processed'), `the reply does not say processed: ${JSON.stringify(paid.reply)}`);
    ok(`"${paid.line}", reply ${JSON.stringify(paid.reply)}`);
    // the page's recent deliveries refresh themselves: the test event shows there without a reload
    const recent = await expectText('#recent-deliveries li', /invoice\.paid/, 'the endpoint\'s recent deliveries');
    expect(/processed/.test(recent), `the endpoint's recent delivery is not processed: ${recent}`);
    ok(`recent deliveries, without reloading: ${recent}`);
    await screenshot('endpoint-stripe');
  });

  await walk('the endpoints list shows the delivery', async () => {
    await follow(page.locator('header.top nav a', { hasText: 'Endpoints' }));
    const row = `#endpoint-rows tr[data-endpoint="${stripe.id}"]`;
    const last = await expectText(row, /invoice\.paid/, 'the Stripe endpoint\'s row');
    expect(/processed/.test(last), `the Stripe row's last delivery is not processed: ${last}`);
    ok(`row: ${last}`);
  });

  let contactPage;
  await walk('audience', async () => {
    await follow(page.locator('header.top nav a', { hasText: 'Audience' }));
    await expectOn('/console/audience');
    await expectText('main table a', paid.email, 'the new contact in the audience');
    await screenshot('audience');
    await page.fill('#q', paid.email.split('@')[0]);
    await follow(page.getByRole('button', { name: 'Search' }));
    const found = await page.locator('main table tbody tr').count();
    expect(found === 1, `searching for ${paid.email.split('@')[0]} lists ${found} contacts, expected 1`);
    ok(`${paid.email} is listed; the search finds it alone`);
  });

  await walk('contact', async () => {
    await follow(page.locator('main table a', { hasText: paid.email }));
    await expectOn(/^\/console\/audience\/\d+$/);
    contactPage = pathOf();
    await expectText('h1', paid.email, 'the contact\'s page');
    await expectText('main li', /successfulPayment/, 'the contact\'s trigger events');
    await expectText('dl.facts dd', /stripe:cus_/, 'the contact\'s Stripe identity');
    ok(`${contactPage}: ${paid.email} with its trigger event successfulPayment`);
    await screenshot('contact');
  });

  await walk('events', async () => {
    await follow(page.locator('header.top nav a', { hasText: 'Events' }));
    await expectOn('/console/events');
    const row = await expectText('main table tbody tr', paid.email, 'the trigger event of the test invoice.paid');
    expect(/successfulPayment/.test(row) && /invoice\.paid/.test(row),
      `the event row does not name successfulPayment from invoice.paid: ${row}`);
    if (publishing === 'off') {
      await expectText('main p.muted', /Publishing is off/, 'the Events page without Kafka');
      expect(/publishing off/.test(row), `the event's state is not "publishing off": ${row}`);
    }
    ok(`row: ${row.slice(0, 160)}`);
    await screenshot('events');
  });

  let deliveryPage;
  await walk('webhook log', async () => {
    await follow(page.locator('header.top nav a', { hasText: 'Webhook log' }));
    await expectOn('/console/deliveries');
    const row = await expectText('#delivery-rows tr[data-delivery]', paid.email, 'the test delivery in the log');
    expect(/processed/.test(row) && /invoice\.paid/.test(row), `the delivery row is not a processed invoice.paid: ${row}`);
    await screenshot('deliveries');
    await page.selectOption('#f-endpoint', stripe.id);
    await follow(page.getByRole('button', { name: 'Filter' }));
    expect(new URL(page.url()).searchParams.get('endpointId') === stripe.id, `the filter is not in the URL: ${page.url()}`);
    await expectText('#delivery-rows tr[data-delivery]', paid.email, 'the delivery, filtered by its endpoint');
    ok(`row: ${row}; filtering by the endpoint keeps it`);
  });

  await walk('webhook log filters', async () => {
    const utc = (ms) => new Date(ms).toISOString().slice(0, 19); // what a datetime-local field holds, read as UTC
    await page.selectOption('#f-status', 'processed');
    await page.fill('#f-from', utc(Date.now() - 3600 * 1000));
    await follow(page.getByRole('button', { name: 'Filter' }));
    await expectText('#delivery-rows tr[data-delivery]', paid.email, 'the delivery, processed within the last hour');
    await page.fill('#f-from', utc(Date.now() + 24 * 3600 * 1000));
    await follow(page.getByRole('button', { name: 'Filter' }));
    await expectText('#delivery-rows p.empty', /No delivery matches this filter/, 'a filter starting tomorrow');
    // the table refreshes itself with the page's filter: after a poll it still shows what the filter matches
    const polled = awaited(page.waitForResponse((r) => new URL(r.url()).pathname === '/console/deliveries/rows'));
    const asked = new URL((await polled).url());
    expect(asked.searchParams.get('from') && asked.searchParams.get('endpointId') === stripe.id,
      `the poll does not ask with the page's filter: ${asked}`);
    await page.waitForTimeout(300);
    await expectText('#delivery-rows p.empty', /No delivery matches this filter/, 'the filtered table after a poll');
    ok(`outcome and time filters work; the poll asks ${asked.pathname}${asked.search}`);
  });

  await walk('delivery', async () => {
    await open('/console/deliveries');
    await follow(page.locator('#delivery-rows tr[data-delivery]', { hasText: paid.email }).locator('a').first());
    await expectOn(/^\/console\/deliveries\/\d+$/);
    deliveryPage = pathOf();
    await expectText('h1', /processed/, 'the delivery\'s heading');
    const payload = await page.locator('pre.payload').innerText();
    let parsed;
    try {
      parsed = JSON.parse(payload);
    } catch {
      fail(`the stored payload is not JSON: ${payload.slice(0, 200)}`);
    }
    expect(parsed.type === 'invoice.paid', `the stored payload is not the invoice.paid: type ${parsed.type}`);
    expect(payload.includes('\n  "'), 'the stored payload is not pretty-printed (one line)');
    ok(`${deliveryPage}: pretty-printed payload of ${parsed.type} ${parsed.id}, ${payload.split('\n').length} lines`);
  });

  await walk('replay: duplicate', async () => {
    const answered = awaited(page.waitForResponse((r) => /\/replay$/.test(new URL(r.url()).pathname) && r.request().method() === 'POST'));
    await page.locator('section form button', { hasText: /^Replay$/ }).click();
    await answered;
    const result = await expectText('#replay-result', /duplicate/, 'the replay of a processed delivery');
    ok(`"${result}"`);
  });

  await walk('force replay: processed', async () => {
    const answered = awaited(page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/replay') && r.request().method() === 'POST'));
    await confirm(page.locator('section form button', { hasText: 'Force replay' }), /Apply this event again/, true, { navigates: false });
    await answered;
    const result = await expectText('#replay-result', /Forced replay/, 'the forced replay');
    expect(/processed/.test(result), `the forced replay did not process: ${result}`);
    ok(`"${result}"`);
    await screenshot('delivery');
  });

  await walk('bulk replay of the filtered log', async () => {
    await open(`/console/deliveries?endpointId=${encodeURIComponent(stripe.id)}`);
    await page.locator('details.bulk summary').click();
    const started = awaited(page.waitForResponse((r) => new URL(r.url()).pathname === '/console/deliveries/replay'));
    await confirm(page.locator('details.bulk button[type=submit]'), /Replay the filtered deliveries/, true, { navigates: false });
    expect((await started).status() === 200, `POST /console/deliveries/replay answered ${(await started).status()}`);
    // the progress box asks for its progress until the replay is finished
    const box = await expectText('#bulk-progress .progress-box', /Replay finished/, 'the bulk replay\'s progress');
    const results = await page.locator('#bulk-progress ul.results li').allInnerTexts();
    expect(results.length >= 1, `the finished bulk replay lists no result: ${box}`);
    expect(results.every((r) => /duplicate/.test(r)), `replaying processed events did not answer duplicate: ${results.join(' | ')}`);
    ok(`"${box.slice(0, 120)}"`);
  });

  let clerk;
  await walk('create a Clerk endpoint', async () => {
    clerk = await createEndpoint('clerk', 'Clerk');
    await expectText('p.error', /No signing secret yet/, 'a new Clerk endpoint without its secret');
    await expectGone('#header-value', 'a Clerk endpoint shows no issued header');
  });

  let supabase;
  await walk('create a Supabase endpoint', async () => {
    supabase = await createEndpoint('supabase', 'Supabase auth');
    await expectText('h2', /shown once/, 'the Supabase endpoint\'s issued header');
    const header = await page.inputValue('#header-name');
    const value = await page.inputValue('#header-value');
    expect(header.length > 0 && value.length >= 24, `the issued header is "${header}: ${value}"`);
    await screenshot('endpoint-supabase');
    await page.locator('button[data-copy="#header-value"]').click();
    await expectText('button[data-copy="#header-value"]', /^Copied$/, 'the header value\'s copy button');
    expect((await page.evaluate(() => navigator.clipboard.readText())) === value, 'the copied header value is not the one shown');
    ok(`shown once: ${header}: ${value.slice(0, 6)}…; its copy button copies it`);
    supabase.secret = value;
  });

  await walk('the Supabase header is shown once', async () => {
    await page.reload();
    await page.waitForLoadState('load');
    await expectGone('#header-value', 'after a reload the issued header');
    expect(!(await rawHtml()).includes(supabase.secret), 'after a reload the header value is still in the page\'s HTML');
    await expectText('#secret ~ p code', /…/, 'the Supabase secret\'s hint');
    const test = await sendTestEvent(await page.locator('#test-type option').first().getAttribute('value'));
    expect(test.status === 200, `the Supabase test ${test.type} was answered ${test.status}: ${JSON.stringify(test.reply)}`);
    ok(`after a reload only the hint shows; a test ${test.type} with the issued header: ${test.line}`);
  });

  await walk('the endpoints list refreshes itself', async () => {
    await open('/console/endpoints');
    await page.evaluate(() => { window.consoleCheckMark = 'not reloaded'; });
    const row = page.locator(`#endpoint-rows tr[data-endpoint="${stripe.id}"]`);
    expect(!/invoice\.payment_failed/.test(await row.innerText()), 'the Stripe row shows invoice.payment_failed already');
    // another tab sends a test event; this one must show it by its polling alone
    const other = await context.newPage();
    watch(other, 'second tab');
    await open(stripe.page, other);
    const failed = await sendTestEvent('invoice.payment_failed', other);
    await other.close();
    await expectText(`#endpoint-rows tr[data-endpoint="${stripe.id}"]`, /invoice\.payment_failed/, 'the refreshed Stripe row');
    const mark = await page.evaluate(() => window.consoleCheckMark);
    expect(mark === 'not reloaded', 'the page was reloaded: the row did not change by polling');
    const last = (await row.locator('td').last().innerText()).trim();
    ok(`without reloading, the Stripe row now shows ${last} (sent ${failed.type}, answered ${failed.status})`);
    expect((await page.locator('#endpoint-rows tr[data-endpoint]').count()) >= 3, 'the list does not show the three endpoints');
    await screenshot('endpoints');
    await page.setViewportSize(PHONE);
    await screenshot('endpoints-phone');
    await page.setViewportSize(DESKTOP);
  });

  await walk('rename, disable, enable and delete the Clerk endpoint', async () => {
    await open(clerk.page);
    const renamed = 'Clerk staging';
    await page.fill('#endpoint-name', renamed);
    await follow(page.getByRole('button', { name: 'Save settings' }));
    await expectText('p.notice', /Settings saved/, 'the notice after saving the settings');
    await expectText('h1', renamed, 'the renamed endpoint');
    await confirm(page.getByRole('button', { name: 'Disable endpoint' }), /Disable this endpoint/, true, { navigates: true });
    await expectText('h1 .badge', /^disabled$/, 'the endpoint after disabling');
    await follow(page.getByRole('button', { name: 'Enable endpoint' }));
    await expectText('h1 .badge', /^enabled$/, 'the endpoint after enabling');
    await confirm(page.getByRole('button', { name: 'Delete endpoint' }), /^Delete .*cannot be restored/, false, { navigates: false });
    await page.waitForTimeout(500);
    expect(pathOf() === clerk.page, `dismissing the deletion left the endpoint's page for ${page.url()}`);
    await confirm(page.getByRole('button', { name: 'Delete endpoint' }), /^Delete /, true, { navigates: true });
    await expectOn('/console/endpoints');
    await expectText('p.notice', /deleted/, 'the notice after deleting');
    await expectGone(`#endpoint-rows tr[data-endpoint="${clerk.id}"]`, 'the deleted endpoint in the list');
    ok(`renamed to "${renamed}", disabled, enabled; the deletion asked first, dismissed kept it, accepted deleted it`);
  });

  await walk('a session ended elsewhere', async () => {
    // the webhook log is open and polling when the session ends in another tab: it goes to the login page, and
    // logging in again leads to a whole page, not to the table fragment the poll asked for
    await open('/console/deliveries');
    const other = await context.newPage();
    watch(other, 'second tab');
    await open('/console/endpoints', other);
    await follow(other.getByRole('button', { name: 'Log out' }), other);
    await expectOn('/console/login', other);
    await other.close();
    await page.waitForURL((u) => u.pathname === '/console/login', { timeout: 10000 })
      .catch(() => fail(`the polling webhook log did not go to the login page when the session ended: ${page.url()}`));
    await page.waitForLoadState('load');
    ok(`the polling webhook log went to ${page.url()} by itself`);
    await page.fill('input[name=token]', token);
    await follow(page.getByRole('button', { name: 'Log in' }));
    expect(!pathOf().endsWith('/rows'), `logging in again led to the table fragment ${page.url()}`);
    await page.locator('header.top nav').waitFor({ timeout: 5000 })
      .catch(() => fail(`logging in again led to ${page.url()}, which is not a whole console page`));
    ok(`logging in again leads to ${page.url()}`);
  });

  await walk('log out', async () => {
    await follow(page.getByRole('button', { name: 'Log out' }));
    await expectOn('/console/login');
    await expectText('p.notice', /logged out/, 'the login page after logging out');
    for (const closed of ['/console/endpoints', '/console/audience', '/console/deliveries', deliveryPage, contactPage]) {
      await open(closed);
      await expectOn('/console/login');
    }
    ok('logged out; /console/endpoints, /console/audience, /console/deliveries and the pages seen lead to the login page');
  });

  if (!emptyShown) log('note: the service had endpoints, so the empty list was not checked and endpoints-empty.png not written');
}

async function failureScreenshot() {
  if (!page || page.isClosed()) return;
  const file = path.join(outDir, `failure-${step.replace(/[^a-z0-9]+/gi, '-')}.png`);
  try {
    await page.screenshot({ path: file, fullPage: true, timeout: 10000 });
    console.error(`[console-check] screenshot of the failure: ${file} (page ${page.url()})`);
  } catch (e) {
    console.error(`[console-check] could not save a failure screenshot: ${e.message}`);
  }
}

let code = 0;
try {
  await main();
  log(`PASSED: the console walk on ${base}; screenshots in ${path.relative(process.cwd(), shotsDir) || '.'}/`);
} catch (e) {
  code = 1;
  const msg = e instanceof CheckFailed ? e.message : `unexpected error: ${e.message.split('\n')[0]}`;
  console.error(`[console-check] FAILED in step "${step}": ${msg}`);
  if (!(e instanceof CheckFailed) && problems.length) console.error(`[console-check] problems seen: ${problems.join(' | ')}`);
  await failureScreenshot();
} finally {
  if (browser) await browser.close().catch(() => {});
}
process.exit(code);
