// Every public page, in Norwegian and in English, empty and filled or with errors: zero axe-core
// violations of WCAG 2.1 A and AA, valid HTML (html-validate, recommended rules), and
// screenshots of the main pages at phone and desktop width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launchBrowser, newPage, assertGoodPage, screenshots, bookByHttp, supplierFields, expectFocusOn,
} from '../lib/harness.mjs';
import { DEMO_SLUG, FIXTURE_EVENTS } from '../lib/fixture.mjs';

let browser, page, scheduled, registered;
before(async () => {
  browser = await launchBrowser();
  page = await newPage(browser);
  // A registration with its meeting (instant mode) and one still waiting for the schedule.
  scheduled = await bookByHttp(FIXTURE_EVENTS.ordinary.slug, supplierFields(401, { preferred_slot: '13:05', digital: 'yes' }));
  registered = await bookByHttp(DEMO_SLUG, supplierFields(402, { panel: ['felles', 'teknisk'], preferred_slot: ['13:05'] }));
});
after(async () => { await browser?.close(); });

// [name, path, expected status, screenshot?]
const PAGES = () => [
  ['home', '/', 200, true],
  ['event', `/e/${DEMO_SLUG}`, 200, true],
  ['event-instant', `/e/${FIXTURE_EVENTS.ordinary.slug}`, 200, false],
  ['event-closed', `/e/${FIXTURE_EVENTS.closed.slug}`, 200, false],
  ['booking-form', `/e/${DEMO_SLUG}/book`, 200, true],
  ['booking-form-instant', `/e/${FIXTURE_EVENTS.ordinary.slug}/book`, 200, false],
  ['booking-closed', `/e/${FIXTURE_EVENTS.closed.slug}/book`, 409, false],
  ['booking-registered', registered, 200, false],
  ['booking-scheduled', scheduled, 200, true],
  ['booking-change', `${scheduled}/edit`, 200, false],
  ['booking-cancel', `${registered}/cancel`, 200, true],
  ['not-found', '/e/finnes-ikke', 404, false],
];

for (const lang of ['nb', 'en']) {
  test(`every public page is accessible and valid in ${lang === 'nb' ? 'Norwegian' : 'English'}`, async () => {
    for (const [name, path, status, shoot] of PAGES()) {
      const response = await page.goto(`${path}?lang=${lang}`);
      assert.equal(response.status(), status, `${name}: ${path}`);
      assert.equal(await page.getAttribute('html', 'lang'), lang, name);
      await assertGoodPage(page, response, `${name}-${lang}`);
      if (shoot) await screenshots(page, `${name}-${lang}`);
    }
  });

  test(`an empty booking form sent as it is shows every error accessibly (${lang})`, async () => {
    await page.goto(`/e/${DEMO_SLUG}/book?lang=${lang}`);
    const [response] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    assert.equal(response.status(), 422);
    await expectFocusOn(page, 'error-summary');
    const links = await page.locator('#error-summary a').count();
    assert.ok(links >= 8, `every missing answer is listed (${links})`);
    for (const href of await page.locator('#error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))))
      assert.equal(await page.locator(href).count(), 1, `the summary's link ${href} leads to a field`);
    await assertGoodPage(page, response, `booking-form-all-errors-${lang}`);
    await screenshots(page, `booking-form-all-errors-${lang}`);
  });

  test(`a change that breaks a rule comes back with its error, accessibly (${lang})`, async () => {
    await page.goto(`${scheduled}/edit?lang=${lang}`);
    await page.fill('#email', 'ikke en adresse');
    await page.fill('#available_from', '14:00');
    const [response] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    assert.equal(response.status(), 422);
    assert.equal(await page.getAttribute('#email', 'aria-invalid'), 'true');
    assert.equal(await page.inputValue('#email'), 'ikke en adresse');
    await assertGoodPage(page, response, `booking-change-errors-${lang}`);
  });

  test(`a form sent after its cookie was lost gets an accessible explanation (${lang})`, async () => {
    await page.goto(`/e/${DEMO_SLUG}/book?lang=${lang}`);
    await page.context().clearCookies();
    const [response] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    assert.equal(response.status(), 403);
    await assertGoodPage(page, response, `forbidden-${lang}`);
  });
}
