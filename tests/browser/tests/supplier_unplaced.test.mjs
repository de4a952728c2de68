// A supplier asks for two panels of the demo day but can only be there for its first meeting
// time (12:30-13:00). The admin runs the scheduler and publishes; the supplier's booking page
// then names, under "Møter du ba om, men ikke fikk", each panel it did not meet (the name in
// bold) with the cause in its words, in both languages, and passes axe-core and html-validate.
// Runs after staff_pages.test.mjs (file order), which has run the demo day's scheduler already.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launchBrowser, newPage, bookByHttp, supplierFields, assertGoodPage, screenshots,
} from '../lib/harness.mjs';
import { DEMO_SLUG } from '../lib/fixture.mjs';

const ADMIN_EMAIL = process.env.DIALOGDAG_ADMIN_EMAIL;
const ADMIN_PASSWORD = process.env.DIALOGDAG_ADMIN_PASSWORD;
const COMPANY = 'Kortbesøk Trygghet AS';

let browser, page;
before(async () => {
  browser = await launchBrowser();
  page = await newPage(browser);
});
after(async () => { await browser?.close(); });

test('a supplier that met one of the two panels it asked for reads why it did not meet the other', async () => {
  const token = await bookByHttp(DEMO_SLUG, supplierFields(601, {
    company: COMPANY, panel: ['felles', 'teknisk'], available_from: '12:30', available_until: '13:00',
  }));

  await page.goto('/staff/login');
  await page.fill('input[name=email]', ADMIN_EMAIL);
  await page.fill('input[name=password]', ADMIN_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  await page.goto('/staff/events?lang=nb');
  const demoLink = page.locator('main a[href^="/staff/events/"]', { hasText: 'Namdalen' });
  const eventPath = /^\/staff\/events\/\d+/.exec(await demoLink.getAttribute('href'))[0];
  await page.goto(eventPath);
  const [run] = await Promise.all([page.waitForNavigation(),
    page.click(`main form[action^="${eventPath}/schedule"] button[type=submit]`)]);
  assert.ok(run.status() < 400, `the scheduler ran: ${run.status()}`);
  if (!page.url().includes('/schedule')) await page.goto(`${eventPath}/schedule`);
  const [published] = await Promise.all([page.waitForNavigation(),
    page.click(`main form[action^="${eventPath}/publish"] button`)]);
  assert.ok(published.status() < 400, `published: ${published.status()}`);

  const supplier = await newPage(browser);
  let response = await supplier.goto(token);
  await assertGoodPage(supplier, response, 'booking-unplaced-panel-nb');
  await screenshots(supplier, 'booking-unplaced-panel');
  const html = await response.text();
  assert.ok(html.includes(COMPANY), 'its own booking');
  assert.match(html, /12:30–13:00<\/strong>/, 'the supplier has its 12:30 meeting');
  const notice = supplier.locator('#unplaced-panels');
  assert.equal((await notice.locator('p strong').textContent()).trim(), 'Møter du ba om, men ikke fikk');
  const items = await notice.locator('li').all();
  assert.equal(items.length, 1, 'one of the two panels is missing');
  const panel = (await items[0].locator('strong').textContent()).trim();
  assert.ok(['Felles panel: helse og omsorg', 'Teknisk panel: IKT og integrasjon'].includes(panel), panel);
  const text = (await items[0].textContent()).replace(/\s+/g, ' ');
  assert.ok(text.includes(': på tidene der dere begge kunne, har du dine andre møter.'), text);
  assert.ok(text.includes('må du kunne være der lenger'), text);
  assert.ok(!text.includes('loddtrekning'), 'the lottery played no part');

  response = await supplier.goto(`${token}?lang=en`);
  await assertGoodPage(supplier, response, 'booking-unplaced-panel-en');
  const english = (await supplier.locator('#unplaced-panels').textContent()).replace(/\s+/g, ' ');
  assert.ok(english.includes('Meetings you asked for but did not get'), english);
  assert.ok(english.includes(`${panel}: at the times when you could both meet, you have your other meetings.`), english);
});
