import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { CalendarDate, stockholmDate } from '../calendar';
import { CLOCK_STORE, ClockStore } from './clock-store';

export interface ClockOptions {
  /** CLOCK_CONTROL: whether set() and reset() may move the clock. */
  controllable: boolean;
  /** How often a controllable clock re-reads the shared offset, so other instances follow. */
  refreshIntervalMs: number;
}

export const CLOCK_OPTIONS = Symbol('CLOCK_OPTIONS');

/** Told the new "now" whenever the clock is moved (here or, after a refresh, on another instance). */
export type ClockListener = (now: Date) => void;

/**
 * The product's one source of "now". Real time unless a test moved it: set() puts "now" at an
 * instant and time keeps flowing from there (an offset from real time, kept in a ClockStore
 * shared by the instances), reset() returns to real time.
 */
@Injectable()
export class Clock implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(Clock.name);
  private readonly listeners = new Set<ClockListener>();
  private offsetMs = 0;
  /** Counts local changes, so a refresh that read the store before one cannot undo it. */
  private changes = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(CLOCK_STORE) private readonly store: ClockStore,
    @Inject(CLOCK_OPTIONS) private readonly options: ClockOptions,
  ) {}

  get controllable(): boolean {
    return this.options.controllable;
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  nowIso(): string {
    return this.now().toISOString();
  }

  /** Today's date in Sweden (Europe/Stockholm). */
  today(): CalendarDate {
    return stockholmDate(this.now());
  }

  /** Moves "now" to `instant`; time keeps flowing from there. Resolves to the new now. */
  async set(instant: Date): Promise<Date> {
    if (Number.isNaN(instant.getTime()))
      throw new RangeError('Cannot set the clock to an invalid date');
    return this.moveTo(instant.getTime() - Date.now());
  }

  /** Back to real time. Resolves to the new now. */
  async reset(): Promise<Date> {
    return this.moveTo(0);
  }

  /** Subscribes to "the clock was moved"; returns the unsubscribe function. */
  onMoved(listener: ClockListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Re-reads the shared offset (another instance may have moved the clock). */
  async refresh(): Promise<void> {
    if (!this.controllable) return;
    const changesBefore = this.changes;
    const offsetMs = await this.store.read();
    if (changesBefore === this.changes) this.apply(offsetMs);
  }

  async onModuleInit(): Promise<void> {
    if (!this.controllable) return;
    await this.refresh();
    this.timer = setInterval(() => {
      // A failed poll keeps the last known offset; the next one tries again.
      this.refresh().catch((error: unknown) =>
        this.logger.warn(`Could not re-read the clock offset: ${String(error)}`),
      );
    }, this.options.refreshIntervalMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private async moveTo(offsetMs: number): Promise<Date> {
    if (!this.controllable)
      throw new Error('The clock cannot be moved: CLOCK_CONTROL is not enabled');
    await this.store.write(offsetMs);
    this.apply(offsetMs);
    return this.now();
  }

  private apply(offsetMs: number): void {
    this.changes++;
    if (offsetMs === this.offsetMs) return;
    this.offsetMs = offsetMs;
    const now = this.now();
    for (const listener of this.listeners) {
      // The move is already stored: one failing listener must neither undo it nor starve the rest.
      try {
        listener(now);
      } catch (error) {
        this.logger.error(
          `A clock listener failed: ${error instanceof Error ? error.stack : String(error)}`,
        );
      }
    }
  }
}

/**
 * The machine's own time, for what is measured against the outside world rather than the
 * product's timeline: token lifetimes (set by the identity provider's clock) and log stamps.
 */
export function wallClock(): Date {
  return new Date();
}
