/** Which of the bench's modems a run targets (`modems:` in a batch file). */
import { compileSafeRegex, escapeRegex } from '../../../src-preload/contract/safe-regex';
import type { Selection } from './plan';
import type { RunTarget } from './results';

/** `/regex/flags` in a selector: the regex and its flags, or null for a glob. */
export function slashedRegex(pattern: string): { source: string; flags: string } | null {
  const re = /^\/(.*)\/([imsu]*)$/s.exec(pattern);
  return re ? { source: re[1]!, flags: re[2]! } : null;
}

/**
 * A glob (`EC25*`, `?`), a `/regex/flags`, or an exact value (case-insensitive). Regexes run
 * on RE2 semantics (linear time); a pattern RE2 refuses throws SafeRegexError, which the
 * batch checker reports at load time.
 */
export function patternMatcher(pattern: string): (value: string | null | undefined) => boolean {
  const re = slashedRegex(pattern);
  const rx = re
    ? compileSafeRegex(re.source, re.flags)
    : compileSafeRegex(`^${pattern.split('*').map((p) => p.split('?').map(escapeRegex).join('.')).join('.*')}$`, 'i');
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
