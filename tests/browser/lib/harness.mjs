// What every browser test shares: the running server (from tests/browser/run), Chromium, and the
// checks a page must pass (axe-core WCAG 2.1 A/AA, html-validate, a screenshot on request).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import axe from 'axe-core';
import { HtmlValidate } from 'html-validate';

const here = path.dirname(fileURLToPath(import.meta.url));

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: start the tests with tests/browser/run PATH_TO_DIALOGDAG`);
  return value;
}

export const BASE_URL = required('DIALOGDAG_URL');  // "http://127.0.0.1:PORT"
export const SHOT_DIR = required('DIALOGDAG_SCREENSHOTS');

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

// Chromium from Debian, headless, with a fresh profile: playwright-core creates a new temporary
// --user-data-dir for every launch (it refuses one in `args`) and removes it on close.
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A new browser context (its own cookies) set up like a Norwegian reader's browser.
export async function newPage(browser, viewport = DESKTOP) {
  const context = await browser.newContext({ baseURL: BASE_URL, viewport, locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
  return context.newPage();
}

// A valid Norwegian organisation number (MOD11) made from a seed; distinct seeds give distinct numbers.
export function validOrgnr(seed) {
  const weights = [3, 2, 7, 6, 5, 4, 3, 2];
  for (let base = 81000000 + seed * 13; ; ++base) {
    const digits = String(base).padStart(8, '0').split('').map(Number);
    const r = digits.reduce((sum, d, i) => sum + d * weights[i], 0) % 11;
    if (r === 1) continue;
    return digits.join('') + String(r === 0 ? 0 : 11 - r);
  }
}

const htmlValidator = new HtmlValidate(JSON.parse(fs.readFileSync(path.join(here, '..', '.htmlvalidate.json'), 'utf8')));

// The page's markup as the server sent it passes html-validate.
export async function assertValidHtml(html, name) {
  const report = await htmlValidator.validateString(html, `${name}.html`);
  const messages = report.results.flatMap((r) => r.messages)
    .map((m) => `${m.ruleId} (line ${m.line}:${m.column}): ${m.message}`);
  assert.deepEqual(messages, [], `html-validate: ${name}`);
}

// Zero violations of the WCAG 2.1 A and AA rules of axe-core on the page as it is now.
export async function assertAccessible(page, name) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axe.source);
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), WCAG_TAGS);
  const violations = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ` +
    v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n    '));
  assert.deepEqual(violations, [], `axe-core: ${name} (${page.url()})`);
}

// Both checks on the page just loaded; `response` is the main document's response.
export async function assertGoodPage(page, response, name) {
  assert.ok(response, `no document response for ${name}`);
  await assertValidHtml(await response.text(), name);
  await assertAccessible(page, name);
}

// Full-page screenshots at phone and desktop width into SHOT_DIR.
export async function screenshots(page, name) {
  const before = page.viewportSize();
  for (const [label, size] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(SHOT_DIR, `${name}-${label}-${size.width}px.png`), fullPage: true });
  }
  await page.setViewportSize(before);
}

// Keyboard only: presses Tab until the element matching `selector` has the focus, and checks
// that the focus can be seen there (an outline, WCAG 2.4.7).
export async function tabTo(page, selector, { backwards = false, limit = 120 } = {}) {
  for (let i = 0; i < limit; ++i) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) {
      const outline = await page.evaluate(() => {
        const style = getComputedStyle(document.activeElement);
        return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });
      assert.ok(outline.style !== 'none' && outline.width >= 2, `the focus on ${selector} is visible (${JSON.stringify(outline)})`);
      return;
    }
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  assert.fail(`${selector} cannot be reached with the Tab key`);
}

// Keyboard only: Tab to a field, select what is in it and type `text`.
export async function typeInto(page, selector, text) {
  await tabTo(page, selector);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  if (text) await page.keyboard.type(text);
}

// Presses `key` on the focused element and waits for the document it leads to.
export async function pressAndNavigate(page, key = 'Enter') {
  const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press(key)]);
  return response;
}

// Asserts that the element with `id` gets the focus. A page's `autofocus` is applied at the
// browser's next rendering update, which may come after the load event a navigation waits for;
// so this waits for it, up to two seconds, and then says where the focus is instead.
export async function expectFocusOn(page, id) {
  try {
    await page.waitForFunction((wanted) => document.activeElement?.id === wanted, id, { timeout: 2000 });
  } catch {
    const focused = await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
    assert.fail(`the focus should be on #${id}, it is on ${focused}`);
  }
}

// Plain HTTP as a second client: a GET of a form page gives its CSRF field and cookie.
export async function fetchForm(url) {
  const response = await fetch(new URL(url, BASE_URL), { redirect: 'manual' });
  const html = await response.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const cookie = (response.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  return { status: response.status, html, csrf, cookie };
}

export async function postForm(url, fields, { cookie = '' } = {}) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields))
    for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  return fetch(new URL(url, BASE_URL), {
    method: 'POST', redirect: 'manual', body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
  });
}

// Books through plain HTTP (for tests about something else than the form): the manage path.
export async function bookByHttp(slug, fields) {
  const form = await fetchForm(`/e/${slug}/book`);
  assert.equal(form.status, 200);
  const response = await postForm(`/e/${slug}/book`, { _csrf: form.csrf, ...fields }, { cookie: form.cookie });
  assert.equal(response.status, 303, await response.text());
  return response.headers.get('location').split('?')[0];
}

export function supplierFields(seed, extra = {}) {
  return {
    company: `Testleverandør ${seed} AS`, orgnr: validOrgnr(seed), contact_name: `Kontakt ${seed}`,
    email: `kontakt${seed}@leverandor.example`, phone: '+47 912 34 567', attendee_name: [`Kontakt ${seed}`],
    attendee_role: ['Salg'], plenary: 'yes', meeting: 'yes', panel: 'felles', consent: 'yes', ...extra,
  };
}

// Prints `url` to an A4 PDF in SHOT_DIR the way Chromium's print dialog does (print media, the
// page's own @page size) and returns the file.
export async function printToPdf(page, url, name) {
  const response = await page.goto(url);
  assert.equal(response.status(), 200, url);
  await page.emulateMedia({ media: 'print' });
  const file = path.join(SHOT_DIR, `${name}.pdf`);
  await page.pdf({ path: file, format: 'A4', preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  return file;
}

// The text of a printed PDF (pdftotext, layout kept); of one page when `pageNumber` is given.
export function pdfText(file, pageNumber) {
  const range = pageNumber ? ['-f', String(pageNumber), '-l', String(pageNumber)] : [];
  return execFileSync('pdftotext', ['-layout', ...range, file, '-'], { encoding: 'utf8' });
}

export function pdfPages(file) {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))[1]);
}

// The printed text has a line with the meeting's time and the start of the company's name (a
// narrow table cell may wrap the rest of the name onto the next line).
export function assertMeetingPrinted(text, company, time, what) {
  const start = company.split(' ')[0];
  assert.ok(text.split('\n').some((line) => line.includes(time) && line.includes(start)),
    `${company} at ${time} is on the ${what}:\n${text}`);
}
