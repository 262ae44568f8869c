import { isLoopbackAddress } from './loopback';

describe('isLoopbackAddress', () => {
  it.each([
    '127.0.0.1',
    '127.0.0.2',
    '127.255.255.254',
    '::1',
    '0:0:0:0:0:0:0:1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
  ])('counts %s as loopback', (address) => expect(isLoopbackAddress(address)).toBe(true));

  it.each([
    '192.0.2.2',
    '10.0.0.1',
    '128.0.0.1',
    '126.255.255.255',
    '0.0.0.0',
    '::',
    'fd00::2',
    'fe80::1',
    '::ffff:192.0.2.2',
    '::2',
    'localhost',
    '',
    undefined,
  ])('does not count %s as loopback', (address) => {
    expect(isLoopbackAddress(address)).toBe(false);
  });
});
