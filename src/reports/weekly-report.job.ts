import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Scheduler, type ScheduledJob } from '../scheduler/scheduler';
import { dueWeek } from './weekly-report-schedule';
import { WeeklySnapshots } from './weekly-snapshots.service';

/**
 * Compiles the Regional rapport on schedule (WEEKLY_REPORT_SCHEDULE, Thursday 07:00 by default).
 *
 * Which week: the current ISO week, up to the moment of compilation. The seed's report is "en
 * sammanfattande lägesbild som är aktuell när den skickas", sent primarily on Thursdays: what
 * came in, was decided and communicated since Monday, and what is open and due now. So the
 * report compiled on Thursday 07:00 of week 49 is week 49's report, its period Monday–Sunday
 * of week 49 and its content everything up to Thursday 07:00; the previous week had its own.
 *
 * Each run looks whether this week's moment has passed and the week has no snapshot; the
 * unique week makes it once however many instances look (only the storing instance mails).
 */
@Injectable()
export class WeeklyReportJob implements ScheduledJob, OnModuleInit {
  readonly name = 'weekly report';

  constructor(
    private readonly scheduler: Scheduler,
    private readonly snapshots: WeeklySnapshots,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.weeklyReport) this.scheduler.register(this);
  }

  async run(now: Date): Promise<void> {
    const settings = this.config.weeklyReport;
    if (!settings) return;
    const week = dueWeek(now, settings.schedule);
    if (!week || (await this.snapshots.exists(week))) return;
    await this.snapshots.compile(week, now, settings.recipients);
  }
}
