// Real-browser check of Hawtio (/actuator/hawtio) on a running service: login form, Camel routes view,
// screenshots. Run by scripts/browser-checks.sh (before console-check.mjs), which starts the service when no
// base URL is given.
//
//   HAWTIO_PASSWORD=<admin token> node hawtio-check.mjs <base-url>
//
// Environment:
//   HAWTIO_PASSWORD     the admin token (required; read from the environment so it never shows in `ps`)
//   HAWTIO_USER         login user (default admin)
//   HAWTIO_ROUTE        route that must be listed (default stripe-webhook)
//   HAWTIO_OUT_DIR      where screenshots go (default ./target/browser-checks/hawtio of the current directory)
//   CHROMIUM_PATH       browser (default /usr/bin/chromium, Debian's chromium package)
//   HAWTIO_TIMEOUT_MS   longest wait for one page state (default 60000)
//   HAWTIO_DEBUG        set to 1 to log how the route diagram is fitted into the picture
//
// Checks, in order (the first that fails ends the run with exit 1 and a failure-*.png screenshot):
//   1. an anonymous GET <base>/actuator/jolokia/read/java.lang:type=Memory answers 401
//   2. <base>/actuator/hawtio sends the browser to Hawtio's login page
//   3. a wrong password is refused and the browser stays on the login page, without a session
//   4. user + admin token log in (the form posts JSON to /actuator/hawtio/auth/login)
//   5. the Camel routes table (/actuator/hawtio/camel/routes) lists HAWTIO_ROUTE -> camel-routes.png
//   6. the route diagram of HAWTIO_ROUTE draws its nodes -> <route>-diagram.png
//   7. Jolokia's access policy refused none of the console's Jolokia calls (a view may draw without the data
//      a refused call would have brought); the operations the console ran are listed
// Exit codes: 0 all passed, 1 a check failed, 2 bad usage or missing browser.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const started = Date.now();
const log = (msg) => console.log(`[hawtio-check ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${msg}`);

class CheckFailed extends Error {}
const fail = (msg) => { throw new CheckFailed(msg); };

const base = (process.argv[2] || process.env.HAWTIO_BASE_URL || '').replace(/\/+$/, '');
const user = process.env.HAWTIO_USER || 'admin';
const password = process.env.HAWTIO_PASSWORD || '';
const route = process.env.HAWTIO_ROUTE || 'stripe-webhook';
const outDir = path.resolve(process.env.HAWTIO_OUT_DIR || 'target/browser-checks/hawtio');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const timeout = Number(process.env.HAWTIO_TIMEOUT_MS || 60000);

if (!/^https?:\/\/[^/]+/.test(base) || !password) {
  console.error('usage: HAWTIO_PASSWORD=<admin token> node hawtio-check.mjs <base-url, e.g. http://localhost:8080>');
  process.exit(2);
}
if (!fs.existsSync(chromiumPath)) {
  console.error(`no browser at ${chromiumPath}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`);
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });

const hawtio = `${base}/actuator/hawtio`;
const isLoginPage = (url) => new URL(url).pathname.replace(/\/+$/, '').endsWith('/actuator/hawtio/login');
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hawtio-check-chromium-'));
let context;
let page;
let step = 'start';
const pageErrors = [];
const jolokiaRefusals = [];
const jolokiaOperations = new Set();

// Jolokia answers a refusal with HTTP 200 and status 403 in its JSON, one per request of a bulk call
async function watchJolokia(response) {
  const request = response.request();
  if (!new URL(response.url()).pathname.includes('/jolokia') || request.method() !== 'POST') return;
  let asked;
  let answers;
  try {
    asked = [request.postDataJSON()].flat();
    answers = [JSON.parse(await response.text())].flat();
  } catch {
    return; // not JSON (or the page went away): nothing to judge
  }
  asked.forEach((q, i) => {
    const what = q.type === 'exec' ? `exec ${q.operation} on ${q.mbean}` : `${q.type} ${q.mbean ?? q.path ?? ''}`.trim();
    if (q.type === 'exec') jolokiaOperations.add(`${q.operation} on ${q.mbean}`);
    if (answers[i]?.status === 403) jolokiaRefusals.push(`${what}: ${answers[i].error}`);
  });
}

