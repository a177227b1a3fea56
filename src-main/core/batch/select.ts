/** Which of the bench's modems a run targets (`modems:` in a batch file). */
import type { Selection } from './plan';
import type { RunTarget } from './results';

/** A glob (`EC25*`, `?`), a `/regex/flags`, or an exact value (case-insensitive). */
export function patternMatcher(pattern: string): (value: string | null | undefined) => boolean {
  const re = /^\/(.*)\/([imsu]*)$/.exec(pattern);
  const rx = re
    ? new RegExp(re[1]!, re[2])
    : new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return (v) => typeof v === 'string' && rx.test(v);
}

export function selectTargets<T extends RunTarget>(sel: Selection, targets: readonly T[]): T[] {
  if (sel.all) return [...targets];
  const any = (patterns: string[], values: (string | null | undefined)[]): boolean =>
    patterns.length === 0 || patterns.some((p) => {
      const m = patternMatcher(p);
      return values.some((v) => m(v));
    });
  return targets.filter(
    (t) =>
      any(sel.imei, [t.identity.imei]) &&
      any(sel.label, [t.label]) &&
      any(sel.model, [t.identity.model]) &&
      any(sel.firmware, [t.identity.firmware, t.identity.revision]) &&
      any(sel.tag, t.tags ?? []),
  );
}
