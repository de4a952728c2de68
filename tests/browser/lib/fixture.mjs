// Test fixture: events the demo does not have, made by copying the demo event in SQL before the
// server starts (the staff console's create form is not used here, so these rows have no
// audit entries). Every copy is an instant-mode event with one panel ("felles"), its room and
// the digital room:
//
//   siste-plass  the demo's day, one one-to-one slot (12:30-13:00): two browsers race for it
//   vanlig-dag   2027-05-06, an ordinary day (summer time all day): slots 03:00, 12:30 and 13:05
//   sommertid    2027-03-28 (clocks go forward in Europe/Oslo): slots 03:00, 12:30 and 13:05
//   vintertid    2027-10-31 (clocks go back in Europe/Oslo): slots 03:00, 12:30 and 13:05
//   stengt       the demo's day, status "closed": registration is no longer possible
//
// Usage: node lib/fixture.mjs DATABASE   (needs the sqlite3 command-line tool)
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export const DEMO_SLUG = 'trygghetsalarm-namdalen';

export const FIXTURE_EVENTS = {
  race: { slug: 'siste-plass', title: 'Siste ledige møteplass', windows: [[12 * 60 + 30, 13 * 60, 'ettermiddag']] },
  ordinary: {
    slug: 'vanlig-dag', title: 'Dialogdag en vanlig torsdag', day: '2027-05-06',
    closes: '2027-04-29T10:00:00Z', windows: [[3 * 60, 3 * 60 + 30, 'natt'], [12 * 60 + 30, 13 * 60 + 35, 'ettermiddag']],
  },
  springForward: {
    slug: 'sommertid', title: 'Dialogdag da klokka stilles fram', day: '2027-03-28',
    closes: '2027-03-20T11:00:00Z', windows: [[3 * 60, 3 * 60 + 30, 'natt'], [12 * 60 + 30, 13 * 60 + 35, 'ettermiddag']],
  },
  fallBack: {
    slug: 'vintertid', title: 'Dialogdag da klokka stilles tilbake', day: '2027-10-31',
    closes: '2027-10-23T10:00:00Z', windows: [[3 * 60, 3 * 60 + 30, 'natt'], [12 * 60 + 30, 13 * 60 + 35, 'ettermiddag']],
  },
  closed: { slug: 'stengt', title: 'Påmeldingen er stengt', status: 'closed', windows: [[12 * 60 + 30, 13 * 60, 'ettermiddag']] },
};

const q = (text) => `'${String(text).replaceAll("'", "''")}'`;

function copyOfDemo({ slug, title, day, closes, windows, status = 'open' }) {
  const demo = `(SELECT id FROM event WHERE slug = ${q(DEMO_SLUG)})`;
  const copy = `(SELECT id FROM event WHERE slug = ${q(slug)})`;
  const demoPanel = `(SELECT id FROM panel WHERE event_id = ${demo} AND key = 'felles')`;
  const dayExpr = day ? q(day) : 'day';
  return `
INSERT INTO event (slug, title, subject, need, doffin_ref, venue, address, day, time_zone, language,
  meeting_length, changeover, booking_mode, registration_opens, registration_closes, max_people,
  meetings_per_panel, allocation_rule, retention_until, status, created_by, created_at)
SELECT ${q(slug)}, ${q(title)}, subject, need, doffin_ref, venue, address, ${dayExpr}, time_zone, language,
  meeting_length, changeover, 'instant', registration_opens, ${closes ? q(closes) : 'registration_closes'},
  max_people, 1, allocation_rule, date(${dayExpr}, '+365 days'), ${q(status)}, created_by, created_at
FROM event WHERE slug = ${q(DEMO_SLUG)};
INSERT INTO event_organiser (event_id, organisation_id, role)
  SELECT ${copy}, organisation_id, role FROM event_organiser WHERE event_id = ${demo};
INSERT INTO programme_item (event_id, position, start_min, end_min, title, speaker, kind, suppliers_attend)
  SELECT ${copy}, position, start_min, end_min, title, speaker, kind, suppliers_attend
  FROM programme_item WHERE event_id = ${demo};
${windows.map(([start, end, session]) => `INSERT INTO one_to_one_window (event_id, start_min, end_min, session)
  VALUES (${copy}, ${start}, ${end}, ${q(session)});`).join('\n')}
INSERT INTO room (event_id, key, name, seats, digital, link)
  SELECT ${copy}, key, name, seats, digital, link FROM room WHERE event_id = ${demo} AND key IN ('namsen', 'digitalt');
INSERT INTO panel (event_id, key, name, municipalities, room_id)
  SELECT ${copy}, key, name, municipalities, (SELECT id FROM room WHERE event_id = ${copy} AND key = 'namsen')
  FROM panel WHERE id = ${demoPanel};
INSERT INTO person (event_id, person_key, name, email, phone)
  SELECT ${copy}, p.person_key, p.name, p.email, p.phone FROM person p
  JOIN panel_member m ON m.person_id = p.id WHERE m.panel_id = ${demoPanel};
INSERT INTO panel_member (panel_id, person_id, event_id, position, role)
  SELECT (SELECT id FROM panel WHERE event_id = ${copy} AND key = 'felles'),
         (SELECT id FROM person WHERE event_id = ${copy} AND person_key = p.person_key), ${copy}, m.position, m.role
  FROM panel_member m JOIN person p ON p.id = m.person_id WHERE m.panel_id = ${demoPanel};
`;
}

export function fixtureSql() {
  return `BEGIN;\n${Object.values(FIXTURE_EVENTS).map(copyOfDemo).join('\n')}COMMIT;\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (!process.argv[2]) throw new Error('usage: node lib/fixture.mjs DATABASE');
  execFileSync('sqlite3', ['-bail', process.argv[2]], { input: fixtureSql(), stdio: ['pipe', 'inherit', 'inherit'] });
}
