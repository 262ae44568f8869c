import { Logger } from '@nestjs/common';
import { Clock, ClockOptions } from './clock';
import { ClockStore } from './clock-store';
import { InMemoryClockStore } from './in-memory-clock-store';

const REAL = new Date('2024-12-20T08:00:00.000Z');
const INTERVAL = 1000;
const CONTROLLED: ClockOptions = { controllable: true, refreshIntervalMs: INTERVAL };

/** A store that fails the test when touched. */
const untouchableStore = (): ClockStore => ({
  read: jest.fn(() => Promise.reject(new Error('unexpected read'))),
  write: jest.fn(() => Promise.reject(new Error('unexpected write'))),
});

async function started(store: ClockStore, options = CONTROLLED): Promise<Clock> {
  const clock = new Clock(store, options);
  await clock.onModuleInit();
  return clock;
}

describe('Clock', () => {
  const clocks: Clock[] = [];
  const start = async (store: ClockStore, options = CONTROLLED) => {
    const clock = await started(store, options);
    clocks.push(clock);
    return clock;
  };

  beforeEach(() => jest.useFakeTimers({ now: REAL }));
  afterEach(() => {
    clocks.splice(0).forEach((clock) => clock.onModuleDestroy());
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  describe('without CLOCK_CONTROL', () => {
    it('is real time and never reads the store', async () => {
      const store = untouchableStore();
      const clock = await start(store, { controllable: false, refreshIntervalMs: INTERVAL });
      expect(clock.now()).toEqual(REAL);
      await jest.advanceTimersByTimeAsync(10 * INTERVAL);
      expect(clock.nowIso()).toBe('2024-12-20T08:00:10.000Z');
      expect(store.read).not.toHaveBeenCalled();
    });

    it('refuses to be moved', async () => {
      const store = untouchableStore();
      const clock = await start(store, { controllable: false, refreshIntervalMs: INTERVAL });
      await expect(clock.set(new Date('2030-01-01T00:00:00Z'))).rejects.toThrow(/CLOCK_CONTROL/);
      await expect(clock.reset()).rejects.toThrow(/CLOCK_CONTROL/);
      expect(store.write).not.toHaveBeenCalled();
      expect(clock.now()).toEqual(REAL);
    });
  });

  describe('with CLOCK_CONTROL', () => {
    it('moves now to an instant and keeps time flowing from there', async () => {
      const store = new InMemoryClockStore();
      const clock = await start(store);
      const moved = await clock.set(new Date('2025-01-03T07:00:00+01:00'));
      expect(moved.toISOString()).toBe('2025-01-03T06:00:00.000Z');
      await jest.advanceTimersByTimeAsync(90_000);
      expect(clock.nowIso()).toBe('2025-01-03T06:01:30.000Z');
      expect(await store.read()).toBe(Date.parse('2025-01-03T06:00:00Z') - REAL.getTime());
    });

    it('returns to real time on reset', async () => {
      const clock = await start(new InMemoryClockStore());
      await clock.set(new Date('2030-06-01T00:00:00Z'));
      await jest.advanceTimersByTimeAsync(5000);
      await expect(clock.reset()).resolves.toEqual(new Date(REAL.getTime() + 5000));
      expect(clock.now()).toEqual(new Date(REAL.getTime() + 5000));
    });

    it("gives today's date in Sweden, not in UTC", async () => {
      const clock = await start(new InMemoryClockStore());
      await clock.set(new Date('2024-12-31T23:30:00Z'));
      expect(clock.today()).toBe('2025-01-01');
    });

    it('refuses an invalid date without touching the store', async () => {
      const store = new InMemoryClockStore();
      const write = jest.spyOn(store, 'write');
      const clock = await start(store);
      await expect(clock.set(new Date('nonsense'))).rejects.toThrow(RangeError);
      expect(write).not.toHaveBeenCalled();
    });

    it('starts from the offset already in the store', async () => {
      const store = new InMemoryClockStore();
      await store.write(60_000);
      const clock = await start(store);
      expect(clock.now()).toEqual(new Date(REAL.getTime() + 60_000));
    });
  });

  describe('listeners', () => {
    it('are told the new now on every move, until they unsubscribe', async () => {
      const clock = await start(new InMemoryClockStore());
      const listener = jest.fn();
      const unsubscribe = clock.onMoved(listener);
      await clock.set(new Date('2025-01-03T06:00:00Z'));
      await clock.reset();
      await clock.reset(); // already real time: not a move
      unsubscribe();
      await clock.set(new Date('2026-01-01T00:00:00Z'));
      expect(listener.mock.calls).toEqual([[new Date('2025-01-03T06:00:00Z')], [REAL]]);
    });

    it('a failing listener neither fails the move nor keeps the others from hearing it', async () => {
      const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      const clock = await start(new InMemoryClockStore());
      const other = jest.fn();
      clock.onMoved(() => {
        throw new Error('timer broke');
      });
      clock.onMoved(other);
      const target = new Date('2025-01-03T06:00:00Z');
      await expect(clock.set(target)).resolves.toEqual(target);
      expect(other).toHaveBeenCalledWith(target);
      expect(logged).toHaveBeenCalledWith(expect.stringContaining('timer broke'));
    });
  });

  describe('several instances on one store', () => {
    it('another instance follows within one refresh interval and tells its listeners', async () => {
      const store = new InMemoryClockStore();
      const a = await start(store);
      const b = await start(store);
      const heard = jest.fn();
      b.onMoved(heard);
      await a.set(new Date('2025-01-03T06:00:00Z'));
      expect(b.now()).toEqual(REAL);
      await jest.advanceTimersByTimeAsync(INTERVAL);
      expect(b.nowIso()).toBe('2025-01-03T06:00:01.000Z');
      expect(heard).toHaveBeenCalledWith(new Date('2025-01-03T06:00:01.000Z'));
      await a.reset();
      await jest.advanceTimersByTimeAsync(INTERVAL);
      expect(b.now()).toEqual(new Date(REAL.getTime() + 2 * INTERVAL));
    });

    it('a refresh that read the store before a local move does not undo it', async () => {
      let answerRead: (offset: number) => void = () => undefined;
      const store: ClockStore = {
        read: jest.fn(() => new Promise<number>((resolve) => (answerRead = resolve))),
        write: jest.fn(() => Promise.resolve()),
      };
      const clock = new Clock(store, CONTROLLED);
      const refreshing = clock.refresh();
      await clock.set(new Date('2025-01-03T06:00:00Z'));
      answerRead(0);
      await refreshing;
      expect(clock.nowIso()).toBe('2025-01-03T06:00:00.000Z');
    });

    it('keeps the last offset when the store cannot be read, and tries again', async () => {
      const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      const store = new InMemoryClockStore();
      const clock = await start(store);
      await clock.set(new Date('2025-01-03T06:00:00Z'));
      const read = jest.spyOn(store, 'read').mockRejectedValueOnce(new Error('database away'));
      await jest.advanceTimersByTimeAsync(INTERVAL);
      expect(warned).toHaveBeenCalledWith(expect.stringContaining('database away'));
      expect(clock.nowIso()).toBe('2025-01-03T06:00:01.000Z');
      await jest.advanceTimersByTimeAsync(INTERVAL);
      expect(read).toHaveBeenCalledTimes(2);
    });

    it('stops polling when the module is destroyed', async () => {
      const store = new InMemoryClockStore();
      const clock = await started(store);
      const read = jest.spyOn(store, 'read');
      clock.onModuleDestroy();
      await jest.advanceTimersByTimeAsync(10 * INTERVAL);
      expect(read).not.toHaveBeenCalled();
    });
  });
});
