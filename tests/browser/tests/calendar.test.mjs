// Every calendar file the public side serves is read by ical.js (the parser inside Thunderbird),
// and its meetings and programme items start and end at the right instants: on an ordinary day,
// and on the two days a year Europe/Oslo changes its clocks (a meeting at 03:00 is the first
// hour after the change, where an off-by-one-hour mistake would show).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { BASE_URL, bookByHttp, supplierFields } from '../lib/harness.mjs';
import { DEMO_SLUG, FIXTURE_EVENTS } from '../lib/fixture.mjs';

async function calendar(path) {
  const response = await fetch(new URL(path, BASE_URL));
  assert.equal(response.status, 200, path);
  assert.match(response.headers.get('content-type'), /^text\/calendar/);
  const text = await response.text();
  assert.ok(text.includes('\r\n'), 'lines end in CRLF');
  const root = new ICAL.Component(ICAL.parse(text));
  assert.equal(root.name, 'vcalendar');
  assert.equal(root.getFirstPropertyValue('version'), '2.0');
  assert.ok(root.getFirstPropertyValue('prodid'));
  return root.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    assert.ok(event.uid, 'every event has a UID');
    assert.ok(component.getFirstPropertyValue('dtstamp'), 'every event has a DTSTAMP');
    return {
      summary: event.summary, description: event.description ?? '', location: event.location ?? '',
      start: event.startDate.toJSDate().toISOString(), end: event.endDate.toJSDate().toISOString(),
    };
  });
}

// The instants of an event whose summary starts with `summary`.
function instantsOf(events, summary) {
  const found = events.filter((e) => e.summary.startsWith(summary));
  assert.equal(found.length, 1, `one "${summary}" in ${JSON.stringify(events.map((e) => e.summary))}`);
  return [found[0].start, found[0].end];
}

// Wall-clock time in Oslo of an instant, by the JavaScript engine's own time-zone data.
const osloClock = (iso) => new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
}).format(new Date(iso));

const DAYS = [
  // [fixture, 03:00-03:30 meeting, 12:30-13:00 meeting, 09:00-09:15 plenary, 12:30-13:35 window] in UTC
  ['ordinary', ['2027-05-06T01:00:00.000Z', '2027-05-06T01:30:00.000Z'], ['2027-05-06T10:30:00.000Z', '2027-05-06T11:00:00.000Z'],
    ['2027-05-06T07:00:00.000Z', '2027-05-06T07:15:00.000Z'], ['2027-05-06T10:30:00.000Z', '2027-05-06T11:35:00.000Z']],
  ['springForward', ['2027-03-28T01:00:00.000Z', '2027-03-28T01:30:00.000Z'], ['2027-03-28T10:30:00.000Z', '2027-03-28T11:00:00.000Z'],
    ['2027-03-28T07:00:00.000Z', '2027-03-28T07:15:00.000Z'], ['2027-03-28T10:30:00.000Z', '2027-03-28T11:35:00.000Z']],
  ['fallBack', ['2027-10-31T02:00:00.000Z', '2027-10-31T02:30:00.000Z'], ['2027-10-31T11:30:00.000Z', '2027-10-31T12:00:00.000Z'],
    ['2027-10-31T08:00:00.000Z', '2027-10-31T08:15:00.000Z'], ['2027-10-31T11:30:00.000Z', '2027-10-31T12:35:00.000Z']],
];

for (const [[fixture, night, afternoon, welcome, window], index] of DAYS.map((d, i) => [d, i])) {
  const { slug, day } = FIXTURE_EVENTS[fixture];

  test(`a supplier's calendar file has the meeting at the right instants on ${day} (${fixture})`, async () => {
    const early = await bookByHttp(slug, supplierFields(300 + 2 * index, { preferred_slot: '03:00' }));
    const late = await bookByHttp(slug, supplierFields(301 + 2 * index, { preferred_slot: '12:30', plenary: 'no' }));

    const earlyEvents = await calendar(`${early}/calendar.ics`);
    assert.deepEqual(instantsOf(earlyEvents, 'Møte med'), night);
    assert.equal(osloClock(night[0]), `${day.split('-').reverse().join('/')}, 03:00`);
    assert.deepEqual(instantsOf(earlyEvents, 'Velkommen'), welcome, 'the plenary, which this supplier attends');
    const meeting = earlyEvents.find((e) => e.summary.startsWith('Møte med'));
    assert.match(meeting.summary, /Felles panel/);
    assert.match(meeting.location, /Møterom Namsen/);
    assert.match(meeting.description, /DK-[0-9A-Z]{4}-[0-9A-Z]{4}/);
    assert.ok(meeting.description.includes(`${BASE_URL}${early}`), 'the private link is in the description');

    const lateEvents = await calendar(`${late}/calendar.ics`);
    assert.deepEqual(lateEvents.map((e) => [e.start, e.end]), [afternoon], 'only the meeting: no plenary');
    assert.equal(osloClock(afternoon[0]), `${day.split('-').reverse().join('/')}, 12:30`);

    const page = await (await fetch(new URL(early, BASE_URL))).text();
    assert.match(page, /03:00–03:30/, 'the booking page shows the same time');
  });

  test(`the public programme's calendar file has the right instants on ${day} (${fixture})`, async () => {
    const events = await calendar(`/e/${slug}/calendar.ics`);
    assert.deepEqual(instantsOf(events, 'Velkommen'), welcome);
    const windows = events.filter((e) => e.start === night[0] || e.start === afternoon[0]);
    assert.deepEqual(windows.map((e) => [e.start, e.end]), [night, window], 'both one-to-one windows');
  });
}

test('the demo event\'s programme calendar matches its page, in Oslo time', async () => {
  const events = await calendar(`/e/${DEMO_SLUG}/calendar.ics`);
  const page = await (await fetch(new URL(`/e/${DEMO_SLUG}`, BASE_URL))).text();
  assert.ok(events.length >= 6);
  for (const event of events) {
    const from = osloClock(event.start).slice(-5);
    const to = osloClock(event.end).slice(-5);
    assert.ok(page.includes(`${from}–${to}`), `${event.summary} ${from}–${to} is on the event page`);
  }
});

test('a calendar file of a cancelled registration is still valid, and empty', async () => {
  const token = await bookByHttp(FIXTURE_EVENTS.ordinary.slug, supplierFields(320, { meeting: 'no' }));
  const form = await fetch(new URL(`${token}/cancel`, BASE_URL));
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())[1];
  const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const cancelled = await fetch(new URL(`${token}/cancel`, BASE_URL), {
    method: 'POST', redirect: 'manual', body: new URLSearchParams({ _csrf: csrf }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
  });
  assert.equal(cancelled.status, 303);
  assert.deepEqual(await calendar(`${token}/calendar.ics`), []);
});
