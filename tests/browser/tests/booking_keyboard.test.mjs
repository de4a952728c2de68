// A supplier registers with the keyboard only (Tab, Space, Enter, typing), makes a mistake, is
// taken to the error summary, fixes it, keeps the private link, comes back later, changes the
// registration and cancels it. Once in Norwegian (the default) and once in English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launchBrowser, newPage, validOrgnr, tabTo, typeInto, pressAndNavigate, expectFocusOn,
  assertGoodPage, screenshots, BASE_URL,
} from '../lib/harness.mjs';
import { DEMO_SLUG } from '../lib/fixture.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const TEXT = {
  nb: {
    book: 'Meld på firmaet', errorsTitle: 'Det er noe som må rettes',
    orgnrError: 'Organisasjonsnummeret er ikke gyldig', consentError: 'Kryss av for at du har lest personvernerklæringen',
    title: 'Din påmelding', edit: 'Endre påmeldingen', cancel: 'Meld av', confirm: 'Ja, meld av',
    cancelled: 'Avmeldt', registered: 'Påmeldt', switchTo: null,
  },
  en: {
    book: 'Register your company', errorsTitle: 'There is a problem',
    orgnrError: 'The organisation number is not valid', consentError: 'Tick the box to confirm you have read the privacy notice',
    title: 'Your registration', edit: 'Change the registration', cancel: 'Cancel the registration', confirm: 'Yes, cancel',
    cancelled: 'Cancelled', registered: 'Registered', switchTo: 'English',
  },
};

async function bookChangeAndCancel(lang, seed) {
  const t = TEXT[lang];
  const page = await newPage(browser);
  const company = lang === 'en' ? 'Keyboard Care Ltd' : 'Tastatur Trygghet AS';

  // The event page; an English reader switches language with the link in the header.
  let response = await page.goto(`/e/${DEMO_SLUG}`);
  assert.equal(response.status(), 200);
  if (t.switchTo) {
    await tabTo(page, `a[hreflang="en"]`);
    response = await pressAndNavigate(page);
    assert.match(page.url(), /lang=en/);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
  }
  await tabTo(page, `a.button`);
  assert.equal((await page.evaluate(() => document.activeElement.textContent)).trim(), t.book);
  response = await pressAndNavigate(page);
  assert.equal(response.status(), 200);
  await assertGoodPage(page, response, `booking-form-empty-${lang}`);

  // Everything filled in, except a wrong organisation number and no consent.
  await typeInto(page, '#company', company);
  await typeInto(page, '#orgnr', '123456789');
  await typeInto(page, '#contact_name', 'Kari Tast');
  await typeInto(page, '#email', 'kari.tast@tastatur.example');
  await typeInto(page, '#phone', '+47 912 34 567');
  await typeInto(page, '#attendee-1-name', 'Kari Tast');
  await typeInto(page, '#attendee-1-role', lang === 'en' ? 'Sales' : 'Salg');
  await tabTo(page, '#plenary-yes');
  await page.keyboard.press('Space');
  await tabTo(page, '#meeting-yes');
  await page.keyboard.press('Space');
  await tabTo(page, '#panel-1');
  await page.keyboard.press('Space');
  await tabTo(page, '#slot-2');
  await page.keyboard.press('Space');
  await typeInto(page, '#topics', lang === 'en' ? 'Mobile alarms outdoors.' : 'Mobile alarmer utendørs.');
  await tabTo(page, 'button[type=submit]');
  response = await pressAndNavigate(page);

  // The error summary has the focus and lists both mistakes; what was typed is still there.
  assert.equal(response.status(), 422);
  await expectFocusOn(page, 'error-summary');
  const summary = await page.textContent('#error-summary');
  assert.match(summary, new RegExp(t.errorsTitle));
  assert.match(summary, new RegExp(t.orgnrError));
  assert.match(summary, new RegExp(t.consentError));
  assert.equal(await page.inputValue('#company'), company);
  assert.equal(await page.inputValue('#orgnr'), '123456789');
  assert.equal(await page.getAttribute('#orgnr', 'aria-invalid'), 'true');
  assert.ok(await page.isChecked('#slot-2'));
  await assertGoodPage(page, response, `booking-form-errors-${lang}`);
  if (lang === 'nb') await screenshots(page, 'booking-form-errors');

  // The first link of the summary leads to the field; the supplier fixes both mistakes.
  await page.keyboard.press('Tab');
  assert.match(await page.evaluate(() => document.activeElement.textContent), new RegExp(t.orgnrError));
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'orgnr');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(validOrgnr(seed).replace(/(\d{3})(\d{3})(\d{3})/, '$1 $2 $3'));
  await tabTo(page, '#consent');
  await page.keyboard.press('Space');
  await tabTo(page, 'button[type=submit]');
  response = await pressAndNavigate(page);

  // Accepted: the reference and the private link.
  assert.equal(response.status(), 200);
  assert.match(page.url(), /\/b\/[^/?]+/);
  await assertGoodPage(page, response, `booking-page-${lang}`);
  assert.equal(await page.textContent('h1'), t.title);
  const main = await page.textContent('main');
  const reference = /DK-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(main)?.[0];
  assert.ok(reference, 'the booking reference is shown');
  assert.match(main, new RegExp(t.registered));
  const manageLink = (await page.textContent('main code')).trim();
  assert.equal(manageLink, `${BASE_URL}${new URL(page.url()).pathname}`);
  if (lang === 'nb') await screenshots(page, 'booking-page');
  await page.context().close();

  // Days later, in a fresh browser context: the supplier opens the link and changes the company name.
  const later = await newPage(browser);
  response = await later.goto(`${manageLink}?lang=${lang}`);
  assert.equal(response.status(), 200);
  assert.match(await later.textContent('main'), new RegExp(reference));
  await tabTo(later, `a[href*="/edit"]`);
  response = await pressAndNavigate(later);
  assert.equal(response.status(), 200);
  await assertGoodPage(later, response, `booking-change-${lang}`);
  assert.equal(await later.inputValue('#company'), company);
  assert.ok(await later.isChecked('#slot-2'), 'the preferred time is remembered');
  await typeInto(later, '#company', `${company} (ny)`);
  await tabTo(later, 'button[type=submit]');
  response = await pressAndNavigate(later);
  assert.equal(response.status(), 200);
  assert.match(await later.textContent('main'), new RegExp(`${company} \\(ny\\)`));

  // ... and finally cancels, confirming on the next page.
  await tabTo(later, `a[href*="/cancel"]`);
  response = await pressAndNavigate(later);
  assert.equal(response.status(), 200);
  await assertGoodPage(later, response, `booking-cancel-${lang}`);
  assert.match(await later.textContent('main'), new RegExp(reference));
  assert.match(await later.getAttribute('main a[href^="/b/"]', 'href'), new RegExp(`lang=${lang}`), 'going back keeps the language');
  await tabTo(later, 'button[type=submit]');
  assert.equal((await later.evaluate(() => document.activeElement.textContent)).trim(), t.confirm);
  response = await pressAndNavigate(later);
  assert.equal(response.status(), 200);
  assert.match(await later.textContent('main'), new RegExp(t.cancelled));
  assert.equal(await later.locator(`a[href*="/edit"]`).count(), 0, 'a cancelled registration cannot be changed');
  await assertGoodPage(later, response, `booking-cancelled-${lang}`);
  await later.context().close();
}

test('a supplier registers, changes and cancels with the keyboard only, in Norwegian', async () => {
  await bookChangeAndCancel('nb', 101);
});

test('a supplier registers, changes and cancels with the keyboard only, in English', async () => {
  await bookChangeAndCancel('en', 102);
});
