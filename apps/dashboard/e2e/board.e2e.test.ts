import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from './axe';
import { api, launch, londonDay, screenshot, signedIn } from './browser';
import { startOwnProduct } from './own-product';

const MANAGER = 'priya.shah@coxford.example';
/** Sam Patel supervises Poppy, booked into Birch 45 minutes after the demo week is loaded (so check-in is open). No other test uses Birch. */
const SUPERVISOR = 'sam.patel@coxford.example';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

const card = (page: Page, room: string) => page.getByTestId(`room-${room}`);
const stateOf = (page: Page, room: string) => card(page, room).getAttribute('data-state');

async function openBoard(page: Page): Promise<void> {
  await page.goto(new URL('/board', page.url()).href);
  await card(page, 'Willow').waitFor();
}

describe('centre board', () => {
  it('shows every room with its state in words, the counts and the warnings, and passes axe', async () => {
    const { context, page } = await signedIn(browser, MANAGER);
    expect(new URL(page.url()).pathname).toBe('/board');
    await card(page, 'Willow').waitFor();

    expect(await stateOf(page, 'Willow')).toBe('OCCUPIED');
    expect(await stateOf(page, 'Maple')).toBe('OUT_OF_SERVICE');
    expect(await card(page, 'Willow').getByTestId('room-state').innerText()).toMatch(/Occupied/);
    expect(await card(page, 'Maple').getByTestId('room-state').innerText()).toMatch(/Out of service/);
    expect(await card(page, 'Maple').innerText()).toMatch(/Radiator fault/);
    // Maisie is in Willow: first name and initial only, her supervisor, and both arrivals with times.
    const willow = await card(page, 'Willow').innerText();
    expect(willow).toMatch(/Maisie C\./);
    expect(willow).not.toMatch(/Carter/);
    expect(willow).toMatch(/Supervisor: Tom Okafor/);
    expect(willow).toMatch(/Parent\s+arrived \d\d:\d\d/);
    expect(willow).toMatch(/Supervised contact/);
    expect(await page.getByTestId('board-counts').innerText()).toMatch(/Occupied/);
    await expect.poll(() => page.getByTestId('connection-state').innerText()).toMatch(/Live/);

    // The clock ticks in the browser: a second later it reads differently, with no request to the server.
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/graphql')) requests.push(r.url());
    });
    const clock = card(page, 'Willow').getByTestId('session-clock');
    const before = await clock.innerText();
    await expect.poll(() => clock.innerText(), { timeout: 3000 }).not.toBe(before);
    expect(requests).toEqual([]);

    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'board-1280');
    await page.setViewportSize({ width: 768, height: 1024 });
    await screenshot(page, 'board-768');
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('turns a room occupied within 2 seconds of a supervisor checking in from another browser', async () => {
    const manager = await signedIn(browser, MANAGER);
    await card(manager.page, 'Birch').waitFor();
    expect(await stateOf(manager.page, 'Birch')).toBe('FREE');
    await expect.poll(() => manager.page.getByTestId('connection-state').innerText()).toMatch(/Live/);

    const supervisor = await signedIn(browser, SUPERVISOR);
    expect(new URL(supervisor.page.url()).pathname).toBe('/my-sessions');
    const today = londonDay(0);
    type Mine = {
      mySessions: { id: string; version: number; status: string; startsAt: string; room: { name: string } }[];
    };
    const mine = [
      ...(await api<Mine>(supervisor.page, SESSIONS, { date: today })).mySessions,
      ...(await api<Mine>(supervisor.page, SESSIONS, { date: londonDay(1) })).mySessions,
    ];
    const poppy = mine.find((s) => s.room.name === 'Birch' && s.status === 'SCHEDULED');
    expect(poppy).toBeDefined();

    // The supervisor checks Poppy's mother in on their own "My sessions" screen. That screen lists today only, so
    // when the suite runs late enough in the evening for Poppy's session to fall after midnight, the same check-in
    // goes through the API from that signed-in page instead, as the screen would send it.
    const onScreen =
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(poppy!.startsAt)) ===
      today;
    const checkIn = supervisor.page
      .getByTestId('session-Poppy')
      .getByRole('button', { name: 'Check in parent' });
    if (onScreen) await checkIn.waitFor();
    // A marker that a reload would wipe: the change must arrive live, not by the page loading again.
    await manager.page.evaluate(() => ((window as unknown as { kinroomMarker: number }).kinroomMarker = 1));
    const t0 = Date.now();
    if (onScreen) await checkIn.click();
    else await api(supervisor.page, CHECK_IN, { sessionId: poppy!.id, expectedVersion: poppy!.version });
    // The target is 2 seconds; on a quiet machine it takes about one. The time is printed as a figure, and the test
    // waits longer before failing, because a busy machine must not turn a working product red.
    await manager.page
      .locator('[data-testid="room-Birch"][data-state="OCCUPIED"]')
      .waitFor({ timeout: 20_000 });
    const took = Date.now() - t0;
    console.info(
      `Birch showed occupied ${took} ms after the check-in (target 2000 ms; ${onScreen ? 'My sessions screen' : 'API'})`,
    );
    expect(
      await manager.page.evaluate(() => (window as unknown as { kinroomMarker?: number }).kinroomMarker),
    ).toBe(1);
    const birch = await card(manager.page, 'Birch').innerText();
    expect(birch).toMatch(/Poppy A\./);
    expect(birch).toMatch(/Supervisor: Sam Patel/);
    expect(birch).toMatch(/Parent\s+arrived \d\d:\d\d/);
    expect(birch).toMatch(/Child\s+not yet/);
    expect(await manager.page.getByTestId('board-announcer').innerText()).toMatch(/Birch is now occupied/);
    expect(await manager.page.getByTestId('connection-state').innerText()).toMatch(/last update \d+s ago/);
    await screenshot(manager.page, 'board-live-birch-occupied');
    await supervisor.context.close();
    await manager.context.close();
  });

  it('shows an absence notice on the booked session live, plainly marked, with both times and who took it', async () => {
    // A product of its own, so that Kai's session (three hours after the demo week is loaded, which late in the
    // evening is tomorrow) can be placed 20 minutes ahead: today, whatever the time the test runs.
    const own = await startOwnProduct();
    const { rows } = await own.sql.query(
      `select s.id from session s join child c on c.id = s.child_id
        where c.first_name = 'Kai' and s.starts_at between now() and now() + interval '4 hours'`,
    );
    expect(rows).toHaveLength(1);
    // With a supervisor who has nothing else within an hour of it.
    await own.sql.query(
      `update session s set starts_at = now() + interval '20 minutes', ends_at = now() + interval '80 minutes',
         supervisor_id = (
           select u.id from staff_user u
            where u.role = 'supervisor' and u.centre_id = s.centre_id
              and not exists (
                select 1 from session o
                 where o.supervisor_id = u.id and o.id <> s.id and o.status <> 'cancelled'
                   and o.starts_at < now() + interval '140 minutes' and o.ends_at > now() - interval '40 minutes')
            order by u.name limit 1)
        where s.id = $1`,
      [rows[0]!.id],
    );
    const { context, page } = await signedIn(browser, MANAGER, undefined, own.url);
    await openBoard(page);
    await expect.poll(() => page.getByTestId('connection-state').innerText()).toMatch(/Live/);
    const cedar = card(page, 'Cedar');
    expect(await cedar.innerText()).toMatch(/Next:\s*Kai R\./);
    expect(await cedar.getByTestId('absence-notice').count()).toBe(0);
    expect(await cedar.innerText()).not.toMatch(/not coming/);

    const { myCentres } = await api<{ myCentres: { id: string }[] }>(page, '{ myCentres { id } }');
    const { centreSchedule } = await api<{
      centreSchedule: { id: string; status: string; child: { firstName: string }; room: { name: string } }[];
    }>(page, SCHEDULE, { c: myCentres[0]!.id, d: londonDay(0) });
    const kai = centreSchedule.find((s) => s.child.firstName === 'Kai' && s.room.name === 'Cedar');
    expect(kai?.status).toBe('SCHEDULED');

    // A marker that a reload would wipe: the notice must arrive live.
    await page.evaluate(() => ((window as unknown as { kinroomMarker: number }).kinroomMarker = 1));
    const receivedAt = new Date(Date.now() - 3 * 60_000).toISOString();
    const { recordAbsenceNotice: notice } = await api<{ recordAbsenceNotice: { recordedAt: string } }>(
      page,
      RECORD_NOTICE,
      {
        input: {
          sessionId: kai!.id,
          givenBy: 'Shane Robinson (father)',
          reason: 'Car broke down',
          receivedAt,
        },
      },
    );
    const shown = cedar.getByTestId('absence-notice');
    await shown.waitFor({ timeout: 20_000 });
    expect(await shown.innerText()).toBe(
      `Absence notice from Shane Robinson (father): received ${london(receivedAt)}, recorded ${london(
        notice.recordedAt,
      )} by Priya Shah. Reason: “Car broke down”`,
    );
    expect(await cedar.innerText()).toMatch(/Family not coming/);
    expect(await page.evaluate(() => (window as unknown as { kinroomMarker?: number }).kinroomMarker)).toBe(
      1,
    );
    await screenshot(page, 'board-absence-notice');
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
    await own.stop();
  });

  it('marks a room tidied and back, and reloads with a message when someone else changed it first', async () => {
    const { context, page } = await signedIn(browser, MANAGER);
    await openBoard(page);
    expect(await stateOf(page, 'Hazel')).toBe('NEEDS_TIDYING');

    // Someone else tidies Hazel, and the manager clicks on what is now an out-of-date card before it refreshes.
    const rooms = await api<{ myCentres: { rooms: { id: string; name: string; version: number }[] }[] }>(
      page,
      ROOMS,
    );
    const hazel = rooms.myCentres[0]!.rooms.find((r) => r.name === 'Hazel')!;
    await page.evaluate(
      async ({ query, variables }) => {
        const session = JSON.parse(sessionStorage.getItem('kinroom.session') ?? '{}') as { token?: string };
        await fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
          body: JSON.stringify({ query, variables }),
        });
        document.querySelector<HTMLButtonElement>('[data-testid="room-Hazel"] .actions button')!.click();
      },
      { query: SET_CONDITION, variables: { roomId: hazel.id, condition: 'READY', version: hazel.version } },
    );
    const alert = card(page, 'Hazel').getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/Someone else changed this a moment ago\. It has been reloaded/);
    await expect.poll(() => stateOf(page, 'Hazel')).toBe('FREE');

    // Put it back as the demo week had it, through the card's own button.
    await card(page, 'Hazel')
      .getByRole('button', { name: /Needs tidying/ })
      .click();
    await expect.poll(() => stateOf(page, 'Hazel')).toBe('NEEDS_TIDYING');
    await card(page, 'Hazel')
      .getByRole('button', { name: /Mark tidied/ })
      .waitFor();
    await context.close();
  });

  it('takes a room out of service only with a note, from a dialog that Escape closes', async () => {
    const { context, page } = await signedIn(browser, MANAGER);
    await openBoard(page);
    const maple = card(page, 'Maple');
    await maple.getByRole('button', { name: /Back in service/ }).click();
    await expect.poll(() => stateOf(page, 'Maple')).toBe('FREE');

    await maple.getByRole('button', { name: /Out of service/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Take Maple out of service' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await stateOf(page, 'Maple')).toBe('FREE');

    await maple.getByRole('button', { name: /Out of service/ }).click();
    await dialog.getByRole('button', { name: 'Take out of service' }).click();
    expect(await dialog.getByRole('alert').innerText()).toMatch(/Say why/);
    await dialog.getByLabel('Why is it out of service?').fill('Radiator fault: engineer booked');
    await screenshot(page, 'board-out-of-service-dialog');
    await dialog.getByRole('button', { name: 'Take out of service' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => stateOf(page, 'Maple')).toBe('OUT_OF_SERVICE');
    expect(await maple.innerText()).toMatch(/Radiator fault: engineer booked/);
    await context.close();
  });

  it('catches up after a reconnect by resubscribing from the last cursor it saw', async () => {
    const { context, page } = await signedIn(browser, MANAGER);
    // Keep hold of the page's sockets, so the test can cut the live link as a network drop would.
    await page.addInitScript(() => {
      const Native = window.WebSocket;
      const sockets: WebSocket[] = [];
      (window as unknown as { sockets: WebSocket[] }).sockets = sockets;
      window.WebSocket = class extends Native {
        constructor(...args: ConstructorParameters<typeof WebSocket>) {
          super(...args);
          sockets.push(this);
        }
      };
    });
    const sent: string[] = [];
    const received: string[] = [];
    page.on('websocket', (ws) => {
      ws.on('framesent', (f) => sent.push(String(f.payload)));
      ws.on('framereceived', (f) => received.push(String(f.payload)));
    });
    await openBoard(page);
    await expect.poll(() => page.getByTestId('connection-state').innerText()).toMatch(/Live/);

    // A change seen live gives the board a cursor.
    await card(page, 'Hazel')
      .getByRole('button', { name: /Mark tidied/ })
      .click();
    await expect.poll(() => stateOf(page, 'Hazel')).toBe('FREE');
    const cursors = received
      .map(
        (m) =>
          JSON.parse(m) as { type: string; payload?: { data?: { roomBoardChanged?: { cursor: string } } } },
      )
      .flatMap((m) =>
        m.type === 'next' && m.payload?.data?.roomBoardChanged
          ? [m.payload.data.roomBoardChanged.cursor]
          : [],
      );
    const last = cursors.at(-1);
    expect(last).toBeDefined();

    // The link drops, and while it is down someone marks Hazel for tidying again (as the demo week had it).
    const rooms = await api<{ myCentres: { rooms: { id: string; name: string; version: number }[] }[] }>(
      page,
      ROOMS,
    );
    const hazel = rooms.myCentres[0]!.rooms.find((r) => r.name === 'Hazel')!;
    const before = sent.length;
    await page.evaluate(
      async ({ query, variables }) => {
        for (const s of (window as unknown as { sockets: WebSocket[] }).sockets)
          s.close(4499, 'network drop');
        const session = JSON.parse(sessionStorage.getItem('kinroom.session') ?? '{}') as { token?: string };
        await fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
          body: JSON.stringify({ query, variables }),
        });
      },
      {
        query: SET_CONDITION,
        variables: { roomId: hazel.id, condition: 'NEEDS_TIDYING', version: hazel.version },
      },
    );

    await expect.poll(() => stateOf(page, 'Hazel'), { timeout: 10_000 }).toBe('NEEDS_TIDYING');
    await expect.poll(() => page.getByTestId('connection-state').innerText()).toMatch(/Live/);
    // The board follows other subscriptions too (its flags, the menu's count): this is the board's own.
    const resubscribed = sent
      .slice(before)
      .map(
        (m) =>
          JSON.parse(m) as { type: string; payload?: { query?: string; variables?: { after?: string } } },
      )
      .find((m) => m.type === 'subscribe' && m.payload?.query?.includes('roomBoardChanged'));
    expect(resubscribed?.payload?.variables?.after).toBe(last);
    await context.close();
  });

  it('shows an integrator the same board, read-only', async () => {
    const { context, page } = await signedIn(browser, 'case-system@coxford.example');
    await openBoard(page);
    expect(await stateOf(page, 'Willow')).toBe('OCCUPIED');
    expect(await card(page, 'Willow').getByRole('button').count()).toBe(0);
    await context.close();
  });

  it('is refused to a supervisor', async () => {
    const { context, page } = await signedIn(browser, SUPERVISOR);
    await page.goto(new URL('/board', page.url()).href);
    await page.getByTestId('forbidden').waitFor();
    await context.close();
  });
});

const SESSIONS = `query Mine($date: String) { mySessions(date: $date) { id version status startsAt room { name } } }`;
const CHECK_IN = `mutation CheckIn($sessionId: ID!, $expectedVersion: Int!) {
  recordSessionStep(input: { sessionId: $sessionId, expectedVersion: $expectedVersion, step: RECORD_PARENT_ARRIVAL }) { id status }
}`;
const SCHEDULE = `query($c: ID!, $d: String) { centreSchedule(centreId: $c, date: $d) {
  id status child { firstName } room { name } } }`;
const RECORD_NOTICE = `mutation Notice($input: RecordAbsenceNoticeInput!) {
  recordAbsenceNotice(input: $input) { recordedAt } }`;
/** "08:10" in London, as the board shows a time. */
const london = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
const ROOMS = `query Rooms { myCentres { rooms { id name version } } }`;
const SET_CONDITION = `mutation Set($roomId: ID!, $condition: RoomCondition!, $version: Int!) {
  setRoomCondition(roomId: $roomId, condition: $condition, expectedVersion: $version) { id version }
}`;