// The Hawtio layout scrolls inside its panels, so a "full page" screenshot would stop at the viewport:
// grow the viewport until no panel scrolls any more (capped), shoot, and restore it.
async function fullScreenshot(file) {
  const original = page.viewportSize();
  const extra = await page.evaluate(() => {
    let most = 0;
    for (const el of document.querySelectorAll('*')) {
      const overflowY = getComputedStyle(el).overflowY;
      if ((overflowY === 'auto' || overflowY === 'scroll') && el.clientHeight > 0) {
        most = Math.max(most, el.scrollHeight - el.clientHeight);
      }
    }
    return Math.max(most, document.documentElement.scrollHeight - window.innerHeight, 0);
  });
  if (extra > 0) {
    await page.setViewportSize({ width: original.width, height: Math.min(original.height + extra + 20, 8000) });
    await page.waitForTimeout(500);
  }
  await page.screenshot({ path: file, fullPage: true });
  if (extra > 0) {
    await page.setViewportSize(original);
  }
  log(`screenshot ${file}`);
}

// Hawtio opens a route diagram at React Flow's smallest zoom with part of a long route off-screen, and
// without zoom controls. Grow the window until the panel can hold every node, then drag the canvas (as a
// person would) so that the nodes sit inside it. Returns whether everything is in view.
async function diagramBounds() {
  return page.evaluate(() => {
    const box = (el) => el.getBoundingClientRect();
    const pane = box(document.querySelector('.react-flow'));
    const nodes = [...document.querySelectorAll('.react-flow__node')].map(box);
    return {
      pane: { left: pane.left, top: pane.top, right: pane.right, bottom: pane.bottom },
      left: Math.min(...nodes.map((b) => b.left)), top: Math.min(...nodes.map((b) => b.top)),
      right: Math.max(...nodes.map((b) => b.right)), bottom: Math.max(...nodes.map((b) => b.bottom)),
    };
  });
}

async function fitDiagram(margin = 24) {
  let b = await diagramBounds();
  // the tree beside the panel grows with the window too, so a few rounds may be needed
  for (let round = 0; round < 6; round++) {
    const view = page.viewportSize();
    const wider = Math.max(0, Math.ceil((b.right - b.left) + 2 * margin - (b.pane.right - b.pane.left)));
    const taller = Math.max(0, Math.ceil((b.bottom - b.top) + 2 * margin - (b.pane.bottom - b.pane.top)));
    const next = { width: Math.min(view.width + wider, 4000), height: Math.min(view.height + taller, 8000) };
    if (next.width === view.width && next.height === view.height) break;
    await page.setViewportSize(next);
    await page.waitForTimeout(800);
    b = await diagramBounds();
  }
  const dx = Math.round(b.pane.left + margin - b.left);
  const dy = Math.round(b.pane.top + margin - b.top);
  if (dx || dy) {
    // grab the canvas at a free spot from which the whole move stays inside the panel
    const start = await page.evaluate(({ pane, dx, dy }) => {
      const xs = dx >= 0 ? [pane.left + 4, pane.right - 4 - dx] : [pane.right - 4, pane.left + 4 - dx];
      const ys = dy >= 0 ? [pane.top + 4, pane.bottom - 4 - dy] : [pane.bottom - 4, pane.top + 4 - dy];
      for (let i = 0; i <= 40; i++) {
        for (let j = 0; j <= 40; j++) {
          const x = xs[0] + ((xs[1] - xs[0]) * i) / 40;
          const y = ys[0] + ((ys[1] - ys[0]) * j) / 40;
          if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
        }
      }
      return null;
    }, { pane: b.pane, dx, dy });
    if (process.env.HAWTIO_DEBUG) log(`diagram drag from ${JSON.stringify(start)} bounds ${JSON.stringify(b)}`);
    if (start) {
      await page.mouse.move(start.x, start.y);
      await page.mouse.down();
      await page.mouse.move(start.x + dx, start.y + dy, { steps: 12 });
      await page.mouse.up();
      await page.waitForTimeout(500);
      b = await diagramBounds();
    }
  }
  if (process.env.HAWTIO_DEBUG) log(`diagram bounds ${JSON.stringify(b)} dx=${dx} dy=${dy}`);
  return b.left >= b.pane.left && b.top >= b.pane.top && b.right <= b.pane.right && b.bottom <= b.pane.bottom;
}

