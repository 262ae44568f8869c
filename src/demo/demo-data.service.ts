import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AuthService } from '../auth/auth.service';
import { ChangeRequestEventsService } from '../change-requests/change-request-events.service';
import { ChangeRequestsService } from '../change-requests/change-requests.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { sql } from '../database/sql';
import { Clock } from '../clock/clock';
import { MeetingsService } from '../meetings/meetings.service';
import { DEMO_REQUESTS } from './demo-requests';

const ANY_REQUEST = sql('SELECT id FROM change_requests LIMIT 1');

/**
 * On the first start of a development installation, plays a few change requests through the real
 * use cases (so they have an honest history): seed 002 end to end, and requests left in the
 * states a new user wants to try. Off in production and tests; DEMO_DATA=false turns it off.
 */
@Injectable()
export class DemoDataService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoDataService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly database: Database,
    private readonly auth: AuthService,
    private readonly changeRequests: ChangeRequestsService,
    private readonly events: ChangeRequestEventsService,
    private readonly meetings: MeetingsService,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoData || this.config.nodeEnv === 'test') return;
    const existing = await this.database.read(({ sql: db }) => db.get<{ id: string }>(ANY_REQUEST));
    if (existing) return;
    for (const demo of DEMO_REQUESTS) {
      const created = await this.changeRequests.create(await this.auth.actorFor(demo.createdBy), demo.draft);
      for (const step of demo.steps) {
        const { type, ...payload } = step.event;
        if (type === 'DECIDE') await this.decideAtMeeting(created.id, step.by, payload);
        else await this.events.send(await this.auth.actorFor(step.by), created.id, { type, payload });
      }
    }
    this.logger.log(`Created ${DEMO_REQUESTS.length} demo change requests`);
  }

  /**
   * A decision as programstyrgruppen takes it (SPEC §10): VGR plans a meeting with the request on
   * its agenda and opens it with four of the five ordinary members present; the chair registers
   * the decision; the meeting is closed and adjusted by the chair and the justerare, which
   * dispatches the decision to the requesting organisation and VästKom.
   */
  private async decideAtMeeting(changeRequestId: string, by: string, payload: Record<string, unknown>): Promise<void> {
    const secretary = await this.auth.actorFor('vgr.handlaggare');
    const meeting = await this.meetings.create(secretary, {
      title: 'Programstyrgruppen Millennium',
      startsAt: this.clock.nowIso(),
      place: 'Regionens hus, Vänersborg, och Teams',
    });
    await this.meetings.send(secretary, meeting.id, { type: 'ADD_TO_AGENDA', payload: { changeRequestId } });
    await this.meetings.send(secretary, meeting.id, {
      type: 'OPEN',
      payload: { present: ['styrgrupp.ordforande', 'styrgrupp.ledamot', 'styrgrupp.vastkom1', 'styrgrupp.leverantor'], justerare: 'styrgrupp.ledamot' },
    });
    await this.events.send(await this.auth.actorFor(by), changeRequestId, { type: 'DECIDE', payload: { ...payload, meetingId: meeting.id } });
    const closed = await this.meetings.send(secretary, meeting.id, { type: 'CLOSE', payload: {} });
    for (const signer of ['styrgrupp.ordforande', 'styrgrupp.ledamot']) {
      await this.meetings.send(await this.auth.actorFor(signer), meeting.id, { type: 'SIGN', payload: { protocolSha256: closed.protocolSha256 } });
    }
  }
}
