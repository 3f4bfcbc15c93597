// Browser test of the web interface: starts the real `granska serve` (the built binary)
// against a fresh database with the demo data, drives Debian's chromium headless with
// playwright-core through a whole case (sign in, find the flagged case, jäv and advice from
// the advisory group, a decision with conditions and special reasons, the PDF letter, a
// fulfilled condition, the kommunicering of an intended revocation and its dropping, an
// audit), checks every page it visits with axe-core against the WCAG 2.1 A and AA rules,
// fails on any violation or console error (a CSP refusal shows up there), and saves
// screenshots of the main pages to docs/screenshots/.
//
//   node tests/browser/run.mjs <path to granska binary>      (GRANSKA_TEST_DB must be set)
//
// It never skips: without chromium, node_modules or a database it fails and says why.
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const chromiumPath = process.env.GRANSKA_CHROMIUM || '/usr/bin/chromium';
const screenshots = path.join(root, 'docs', 'screenshots');
const password = 'granska-demo-2026';  // what `granska demo-data` gives the demo staff

function fail(message) {
  console.error(`browser test: FAILED: ${message}`);
  process.exit(1);
}

const binary = process.argv[2];
if (!binary || !fs.existsSync(binary)) fail(`the granska binary is missing: '${binary ?? ''}' (pass its path)`);
const admin = process.env.GRANSKA_TEST_DB;
if (!admin) fail('GRANSKA_TEST_DB is not set: run the suite with scripts/test.sh, which provisions PostgreSQL');
if (!fs.existsSync(chromiumPath))
  fail(`Debian's chromium is not installed at ${chromiumPath}: apt-get install chromium (scripts/test.sh installs it)`);

const require = createRequire(import.meta.url);
let chromium, axeSource;
try {
  ({ chromium } = require('playwright-core'));
  axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
} catch (e) {
  fail(`playwright-core and axe-core are not installed: run 'npm ci' in tests/browser (${e.message})`);
}

// ---- Database and server ---------------------------------------------------------------------

function psqlPath() {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base) ? fs.readdirSync(base).sort((a, b) => Number(a) - Number(b)) : [];
  for (const v of versions.reverse()) {
    const p = path.join(base, v, 'bin', 'psql');
    if (fs.existsSync(p)) return p;
  }
  return 'psql';
}

// libpq keyword/value strings: replace (or add) one parameter.
function withParam(conn, key, value) {
  const parts = conn.split(/\s+/).filter((p) => p && !p.startsWith(`${key}=`));
  parts.push(`${key}=${value}`);
  return parts.join(' ');
}

const dbName = `granska_browser_${process.pid}`;
const psql = psqlPath();
const ownerConn = withParam(admin, 'dbname', dbName);
const appConn = withParam(ownerConn, 'user', 'granska_app');

function run(args, env) {
  return execFileSync(binary, args, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
}

let server;
let browserContext;
let userDataDir;

async function cleanUp() {
  if (browserContext) await browserContext.close().catch(() => {});
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((resolve) => {
      const timer = setTimeout(() => { server.kill('SIGKILL'); resolve(); }, 10000);
      server.once('exit', () => { clearTimeout(timer); resolve(); });
    });
  }
  try {
    execFileSync(psql, [withParam(admin, 'dbname', 'postgres'), '-qc', `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`],
                 { stdio: 'ignore' });
  } catch { /* best effort */ }
}

