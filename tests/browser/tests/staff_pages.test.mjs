// Every staff page in the states a real day puts it in, checked by axe-core and html-validate in
// both languages: the admin's pages (users, one user, organisations, own account), the demo day
// filled with its registered suppliers before and after a scheduler run (dashboard, grid, every
// agenda view, record, audit, minutes, purge, a panel), and every form of them sent with
// mistakes (the error summary and the field messages are part of the page that is checked).
// The organiser's own new event, empty, is covered by staff_day.test.mjs. Then the demo day's
// agendas are printed to PDF: every meeting on the whole day, table heads on every page, one
// supplier per page of the personal agendas. Last, the staff calendars (whole event and per panel)
// of every event are read by ical.js and compared with the event's JSON export.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import {
  launchBrowser, newPage, assertGoodPage, screenshots, printToPdf, pdfText, pdfPages, assertMeetingPrinted,
} from '../lib/harness.mjs';

const ADMIN_EMAIL = process.env.DIALOGDAG_ADMIN_EMAIL;
const ADMIN_PASSWORD = process.env.DIALOGDAG_ADMIN_PASSWORD;
const DEMO_SLUG = 'trygghetsalarm-namdalen';

let browser, page, eventPath;
before(async () => {
  browser = await launchBrowser();
  page = await newPage(browser);
});
after(async () => { await browser?.close(); });

