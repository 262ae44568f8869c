import { Injectable } from '@nestjs/common';
import { ClockStore } from './clock-store';

/** The offset of this process only: enough for one instance and for tests. */
@Injectable()
export class InMemoryClockStore implements ClockStore {
  private offsetMs = 0;

  read(): Promise<number> {
    return Promise.resolve(this.offsetMs);
  }

  write(offsetMs: number): Promise<void> {
    this.offsetMs = offsetMs;
    return Promise.resolve();
  }
}
