import { whenAll } from './when-all';

describe('whenAll', () => {
  it('gives every value in argument order, as Promise.all does', async () => {
    const late = new Promise<string>((resolve) => setTimeout(() => resolve('late'), 5));
    await expect(whenAll([late, Promise.resolve(2)])).resolves.toEqual(['late', 2]);
  });

  it('rejects only after the slower promises have settled, with the first failure in argument order', async () => {
    let slowDone = false;
    const slow = new Promise<void>((resolve) =>
      setTimeout(() => {
        slowDone = true;
        resolve();
      }, 20),
    );
    const failing = Promise.reject(new Error('first'));
    const second = Promise.reject(new Error('second'));
    await expect(whenAll([slow, failing, second])).rejects.toThrow('first');
    expect(slowDone).toBe(true);
  });
});
