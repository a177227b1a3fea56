import { computed, ref } from 'vue';
import { describe, expect, it } from 'vitest';
import { stableList, stableMap } from '../../../src-renderer/lib/stable';

describe('stableList / stableMap', () => {
  it('keep the previous object while the content is the same', () => {
    const a = ['x', 'y'];
    expect(stableList(a, ['x', 'y'])).toBe(a);
    expect(stableList(a, ['y', 'x'])).toEqual(['y', 'x']);
    expect(stableList(a, ['x'])).toEqual(['x']);
    expect(stableList(undefined, ['x'])).toEqual(['x']);
    const m = new Map([['a', 'sim0']]);
    expect(stableMap(m, new Map([['a', 'sim0']]))).toBe(m);
    expect(stableMap(m, new Map([['a', 'sim9']])).get('a')).toBe('sim9');
    expect(stableMap(m, new Map([['b', 'sim0']])).get('b')).toBe('sim0');
    expect(stableMap(new Map([['a', undefined]]), new Map([['b', undefined]])).has('b')).toBe(true);
  });

  it('in a computed, a dependent does not run again when a recompute found the same content', () => {
    const src = ref(['a', 'b']);
    const list = computed<string[]>((prev) => stableList(prev, src.value.map((x) => x)));
    let runs = 0;
    const dependent = computed(() => {
      runs++;
      return list.value.join(',');
    });
    expect(dependent.value).toBe('a,b');
    src.value = ['a', 'b']; // a new array, same content: as every bench delta does
    expect(dependent.value).toBe('a,b');
    expect(runs).toBe(1);
    src.value = ['a', 'c'];
    expect(dependent.value).toBe('a,c');
    expect(runs).toBe(2);
  });
});
