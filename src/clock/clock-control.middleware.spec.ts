import { NotFoundException } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Clock } from './clock';
import { ClockControlMiddleware } from './clock-control.middleware';
import { InMemoryClockStore } from './in-memory-clock-store';

const request = { method: 'PUT', originalUrl: '/api/test/clock?x=1' } as unknown as IncomingMessage;
const response = {} as ServerResponse;

describe('ClockControlMiddleware', () => {
  it('answers like an unknown route when clock control is off', () => {
    const clock = new Clock(new InMemoryClockStore(), {
      controllable: false,
      refreshIntervalMs: 1000,
    });
    const next = jest.fn();
    const use = () => new ClockControlMiddleware(clock).use(request, response, next);
    expect(use).toThrow(new NotFoundException('Cannot PUT /api/test/clock?x=1'));
    expect(next).not.toHaveBeenCalled();
  });

  it('passes the request on when clock control is on', () => {
    const clock = new Clock(new InMemoryClockStore(), {
      controllable: true,
      refreshIntervalMs: 1000,
    });
    const next = jest.fn();
    new ClockControlMiddleware(clock).use(request, response, next);
    expect(next).toHaveBeenCalledWith();
  });
});