function startServer() {
  return new Promise((resolve, reject) => {
    server = spawn(binary, ['serve'], {
      cwd: root,
      env: { ...process.env, GRANSKA_DB: appConn, GRANSKA_HTTP_PORT: '0', GRANSKA_HTTP_HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`granska serve did not start:\n${out}`)), 30000);
    const onData = (chunk) => {
      out += chunk.toString();
      const m = out.match(/serving on (http:\/\/[0-9.]+:\d+)\//);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', (chunk) => { out += chunk.toString(); process.stderr.write(chunk); });
    server.on('exit', (code) => { clearTimeout(timer); reject(new Error(`granska serve exited with ${code}:\n${out}`)); });
  });
}

// ---- Checks ----------------------------------------------------------------------------------

const problems = [];
const visited = [];

function check(condition, message) {
  if (!condition) {
    problems.push(message);
    console.error(`  ✗ ${message}`);
  }
}

async function axe(page, label) {
  await page.evaluate(axeSource);  // through the DevTools protocol: the page's CSP still applies to the page itself
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  visited.push(`${label} (${new URL(page.url()).pathname})`);
  for (const v of result.violations) {
    const where = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ');
    check(false, `axe on ${label}: ${v.id} (${v.impact}): ${v.help} at ${where}`);
  }
  console.log(`  ✓ ${label}: ${result.passes.length} WCAG rules pass, ${result.violations.length} violations`);
}

async function shot(page, name) {
  fs.mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
}

async function visit(page, url, label, screenshotName) {
  const response = await page.goto(url);
  check(response && response.status() === 200, `${label}: ${url} answered ${response && response.status()}`);
  await axe(page, label);
  if (screenshotName) await shot(page, screenshotName);
}

async function signIn(page, base, name) {
  await page.goto(`${base}/login`);
  await page.getByLabel(/^(Namn|Name)$/).fill(name);
  await page.getByLabel(/^(Lösenord|Password)$/).fill(password);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /Logga in|Sign in/ }).click()]);
  check(!page.url().includes('/login'), `${name} could not sign in (at ${page.url()})`);
}

async function signOut(page) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /Logga ut|Sign out/ }).click()]);
  check(page.url().includes('/login'), `signing out did not return to the sign-in page (${page.url()})`);
}

async function submit(page, buttonName) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: buttonName }).click()]);
}

// A date as the server counts days: in the municipality's zone (config time.zone), not UTC.
// Between midnight in Stockholm and midnight UTC the two differ by a day, and a form dated
// "today" in UTC is then dated before a decision the server took "today".
function isoDate(daysFromNow) {
  const d = new Date(Date.now() + daysFromNow * 86400000);
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(d);
}

// ---- The scenario ------------------------------------------------------------------------------

