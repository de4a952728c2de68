// Instant mode: two suppliers, in two browsers, both see the last free time and send the form at
// the same moment. One gets the meeting; the other gets the form back with a clear message and
// no double booking.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, validOrgnr, assertGoodPage, screenshots, expectFocusOn } from '../lib/harness.mjs';
import { FIXTURE_EVENTS } from '../lib/fixture.mjs';

const { slug } = FIXTURE_EVENTS.race;
let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function fillForm(page, seed) {
  await page.fill('#company', `Kappløp ${seed} AS`);
  await page.fill('#orgnr', validOrgnr(seed));
  await page.fill('#contact_name', `Kontakt ${seed}`);
  await page.fill('#email', `kontakt${seed}@kapplop.example`);
  await page.fill('#phone', '+47 913 00 000');
  await page.fill('#attendee-1-name', `Kontakt ${seed}`);
  await page.check('#plenary-yes');
  await page.check('#meeting-yes');
  await page.check('#slot-1');
  await page.check('#consent');
}

test('two suppliers race for the last free time: one gets it, the other is told clearly', async () => {
  const first = await newPage(browser);
  const second = await newPage(browser);
  for (const page of [first, second]) {
    const response = await page.goto(`/e/${slug}/book`);
    assert.equal(response.status(), 200);
    assert.equal(await page.locator('input[name=preferred_slot]').count(), 1, 'one time is left');
    assert.equal(await page.getAttribute('#slot-1', 'type'), 'radio');
  }
  await fillForm(first, 201);
  await fillForm(second, 202);

  const [a, b] = await Promise.all([first, second].map((page) =>
    Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]).then(([response]) => ({ page, response }))));
  const statuses = [a, b].map(({ response }) => response.status()).sort();
  assert.deepEqual(statuses, [200, 422], 'exactly one registration is accepted');
  const winner = a.response.status() === 200 ? a : b;
  const loser = winner === a ? b : a;

  assert.match(winner.page.url(), /\/b\//);
  assert.match(await winner.page.textContent('main'), /12:30–13:00/);
  await assertGoodPage(winner.page, winner.response, 'instant-booked');

  await expectFocusOn(loser.page, 'error-summary');
  assert.match(await loser.page.textContent('#error-summary'), /Tidspunktet ble nettopp tatt av en annen/);
  assert.match(await loser.page.textContent('main'), /Alle tidspunkter er tatt/);
  assert.equal(await loser.page.inputValue('#company'), loser === a ? 'Kappløp 201 AS' : 'Kappløp 202 AS');
  await assertGoodPage(loser.page, loser.response, 'instant-slot-taken');
  await screenshots(loser.page, 'instant-slot-taken');

  // The event's public JSON agrees: the slot is taken, and there is no second meeting.
  const json = await (await fetch(new URL(`/api/v1/events/${slug}`, first.url()))).json();
  assert.deepEqual(json.slots.map((s) => [s.start, s.free.felles]), [['12:30', false]]);
  await first.context().close();
  await second.context().close();
});
