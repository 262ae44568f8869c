import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { APP_CONFIG, DEFAULT_SCHEDULER_INTERVAL_MS, type AppConfig } from '../config/app-config';

/**
 * Work that falls due with time (a reminder, a scheduled report). `run` is called with "now"
 * from the one clock and must be idempotent: every instance runs every job, so a job claims its
 * work in the database (a unique key, or FOR UPDATE SKIP LOCKED on PostgreSQL) and does each
 * piece once however many instances look at the same moment.
 */
export interface ScheduledJob {
  readonly name: string;
  run(now: Date): Promise<void>;
}

interface Slot {
  job: ScheduledJob;
  running?: Promise<void>;
  again: boolean;
}

/**
 * Runs the registered jobs every SCHEDULER_INTERVAL_MS and whenever the clock is moved (so a
 * test that moves time sees timers fire). A job never runs twice at once in one instance: a tick
 * that finds it running asks for one more run after it.
 */
@Injectable()
export class Scheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(Scheduler.name);
  private readonly slots: Slot[] = [];
  private timer?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  register(job: ScheduledJob): void {
    this.slots.push({ job, again: false });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.config.schedulerIntervalMs ?? DEFAULT_SCHEDULER_INTERVAL_MS);
    this.timer.unref();
    this.unsubscribe = this.clock.onMoved(() => this.tick());
    this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    await Promise.all(this.slots.map((slot) => slot.running));
  }

  /** Runs every job now (once more after the current run where one is running). */
  tick(): void {
    for (const slot of this.slots) this.start(slot);
  }

  /** Resolves when no job is running (after the runs a tick asked for). */
  async settled(): Promise<void> {
    while (this.slots.some((slot) => slot.running)) await Promise.all(this.slots.map((slot) => slot.running));
  }

  private start(slot: Slot): void {
    if (this.stopped) return;
    if (slot.running) {
      slot.again = true;
      return;
    }
    slot.running = slot.job
      .run(this.clock.now())
      .catch((error: unknown) => this.logger.error(`${slot.job.name} failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        slot.running = undefined;
        if (slot.again) {
          slot.again = false;
          this.start(slot);
        }
      });
  }
}
