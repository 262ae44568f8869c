import type { Response } from 'supertest';
import type { TestApp } from './create-test-app';
import { openMeeting } from './meetings';

/** A call whose request is sent once its preparation is done: await it, or expect() on it like supertest. */
export interface PendingCall extends PromiseLike<Response> {
  expect(expectation: number | ((res: Response) => void), body?: unknown): Promise<Response>;
}

/** Thin helpers for calling the API as a demo user. */
export function api(t: TestApp) {
  const auth = (userId: string) => ({ Authorization: `Bearer ${t.token(userId)}` });
  const post = (userId: string, path: string, body: object) => t.http.post(path).set(auth(userId)).send(body);
  return {
    get: (userId: string, path: string) => t.http.get(path).set(auth(userId)),
    post,
    patch: (userId: string, path: string, body: object) => t.http.patch(path).set(auth(userId)).send(body),
    put: (userId: string, path: string, body: object) => t.http.put(path).set(auth(userId)).send(body),
    event: (userId: string, id: string, body: { type: string } & Record<string, unknown>) =>
      t.http.post(`/api/change-requests/${id}/events`).set(auth(userId)).send(body),
    /**
     * DECIDE as programstyrgruppen decides (SPEC §10): at a meeting VGR plans and opens for the
     * request with every ordinary member present, unless the body names its own meetingId. When
     * the request cannot stand on an agenda (wrong state, no impact assessment) the DECIDE is sent
     * without a meeting, so the refusal the test expects is the one the request's state gives.
     */
    decide: (userId: string, id: string, body: Record<string, unknown>): PendingCall => {
      const ready = (async () => {
        const meetingId = 'meetingId' in body ? body.meetingId : await openMeeting({ post }, [id]);
        // Wrapped, so the supertest request (a thenable) is not sent before the caller's expect().
        return { test: post(userId, `/api/change-requests/${id}/events`, { type: 'DECIDE', ...body, ...(meetingId !== undefined ? { meetingId } : {}) }) };
      })();
      return {
        expect: (expectation, bodyExpected) =>
          ready.then(({ test }) => (bodyExpected === undefined ? test.expect(expectation as never) : test.expect(expectation as never, bodyExpected))),
        then: (onFulfilled, onRejected) => ready.then(({ test }) => test).then(onFulfilled, onRejected),
      };
    },
  };
}

export const SJUHARAD_DRAFT = {
  title: 'Senare anslutning till Millennium för Sjuhärads kommuner',
  description:
    'De åtta kommunerna i de södra delarna av Västra Götaland, Sjuhärads kommunalförbund, behöver mer tid för att implementera Millennium och begär därför att få ansluta sig senare än 12 november.',
  type: 'schedule',
  requestingOrganisations: ['sjuharad'],
  justification:
    'Kommunerna i södra området är av olika skäl inte redo att införa Millennium den 12 november.',
  requestedGoLive: null,
};

/** Seed 002's "Kända omständigheter", its three paragraphs. */
export const SEED_CIRCUMSTANCES = [
  'Kommunerna i södra området lyfte för en tid sedan problem med införandet och lät meddela att de av olika skäl inte är redo att införa Millennium den 12 november. Sedan dess har en dialog förts mellan VGR och VästKom, som företräder kommunerna, för att hitta lösningar och en gemensam väg framåt.',
  'På fredagseftermiddagen den 11 oktober mottog VGR en formell ändringsbegäran om justerad tidplan från kommunerna där de begär att få skjuta på sin driftstart.',
  'Tidplanen och införandet av Millennium som vårdinformationssystem för VGR:s verksamheter kommer inte att påverkas av begäran. Däremot innebär en senare anslutning av kommunerna att nuvarande system för samverkan och informationsutbyte mellan VGR, privata vårdgivare och kommunerna används ytterligare en tid efter driftstarten i november.',
].join('\n\n');


const LEAKS = [/\n\s+at /, / at .*\(.*:\d+:\d+\)/, /QueryFailedError/, /SELECT /, /INSERT /, /UPDATE /, /SQLITE/i];

export function expectNoLeak(response: Response): void {
  for (const pattern of LEAKS) expect(response.text ?? '').not.toMatch(pattern);
}
