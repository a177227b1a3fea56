/** One shared clock for relative times and elapsed counters, so rows do not each own a timer. */
import { onScopeDispose, ref, type Ref } from 'vue';

const clocks = new Map<number, { now: Ref<number>; users: number; timer: ReturnType<typeof setInterval> | null }>();

export function useNow(intervalMs = 1000): Ref<number> {
  let c = clocks.get(intervalMs);
  if (!c) clocks.set(intervalMs, (c = { now: ref(Date.now()), users: 0, timer: null }));
  const clock = c;
  clock.users++;
  if (!clock.timer) clock.timer = setInterval(() => (clock.now.value = Date.now()), intervalMs);
  onScopeDispose(() => {
    clock.users--;
    if (clock.users === 0 && clock.timer) {
      clearInterval(clock.timer);
      clock.timer = null;
    }
  });
  return clock.now;
}