async function scenario(base) {
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'granska-chromium-'));
  browserContext = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=sv-SE'],
    viewport: { width: 1280, height: 900 },
    locale: 'sv-SE',
  });
  const page = browserContext.pages()[0] ?? await browserContext.newPage();
  page.setDefaultTimeout(30000);
  page.on('console', (msg) => {
    // A refused form answers 422 on purpose (the page shows the errors); anything else that
    // the console reports as an error, a CSP refusal above all, fails the test.
    if (msg.type() === 'error' && !/status of 422\b/.test(msg.text()))
      check(false, `console error on ${page.url()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => check(false, `script error on ${page.url()}: ${err.message}`));
  // Nothing may be fetched from anywhere but the server itself.
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(base) && !url.startsWith('data:')) check(false, `request to elsewhere: ${url}`);
  });

  console.log('sign-in page');
  await visit(page, `${base}/login`, 'sign-in', 'login');
  await page.keyboard.press('Tab');
  check(await page.evaluate(() => document.activeElement?.classList.contains('skip-link')),
        'the first Tab does not reach the skip link');
  await page.getByLabel('Namn').fill('Karin Holm');
  await page.getByLabel('Lösenord').fill('fel lösenord');
  await submit(page, 'Logga in');
  check((await page.content()).includes('Namnet eller lösenordet är fel.'), 'a wrong password is not explained');
  await axe(page, 'sign-in with an error');

  console.log('case officer: queue, cases, the flagged case');
  await signIn(page, base, 'Karin Holm');
  await axe(page, 'my queue');
  await visit(page, `${base}/queue?view=open`, 'all open cases', 'queue');
  await visit(page, `${base}/cases`, 'all cases');
  await page.getByLabel('Regelgranskning').selectOption('flag');
  await page.getByLabel('Typ').selectOption('grant');
  await submit(page, 'Filtrera');
  await axe(page, 'all cases, flagged grants');
  await shot(page, 'cases-flagged');
  const caseLink = page.getByRole('row', { name: /Förbundet Ny Ordning/ }).getByRole('link').first();
  check(await caseLink.count() === 1, 'no flagged grant from Förbundet Ny Ordning in the list');
  await Promise.all([page.waitForNavigation(), caseLink.click()]);
  const casePath = new URL(page.url()).pathname;
  const caseId = casePath.split('/').pop();
  await axe(page, 'the flagged case');
  await shot(page, 'case-referred');
  check((await page.content()).includes('DV-1'), 'the case page does not show the DV-1 flag');
  await submit(page, 'Tilldela mig ärendet');
  check((await page.content()).includes('Ärendet är tilldelat dig.'), 'assigning did not confirm');
  await visit(page, `${base}/advisory/meeting`, 'meeting agenda (officer)');
  await signOut(page);

  console.log('advisory group: one jäv, three advise');
  await signIn(page, base, 'Per Nilsson');
  await axe(page, 'my referrals');
  await shot(page, 'advisory-referrals');
  await visit(page, `${base}/advisory/cases/${caseId}`, 'referral packet', 'packet');
  check(!(await page.content()).includes('Anna Andersson'), 'the packet shows a private person\'s name');
  await page.getByLabel('Skäl för jäv').fill('Jag är styrelseledamot i en samarbetsorganisation.');
  await submit(page, 'Anmäl jäv');
  check(page.url().includes('/advisory') && (await page.content()).includes('jävsanmälan är registrerad'),
        'jäv was not confirmed');
  await signOut(page);
  const advisers = [['Johan Berg', 'approve_with_conditions'], ['Leila Haddad', 'approve_with_conditions'],
                    ['Sara Ek', 'approve']];
  for (const [name, advice] of advisers) {
    await signIn(page, base, name);
    await page.goto(`${base}/advisory/cases/${caseId}`);
    if (name === 'Johan Berg') {
      // An empty form first: the errors must be accessible too.
      await submit(page, 'Lämna råd');
      check(page.url().endsWith('/advice'), 'an empty advice form was not refused');
      await axe(page, 'advice form with errors');
      await shot(page, 'packet-errors');
      await page.goto(`${base}/advisory/cases/${caseId}`);
    }
    await page.locator(`input[name="recommendation"][value="${advice}"]`).check();
    await page.getByLabel('Motivering').fill(`${name}: hotet var en enstaka händelse och föreningen har tagit avstånd.`);
    if (advice === 'approve_with_conditions')
      await page.getByLabel('Föreslagna villkor (valfritt)').fill('Verksamhetsrapport\nÖppet för allmänheten');
    await submit(page, 'Lämna råd');
    check((await page.content()).includes('Ditt råd är registrerat.'), `${name}'s advice was not confirmed`);
    if (name === 'Sara Ek') await visit(page, `${base}/advisory/meeting`, 'meeting agenda', 'meeting');
    await signOut(page);
  }

  console.log('case officer: decide with conditions and special reasons');
  await signIn(page, base, 'Karin Holm');
  await page.goto(`${base}${casePath}`);
  check((await page.content()).includes('Råd lämnat'), 'the case is not advised after three answers');
  await page.getByLabel('Bifall med villkor').check();
  await page.getByLabel(/^Motivering/).fill('Föreningen uppfyller villkoren för arrangemangsbidrag; arbetsgruppen har lämnat råd.');
  await page.getByLabel('Särskilda skäl').fill('Hotet 2025 var en enstaka händelse och föreningen har offentligt tagit avstånd från den.');
  await page.locator('select[name="conditions[0].kind"]').selectOption('activity_report');
  await page.locator('input[name="conditions[0].due"]').fill(isoDate(60));
  await page.locator('input[name="conditions[0].description"]').fill('Verksamhetsrapport för arrangemanget');
  await shot(page, 'case-decision-form');
  await submit(page, 'Registrera beslutet');
  check((await page.content()).includes('Beslutet är registrerat.'), 'the decision was not confirmed');
  await axe(page, 'the decided case');
  await shot(page, 'case-decided');
  const pdf = await page.request.get(`${base}${casePath}/letter?lang=sv&format=pdf`);
  check(pdf.status() === 200 && pdf.headers()['content-type'] === 'application/pdf',
        `the PDF letter answered ${pdf.status()} ${pdf.headers()['content-type']}`);
  const pdfBytes = await pdf.body();
  check(pdfBytes.subarray(0, 4).toString() === '%PDF', 'the letter is not a PDF');
  fs.mkdirSync(screenshots, { recursive: true });
  await page.goto(`${base}${casePath}?lang=en`);
  await axe(page, 'the decided case in English');
  await shot(page, 'case-decided-en');
  await page.goto(`${base}${casePath}?lang=sv`);

  console.log('case officer: conditions, incidents, calendar, rules');
  await visit(page, `${base}/conditions?view=pending`, 'conditions board');
  const card = page.locator('li.card', { hasText: 'Verksamhetsrapport för arrangemanget' });
  check(await card.count() === 1, 'the new condition is not on the board');
  await card.getByLabel(/Underlag eller skäl/).fill('Rapporten inkom och godkändes.');
  await Promise.all([page.waitForNavigation(), card.getByRole('button', { name: 'Uppfyllt' }).click()]);
  check((await page.content()).includes('Villkoret är markerat som uppfyllt.'), 'fulfilling the condition was not confirmed');

  console.log('case officer: kommunicering of an intended revocation');
  await page.goto(`${base}${casePath}`);
  const revocationForm = () => page.locator(`form[action="${casePath}/revocation/communication"]`);
  check(await revocationForm().count() === 1, 'the revocation form is not offered on the decided case');
  await Promise.all([page.waitForNavigation(),
                     revocationForm().getByRole('button', { name: 'Skicka kommunicering om återkallelse' }).click()]);
  check((await page.content()).includes('vad föreningen har gjort eller låtit bli att göra'),
        'an empty revocation form was not refused in Swedish');
  await axe(page, 'revocation form with errors');
  await revocationForm().getByLabel('Grund för återkallelsen').fill(
    'Föreningens talare uppmanade till våld vid arrangemanget den 5 mars, i strid mot demokrativillkoret.');
  await revocationForm().getByLabel('Brott mot demokrativillkoret').check();
  await revocationForm().getByLabel(/^Belopp som kan krävas tillbaka/).fill('10000');
  await revocationForm().getByLabel('Svar senast').fill(isoDate(14));
  await Promise.all([page.waitForNavigation(),
                     revocationForm().getByRole('button', { name: 'Skicka kommunicering om återkallelse' }).click()]);
  const revoked = await page.content();
  check(revoked.includes('Kommuniceringen om återkallelse är registrerad'), 'the revocation kommunicering was not confirmed');
  check(revoked.includes('Kommunicering om återkallelse på svenska (PDF)'), 'the revocation letter is not linked');
  await axe(page, 'the case with a revocation communicated');
  await shot(page, 'case-revocation');

  console.log('case officer: the intended revocation is dropped');
  const dropForm = () => page.locator(`form[action="${casePath}/revocation/drop"]`);
  check(await dropForm().count() === 1, 'the drop form is not offered while the revocation is communicated');
  await Promise.all([page.waitForNavigation(),
                     dropForm().getByRole('button', { name: 'Avsluta utan återkallelse' }).click()]);
  check((await page.content()).includes('måste fyllas i: varför beslutet inte återkallas'),
        'an empty drop form was not refused in Swedish');
  await axe(page, 'drop form with errors');
  await dropForm().getByLabel('Skäl för att inte återkalla').fill(
    'Talaren var inte inbjuden av föreningen och styrelsen tog offentligt avstånd samma dag.');
  await Promise.all([page.waitForNavigation(),
                     dropForm().getByRole('button', { name: 'Avsluta utan återkallelse' }).click()]);
  const dropped = await page.content();
  check(dropped.includes('Återkallelsen är avslutad, beslutet står fast'), 'dropping the revocation was not confirmed');
  check(dropped.includes('Besked om att beslutet inte återkallas på svenska (PDF)'), 'the besked is not linked');
  await axe(page, 'the case with the revocation dropped');

  console.log('case officer: an appeal, and the court annuls the decision');
  const appealForm = () => page.locator(`form[action="${casePath}/appeals"]`);
  check(await appealForm().count() === 1, 'the appeal form is not offered on the decided case');
  await appealForm().getByLabel('Överklagandet inkom').fill(isoDate(0));
  await appealForm().getByLabel('Vem överklagar').selectOption('applicant');
  await appealForm().getByLabel('Domstol', { exact: true }).fill('Förvaltningsrätten i Göteborg');
  await Promise.all([page.waitForNavigation(),
                     appealForm().getByRole('button', { name: 'Registrera överklagandet' }).click()]);
  check((await page.content()).includes('Överklagandet är registrerat.'), 'the appeal was not confirmed');
  await axe(page, 'the case with an appeal pending');
  const outcomeForm = () => page.locator(`form[action^="${casePath}/appeals/"]`);
  check(await outcomeForm().count() === 1, 'the outcome form is not offered for the pending appeal');
  await outcomeForm().getByLabel('Domstolens avgörande').selectOption('annulled');
  await outcomeForm().getByLabel('Avgjort den').fill(isoDate(0));
  await Promise.all([page.waitForNavigation(),
                     outcomeForm().getByRole('button', { name: 'Registrera avgörandet' }).click()]);
  const annulled = await page.content();
  check(annulled.includes('Domstolens avgörande är registrerat.'), 'the court\'s outcome was not confirmed');
  check(annulled.includes('Besked om att beslutet har upphävts på svenska (PDF)'), 'the besked of the annulment is not linked');
  await axe(page, 'the case after the court annulled its decision');
  await visit(page, `${base}/conditions?view=all`, 'conditions board (all)', 'conditions');
  await visit(page, `${base}/incidents`, 'incident register', 'incidents');
  await visit(page, `${base}/incidents/new`, 'record an incident');
  await submit(page, 'Registrera händelsen');
  await axe(page, 'incident form with errors');
  await shot(page, 'incident-errors');
  // The next twelve months: the demo's bookings are some weeks ahead of the day it was loaded.
  await visit(page, `${base}/premises/calendar?premises=storsalen&from=${isoDate(0)}&to=${isoDate(360)}`, 'premises calendar', 'calendar');
  await visit(page, `${base}/rules`, 'rule set', 'rules');
  await signOut(page);

  console.log('auditor: an audit run and its report');
  await signIn(page, base, 'Mats Lund');
  await axe(page, 'audits');
  await page.getByLabel('Från och med').fill('2000-01-01');
  await page.getByLabel('Till och med').fill(isoDate(1));
  await page.getByLabel('Antal ärenden i urvalet').fill('5');
  await page.getByLabel('Frö').fill('42');
  await submit(page, 'Dra urvalet');
  check((await page.content()).includes('Urvalet är draget.'), 'the audit was not created');
  await axe(page, 'audit run');
  await shot(page, 'audit');
  await visit(page, `${base}${new URL(page.url()).pathname}/report`, 'audit report', 'audit-report');
  await visit(page, `${base}${casePath}`, 'the case as the auditor reads it');
  await signOut(page);

  console.log('admin: users and premises');
  await signIn(page, base, 'Systemförvaltare');
  await axe(page, 'users and roles');
  await shot(page, 'admin-users');
  await visit(page, `${base}/admin/premises`, 'premises', 'admin-premises');
  await signOut(page);
}

// ---- Main ----------------------------------------------------------------------------------

try {
  execFileSync(psql, [withParam(admin, 'dbname', 'postgres'), '-qc', `CREATE DATABASE ${dbName}`], { stdio: 'pipe' });
  run(['migrate'], { GRANSKA_DB: ownerConn });
  run(['demo-data'], { GRANSKA_DB: appConn });
  const base = await startServer();
  console.log(`granska serve on ${base}, chromium ${chromiumPath}`);
  await scenario(base);
} catch (e) {
  problems.push(`the scenario stopped: ${e.stack || e.message}`);
  console.error(e);
}
await cleanUp();
console.log(`\nchecked ${visited.length} pages with axe-core (WCAG 2.1 A/AA)`);
if (problems.length) {
  console.error(`browser test: FAILED with ${problems.length} problem(s):`);
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}
console.log('browser test: passed');
