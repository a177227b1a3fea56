import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FrameThrottle, type FrameSource, watchVisibility } from '../../../src-renderer/lib/frame-throttle';

/** Frames every 16 ms on the (fake) clock, counted. */
function frames(): FrameSource & { requested: number } {
  const f = {
    requested: 0,
    request(cb: () => void) {
      f.requested++;
      return setTimeout(cb, 16) as unknown as number;
    },
    cancel(id: number) {
      clearTimeout(id as unknown as ReturnType<typeof setTimeout>);
    },
  };
  return f;
}

describe('FrameThrottle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('draws at most once per interval however often it is asked, on a frame', async () => {
    const draw = vi.fn();
    const t = new FrameThrottle(500, draw, frames());
    for (let i = 0; i < 100; i++) {
      t.schedule();
      await vi.advanceTimersByTimeAsync(20); // 2 s of updates every 20 ms
    }
    // Once at the start, then once per 500 ms (+ a frame) over 2 s.
    expect(draw.mock.calls.length).toBeGreaterThanOrEqual(3);
    expect(draw.mock.calls.length).toBeLessThanOrEqual(5);
  });

  it('waits out the interval after a draw made outside it, unless asked for soon()', async () => {
    const draw = vi.fn();
    const t = new FrameThrottle(500, draw, frames());
    t.drawn();
    t.schedule();
    await vi.advanceTimersByTimeAsync(400);
    expect(draw).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(200);
    expect(draw).toHaveBeenCalledTimes(1);
    t.schedule(); // just drawn: waits again...
    t.soon(); // ...but the engineer changed something: next frame
    await vi.advanceTimersByTimeAsync(20);
    expect(draw).toHaveBeenCalledTimes(2);
  });

  it('cancel() leaves nothing pending', async () => {
    const draw = vi.fn();
    const t = new FrameThrottle(500, draw, frames());
    t.drawn();
    t.schedule();
    t.cancel();
    expect(vi.getTimerCount()).toBe(0);
    t.soon();
    t.cancel();
    await vi.advanceTimersByTimeAsync(1000);
    expect(draw).not.toHaveBeenCalled();
  });
});

describe('FrameThrottle while out of view (issue 16)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('draws nothing while hidden, then once on the first frame after it shows again', async () => {
    const draw = vi.fn();
    const t = new FrameThrottle(500, draw, frames());
    t.setVisible(false);
    for (let i = 0; i < 50; i++) {
      t.schedule();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(draw).not.toHaveBeenCalled();
    t.setVisible(true);
    await vi.advanceTimersByTimeAsync(16);
    expect(draw).toHaveBeenCalledTimes(1);
    // Nothing more was owed.
    await vi.advanceTimersByTimeAsync(2000);
    expect(draw).toHaveBeenCalledTimes(1);
  });

  it('cancels a draw already waiting when hidden, and owes it', async () => {
    const draw = vi.fn();
    const t = new FrameThrottle(500, draw, frames());
    t.drawn();
    t.schedule(); // waits out the interval
    t.setVisible(false);
    await vi.advanceTimersByTimeAsync(2000);
    expect(draw).not.toHaveBeenCalled();
    t.setVisible(true);
    await vi.advanceTimersByTimeAsync(16);
    expect(draw).toHaveBeenCalledTimes(1);
  });

  it('owes nothing when nothing was asked while hidden; soon() while hidden is owed too', async () => {
    const draw = vi.fn();
    const t = new FrameThrottle(500, draw, frames());
    t.setVisible(false);
    t.setVisible(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(draw).not.toHaveBeenCalled();
    t.setVisible(false);
    t.soon();
    await vi.advanceTimersByTimeAsync(1000);
    expect(draw).not.toHaveBeenCalled();
    t.setVisible(true);
    await vi.advanceTimersByTimeAsync(16);
    expect(draw).toHaveBeenCalledTimes(1);
  });

  it('watchVisibility follows the observer and shows the throttle again when stopped', () => {
    let report: ((v: boolean) => void) | null = null;
    let disconnected = false;
    const t = new FrameThrottle(500, vi.fn(), frames());
    const stop = watchVisibility({}, t, (_el, cb) => {
      report = cb;
      return () => (disconnected = true);
    });
    report!(false);
    expect(t.visible).toBe(false);
    report!(true);
    expect(t.visible).toBe(true);
    report!(false);
    stop();
    expect(disconnected).toBe(true);
    expect(t.visible).toBe(true);
  });
});