// Collects every problem of every page, so that one failure lists them all.
function problemList() {
  const problems = [];
  return {
    problems,
    async check(name, response) {
      try {
        await assertGoodPage(page, response, name);
      } catch (error) {
        const lines = error.message.split('\n').filter((l) => l.startsWith('+  '));
        problems.push(`${name}: ${lines.map((l) => l.replace(/^\+\s+['"`]?|['"`],?$/g, '')).join('; ')}`);
      }
    },
  };
}

// Sends the form `formSelector` with its first submit button, after `fill` has put mistakes in it.
async function sendWithMistakes(formSelector, fill) {
  const form = page.locator(formSelector).first();
  assert.ok(await form.count(), `${page.url()} has the form ${formSelector}`);
  await fill(form);
  const [response] = await Promise.all([page.waitForNavigation(), form.locator('button[type=submit]').first().click()]);
  return response;
}

async function hrefs(selector) {
  return page.locator(selector).evaluateAll((links) => links.map((a) => a.getAttribute('href')));
}

async function logIn(email, password) {
  await page.goto('/staff/login');
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  const [response] = await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  return response;
}

test('a wrong password gives the login page back with its error, accessible and valid', async () => {
  const { problems, check } = problemList();
  for (const lang of ['nb', 'en']) {
    await page.goto(`/staff/login?lang=${lang}`);
    const response = await sendWithMistakes('main form', async (form) => {
      await form.locator('input[name=email]').fill('ingen@example.invalid');
      await form.locator('input[name=password]').fill('feil passord');
    });
    assert.equal(response.status(), 401, 'a failed login answers 401 with the form');
    assert.ok(await page.locator('#error-summary').count(), 'the login page shows an error summary');
    await check(`staff-login-wrong-password-${lang}`, response);
  }
  assert.deepEqual(problems, []);
});

test('the admin pages, filled and with every form sent with mistakes', async () => {
  assert.ok(ADMIN_EMAIL && ADMIN_PASSWORD, 'tests/browser/run creates the admin');
  const response = await logIn(ADMIN_EMAIL, ADMIN_PASSWORD);
  assert.ok(response.status() < 400 && !page.url().includes('/login'), `the admin is logged in: ${page.url()}`);
  const { problems, check } = problemList();
  for (const lang of ['nb', 'en']) {
    for (const [name, url] of [['users', '/staff/users'], ['organisations', '/staff/organisations'], ['events-admin', '/staff/events']]) {
      const pageResponse = await page.goto(`${url}?lang=${lang}`);
      assert.equal(pageResponse.status(), 200, url);
      await check(`staff-${name}-${lang}`, pageResponse);
    }
    await page.goto(`/staff/users?lang=${lang}`);
    const userLinks = (await hrefs('main a[href^="/staff/users/"]'));
    assert.ok(userLinks.length >= 2, 'the user list links to the organiser and the admin');
    const userPage = await page.goto(userLinks[0]);
    assert.equal(userPage.status(), 200, userLinks[0]);
    await check(`staff-user-${lang}`, userPage);

    await page.goto(`/staff/users?lang=${lang}`);
    const userErrors = await sendWithMistakes('main form[action^="/staff/users"]', async (form) => {
      await form.locator('#email').fill('ikke en adresse');
      await form.locator('#password').fill('kort');
    });
    assert.equal(userErrors.status(), 422, 'a new user with mistakes is refused with the form');
    await check(`staff-users-errors-${lang}`, userErrors);

    await page.goto(userLinks[0]);
    const resetErrors = await sendWithMistakes('main form[action^="/staff/users/"]', async (form) => {
      await form.locator('#new_password').fill('kort');
      await form.locator('#repeat_password').fill('annerledes');
    });
    assert.equal(resetErrors.status(), 422, 'a password reset with mistakes is refused with the form');
    await check(`staff-user-reset-errors-${lang}`, resetErrors);

    await page.goto(`/staff/organisations?lang=${lang}`);
    const organisationErrors = await sendWithMistakes('main form[action^="/staff/organisations"]', async (form) => {
      await form.locator('#orgnr').fill('123');
    });
    assert.equal(organisationErrors.status(), 422, 'a new organisation with mistakes is refused with the form');
    await check(`staff-organisations-errors-${lang}`, organisationErrors);

    await page.goto(`/staff/account?lang=${lang}`);
    const accountErrors = await sendWithMistakes('main form[action^="/staff/account"]', async (form) => {
      await form.locator('#current_password').fill('ikke passordet');
      await form.locator('#new_password').fill('kort');
      await form.locator('#repeat_password').fill('annerledes');
    });
    assert.equal(accountErrors.status(), 422, 'a password change with mistakes is refused with the form');
    await check(`staff-account-errors-${lang}`, accountErrors);
  }
  await page.goto('/staff/users?lang=nb');
  await screenshots(page, 'staff-users');
  assert.deepEqual(problems, []);
});

test('the demo day with its suppliers: every page before and after a scheduler run, and its forms with mistakes', async () => {
  await page.goto('/staff/events?lang=nb');
  const demoLink = page.locator('main a[href^="/staff/events/"]', { hasText: 'Namdalen' });
  assert.equal(await demoLink.count(), 1, 'the admin sees the demo day in the event list');
  eventPath = /^\/staff\/events\/\d+/.exec(await demoLink.getAttribute('href'))[0];
  const dashboard = await page.goto(`${eventPath}?lang=nb`);
  const { problems, check } = problemList();
  await check('demo-dashboard-before-run-nb', dashboard);

  // The scheduler run, as the organiser clicks it.
  const [run] = await Promise.all([page.waitForNavigation(),
    page.click(`main form[action^="${eventPath}/schedule"] button[type=submit]`)]);
  assert.ok(run.status() < 400, `the scheduler ran: ${run.status()}`);

  for (const lang of ['nb', 'en']) {
    const pages = [
      ['dashboard', eventPath], ['schedule', `${eventPath}/schedule`], ['settings', `${eventPath}/settings`],
      ['programme', `${eventPath}/programme`], ['windows', `${eventPath}/windows`], ['rooms', `${eventPath}/rooms`],
      ['panels', `${eventPath}/panels`], ['record', `${eventPath}/record`], ['audit', `${eventPath}/audit`],
      ['purge', `${eventPath}/purge`], ['agenda', `${eventPath}/agenda`],
    ];
    for (const [name, url] of pages) {
      const response = await page.goto(`${url}?lang=${lang}`);
      assert.equal(response.status(), 200, url);
      await check(`demo-${name}-${lang}`, response);
      if (lang === 'nb' && ['schedule', 'record'].includes(name)) await screenshots(page, `demo-${name}`);
    }

    // One of each agenda view the index links to, and every "all of them" view.
    await page.goto(`${eventPath}/agenda?lang=${lang}`);
    const agendaLinks = await hrefs(`main a[href^="${eventPath}/agenda?"]`);
    for (const kind of ['room', 'supplier', 'panel', 'member', 'all']) {
      const links = agendaLinks.filter((href) => href.includes(`?${kind}=`));
      assert.ok(links.length, `the agenda index links to a view per ${kind}`);
      for (const href of kind === 'all' ? links : links.slice(0, 1)) {
        const response = await page.goto(href);
        assert.equal(response.status(), 200, href);
        await check(`demo-agenda-${/\?([^&]*)/.exec(href)[1]}-${lang}`, response);
      }
    }

    await page.goto(`${eventPath}/panels?lang=${lang}`);
    const panelLink = (await hrefs(`main a[href^="${eventPath}/panels/"]`))[0];
    assert.ok(panelLink, 'the panels page links to a panel');
    const panel = await page.goto(panelLink);
    assert.equal(panel.status(), 200, panelLink);
    await check(`demo-panel-${lang}`, panel);

    await page.goto(`${eventPath}/record?lang=${lang}`);
    const minutesLink = (await hrefs('main a[href*="/minutes"]'))[0];
    assert.ok(minutesLink, 'the record links to the minutes of a scheduled meeting');
    const minutes = await page.goto(minutesLink);
    assert.equal(minutes.status(), 200, minutesLink);
    await check(`demo-minutes-${lang}`, minutes);

    // Forms with mistakes: each is refused with its form, and nothing is saved.
    const mistakes = [
      ['settings', `${eventPath}/settings`, `main form[action^="${eventPath}?"]`, async (form) => {
        await form.locator('#title').fill('');
        await form.locator('#slug').fill('Ikke Gyldig!');
      }],
      ['programme', `${eventPath}/programme`, `main form[action^="${eventPath}/programme"]`, async (form) => {
        await form.locator('#item-0-start').fill('25:00');
        await form.locator('#item-0-end').fill('08:00');
      }],
      ['windows', `${eventPath}/windows`, `main form[action^="${eventPath}/windows"]`, async (form) => {
        await form.locator('#meeting_length').fill('0');
        await form.locator('#window-0-end').fill('11:00');
      }],
      ['rooms', `${eventPath}/rooms`, `main form[action^="${eventPath}/rooms"]`, async (form) => {
        await form.locator('#room-0-seats').fill('mange');
      }],
      ['panels', `${eventPath}/panels`, `main form[action^="${eventPath}/panels"]`, async (form) => {
        await form.locator('#name').fill('');
      }],
      ['purge', `${eventPath}/purge`, `main form[action^="${eventPath}/purge"]`, async (form) => {
        await form.locator('#confirm').fill('feil-navn');
      }],
    ];
    mistakes.push(
      ['panel', panelLink, 'main form[action*="/panels/"]:not([action*="/delete"])', async (form) => {
        await form.locator('#name').fill('');
      }],
      ['minutes-question', minutesLink, 'main form:has(input[name=part][value=qa])', async (form) => {
        await form.locator('#qa-question').fill('');
        await form.locator('#qa-answer').fill('');
      }],
    );
    for (const [name, url, formSelector, fill] of mistakes) {
      await page.goto(url.includes('?') ? url : `${url}?lang=${lang}`);
      const response = await sendWithMistakes(formSelector, fill);
      assert.equal(response.status(), 422, `${name} with mistakes is refused with the form`);
      assert.ok(await page.locator('#error-summary').count(), `${name} with mistakes shows the error summary`);
      await check(`demo-${name}-errors-${lang}`, response);
    }
  }
  // Nothing of the refused forms was saved: the demo day is still there, unchanged.
  await page.goto(`${eventPath}/settings?lang=nb`);
  assert.equal(await page.inputValue('#slug'), DEMO_SLUG);
  assert.deepEqual(problems, []);
});

test('the demo day prints: every meeting on the whole day, table heads on every page, one supplier per page', async (t) => {
  if (!eventPath) t.skip('the demo day test did not get as far as running the scheduler');
  const record = await (await page.request.get(`${eventPath}/export.json`)).json();
  const company = new Map(record.registrations.map((r) => [r.id, r.company]));
  const placed = record.meetings.filter((m) => m.start && m.status !== 'cancelled');
  assert.ok(placed.length >= 10, `the demo day's run placed its meetings (${placed.length})`);

  const day = await printToPdf(page, `${eventPath}/agenda?lang=nb`, 'demo-agenda-whole-day');
  const dayText = pdfText(day);
  for (const meeting of placed)
    assertMeetingPrinted(dayText, company.get(meeting.registration_id), meeting.start, 'whole-day agenda of the demo day');
  for (let n = 1; n <= pdfPages(day); ++n) {
    const text = pdfText(day, n);
    if (placed.some((m) => text.includes(m.start) && text.includes(company.get(m.registration_id).split(' ')[0])))
      assert.match(text, /\bTid\b/, `page ${n} of the whole day repeats the table head:\n${text}`);
  }

  const agendas = await printToPdf(page, `${eventPath}/agenda?all=suppliers&lang=nb`, 'demo-agenda-all-suppliers');
  const suppliersWithMeeting = new Set(placed.map((m) => m.registration_id));
  assert.ok(pdfPages(agendas) >= suppliersWithMeeting.size, 'every supplier with a meeting has its own page');
  for (let n = 1; n <= pdfPages(agendas); ++n) {
    const text = pdfText(agendas, n);
    const named = [...company.values()].filter((name) => text.includes(name));
    assert.ok(named.length <= 1, `page ${n} of the personal agendas names one supplier, not ${named.join(', ')}`);
  }
  for (const meeting of placed) {
    const name = company.get(meeting.registration_id);
    const pages = [];
    for (let n = 1; n <= pdfPages(agendas); ++n) if (pdfText(agendas, n).includes(name)) pages.push(n);
    assert.ok(pages.some((n) => pdfText(agendas, n).includes(meeting.start)),
      `${name}'s own agenda shows its meeting at ${meeting.start}`);
  }
});

// The staff calendar of every event (the demo day, the days the clocks change, the organiser's
// own day) read by ical.js: each scheduled meeting is one VEVENT at the instants of the JSON
// export, named after its supplier; the calendar of one panel has that panel's meetings only.
test('every staff calendar file is read by ical.js and has every meeting at its instants', async () => {
  await page.goto('/staff/events?lang=nb');
  const events = [...new Set((await hrefs('main a[href^="/staff/events/"]'))
    .map((href) => /^\/staff\/events\/\d+/.exec(href)?.[0]).filter(Boolean))];
  assert.ok(events.length >= 5, `the admin sees every event (${events.length})`);
  let checked = 0;
  for (const event of events) {
    const record = await (await page.request.get(`${event}/export.json`)).json();
    const company = new Map(record.registrations.map((r) => [r.id, r.company]));
    const placed = record.meetings.filter((m) => m.starts_at && m.status !== 'cancelled');
    const calendars = [['', placed], ...record.panels.map((panel) =>
      [`?panel=${encodeURIComponent(panel.key)}`, placed.filter((m) => m.panel === panel.key)])];
    for (const [query, expected] of calendars) {
      const response = await page.request.get(`${event}/calendar.ics${query}`);
      assert.equal(response.status(), 200, `${event}/calendar.ics${query}`);
      const root = new ICAL.Component(ICAL.parse(await response.text()));
      const meetings = new Map(root.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c))
        .filter((e) => e.uid.startsWith('meeting-')).map((e) => [e.uid, e]));
      assert.equal(meetings.size, expected.length, `${event}/calendar.ics${query} has its ${expected.length} meetings`);
      for (const meeting of expected) {
        const found = meetings.get(`meeting-${meeting.id}@dialogdag`);
        assert.ok(found, `meeting ${meeting.id} is in ${event}/calendar.ics${query}`);
        assert.equal(found.startDate.toJSDate().toISOString(), new Date(meeting.starts_at).toISOString());
        assert.equal(found.endDate.toJSDate().toISOString(), new Date(meeting.ends_at).toISOString());
        assert.ok(found.summary.includes(company.get(meeting.registration_id)), found.summary);
        ++checked;
      }
    }
  }
  assert.ok(checked >= 10, `meetings were compared (${checked})`);
});
