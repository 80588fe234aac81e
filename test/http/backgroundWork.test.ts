import { BackgroundWork } from '../../src/http/BackgroundWork';

describe('work in flight', () => {
  it('waits for running tasks, and reports failures without rejecting', async () => {
    const work = new BackgroundWork();
    const errors: unknown[] = [];
    let finished = false;
    void work.run(
      async () => {
        await new Promise((r) => setTimeout(r, 50));
        finished = true;
      },
      (e) => errors.push(e),
    );
    void work.run(
      () => Promise.reject(new Error('turn failed')),
      (e) => errors.push(e),
    );
    expect(work.size).toBe(2);
    expect(await work.drain(5000)).toBe(true);
    expect(finished).toBe(true);
    expect(errors).toHaveLength(1);
    expect(work.size).toBe(0);
  });

  it('gives up at the timeout and says so', async () => {
    const work = new BackgroundWork();
    void work.run(
      () => new Promise(() => undefined),
      () => undefined,
    );
    expect(await work.drain(50)).toBe(false);
    expect(work.size).toBe(1);
  });

  it('starts a task at once, so it sees events fired in the same tick', async () => {
    const work = new BackgroundWork();
    const { EventEmitter } = await import('node:events');
    const emitter = new EventEmitter();
    void work.run(
      () => new Promise<void>((resolve) => emitter.once('done', resolve)),
      () => undefined,
    );
    emitter.emit('done');
    expect(await work.drain(1000)).toBe(true);
  });
});