async function failureScreenshot() {
  if (!page) return;
  const file = path.join(outDir, `failure-${step}.png`);
  try {
    await page.screenshot({ path: file, fullPage: true, timeout: 10000 });
    console.error(`[hawtio-check] screenshot of the failure: ${file} (page ${page.url()})`);
  } catch (e) {
    console.error(`[hawtio-check] could not save a failure screenshot: ${e.message}`);
  }
}

async function submitLogin(pass) {
  await page.fill('#pf-login-username-id', user);
  await page.fill('#pf-login-password-id', pass);
  const answer = page.waitForResponse((r) => r.url().endsWith('/auth/login') && r.request().method() === 'POST', { timeout });
  await page.click('form button[type=submit]');
  return (await answer).status();
}

async function sessionUser() {
  const r = await page.request.get(`${hawtio}/user`, { failOnStatusCode: false });
  return { status: r.status(), body: (await r.text()).trim() };
}

async function main() {
  step = 'jolokia-anonymous';
  const jolokia = `${base}/actuator/jolokia/read/java.lang:type=Memory`;
  const anon = await fetch(jolokia, { redirect: 'manual' });
  if (anon.status !== 401) {
    fail(`an anonymous GET ${jolokia} answered ${anon.status}, expected 401: Jolokia is not behind the login`);
  }
  log(`ok: anonymous GET /actuator/jolokia/read/java.lang:type=Memory -> 401`);

  step = 'launch';
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1440, height: 900 },
    // without the background-networking flags Chromium keeps calling home, which a closed network refuses
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context.setDefaultTimeout(timeout);
  page = context.pages()[0] || (await context.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('response', (r) => { watchJolokia(r).catch(() => {}); });
  log(`browser: ${chromiumPath} ${context.browser()?.version() ?? ''}`.trim());

  step = 'login-page';
  await page.goto(hawtio);
  try {
    await page.waitForURL((u) => isLoginPage(u.href));
    await page.waitForSelector('#pf-login-username-id', { state: 'visible' });
  } catch (e) {
    fail(`opening ${hawtio} did not lead to Hawtio's login form (now at ${page.url()}): ${e.message.split('\n')[0]}`);
  }
  log(`ok: ${hawtio} -> ${page.url()} (login form)`);

  step = 'wrong-password';
  const wrong = `${password}-wrong`;
  const wrongStatus = await submitLogin(wrong);
  await page.waitForTimeout(1500); // give a (wrong) client-side redirect the time to happen
  const afterWrong = await sessionUser();
  if (wrongStatus === 200 || !isLoginPage(page.url()) || afterWrong.status === 200) {
    fail(`a wrong password got past the login: POST auth/login -> ${wrongStatus}, page ${page.url()}, GET user -> ${afterWrong.status}`);
  }
  if (!(await page.isVisible('#pf-login-password-id'))) {
    fail('after a wrong password the login form is gone');
  }
  const message = ((await page.locator('.pf-v6-c-login__main-body .pf-v6-c-helper-text').allInnerTexts())[0] || '').split('\n')[0].trim();
  await page.screenshot({ path: path.join(outDir, 'login-rejected.png') });
  log(`ok: wrong password refused (POST auth/login -> ${wrongStatus}, still on the login page${message ? `, shows "${message}"` : ''}, GET user -> ${afterWrong.status})`);

  step = 'login';
  const loginStatus = await submitLogin(password);
  if (loginStatus !== 200) {
    fail(`login as ${user} with the admin token failed: POST ${hawtio}/auth/login -> ${loginStatus}`);
  }
  try {
    // the login page reloads the console (/actuator/hawtio -> 302 /actuator/hawtio/), which then opens its
    // first plugin: wait for the console's navigation so that no later page.goto races that reload
    await page.waitForURL((u) => !isLoginPage(u.href));
    await page.locator('nav[aria-label="Global"] a', { hasText: /^Camel$/ }).waitFor({ state: 'visible' });
    await page.waitForLoadState('load');
  } catch (e) {
    fail(`login answered 200 but the console did not open (page ${page.url()}): ${e.message.split('\n')[0]}`);
  }
  const who = await sessionUser();
  if (who.status !== 200) {
    fail(`logged in, but GET ${hawtio}/user -> ${who.status}: the session does not hold`);
  }
  log(`ok: logged in as ${who.body.replace(/"/g, '')} (POST auth/login -> 200, now at ${page.url()})`);

  step = 'camel-routes';
  const table = page.locator('#camel-routes-table');
  await page.goto(`${hawtio}/camel/routes`);
  try {
    await table.waitFor({ state: 'visible', timeout: Math.min(timeout, 30000) });
  } catch {
    // the routes view shows the node selected in the Camel tree: pick the routes folder like an operator would
    log(`routes table not shown at ${page.url()}; selecting the "routes" folder in the Camel tree`);
    await page.locator('.pf-v6-c-tree-view button.pf-v6-c-tree-view__node-text', { hasText: /^routes$/ }).first().click();
    await page.locator('nav[aria-label="Camel Nav"] a', { hasText: /^Routes$/ }).click();
    await table.waitFor({ state: 'visible' });
  }
  const names = table.locator('tbody td[data-label="Name"]');
  await names.first().waitFor({ state: 'visible' });
  try {
    await names.filter({ hasText: new RegExp(`^${route.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).first().waitFor({ state: 'visible', timeout: 15000 });
  } catch {
    const listed = (await names.allInnerTexts()).map((s) => s.trim());
    fail(`route ${route} is not listed in the Camel routes table at ${page.url()}; listed: ${listed.join(', ') || '(none)'}`);
  }
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => {
    const cell = (label) => tr.querySelector(`td[data-label="${label}"]`)?.textContent.trim() ?? '';
    return `${cell('Name')}=${cell('State')}`;
  }));
  log(`ok: ${page.url()} lists ${rows.length} routes, ${route} among them: ${rows.join(', ')}`);
  await fullScreenshot(path.join(outDir, 'camel-routes.png'));

  step = 'route-diagram';
  await page.locator('.pf-v6-c-tree-view button.pf-v6-c-tree-view__node-text', { hasText: new RegExp(`^${route}$`) }).first().click();
  await page.getByText(`type=routes,name="${route}"`).first().waitFor({ state: 'visible' });
  await page.locator('nav[aria-label="Camel Nav"] a', { hasText: /^Route Diagram$/ }).click();
  await page.waitForURL((u) => u.pathname.endsWith('/camel/routeDiagram'));
  const nodes = page.locator('.react-flow__node');
  await nodes.first().waitFor({ state: 'visible' });
  await page.waitForTimeout(1500); // the diagram lays itself out
  log(`ok: route diagram of ${route} at ${page.url()} draws ${await nodes.count()} nodes`);
  const fits = await fitDiagram();
  await page.screenshot({ path: path.join(outDir, `${route}-diagram.png`), fullPage: true });
  log(`screenshot ${path.join(outDir, `${route}-diagram.png`)}${fits ? '' : ' (the diagram is larger than the picture: cut off)'}`);

  step = 'jolokia-policy';
  await page.waitForTimeout(500); // the last answers are read
  const ran = [...jolokiaOperations].map((op) => op.replace(/^(canInvoke\(.*?\)) on .*/, '$1 on Hawtio\'s security MBean'));
  log(`Jolokia operations the console ran: ${[...new Set(ran)].sort().join('; ') || '(none)'}`);
  if (jolokiaRefusals.length) {
    fail(`Jolokia's access policy refused ${jolokiaRefusals.length} call(s) of the console: ${[...new Set(jolokiaRefusals)].slice(0, 5).join(' | ')}`);
  }
  log('ok: Jolokia refused none of the console\'s calls');
}

let code = 0;
try {
  await main();
  log(`PASSED: Hawtio login and Camel routes view work on ${base}`);
} catch (e) {
  code = 1;
  const msg = e instanceof CheckFailed ? e.message : `unexpected error in step ${step}: ${e.message.split('\n')[0]}`;
  console.error(`[hawtio-check] FAILED (${step}): ${msg}`);
  if (pageErrors.length) console.error(`[hawtio-check] page errors: ${pageErrors.slice(0, 5).join(' | ')}`);
  await failureScreenshot();
} finally {
  if (context) await context.close().catch(() => {});
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
process.exit(code);
