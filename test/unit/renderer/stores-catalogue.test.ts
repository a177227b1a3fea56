/** The AT catalogue store: completion (exact first, nothing once parameters are typed) and the entry a whole line belongs to. */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CatalogueEntryView } from '../../../src-preload/contract';
import { useCatalogueStore } from '../../../src-renderer/stores/catalogue';
import { fakeApi } from '../../helpers/renderer-api';

const entry = (name: string): CatalogueEntryView => ({ name, summary: `${name} summary`, maxResponseMs: 300, template: name, dangerous: false });
const NAMES = ['ATI', 'ATI1', 'AT+COPS', 'AT+CSQ', 'AT+CPIN', 'AT+COPS=?', 'ATE', 'ATS3'];

describe('catalogue store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
    fakeApi({ 'catalogue.list': () => ({ entries: NAMES.map(entry) }) });
  });
  afterEach(() => {
    useCatalogueStore().stop();
    vi.useRealTimers();
  });

  it('suggests names that extend what was typed, the exact one first, at most max', async () => {
    const c = useCatalogueStore();
    await c.start();
    expect(c.suggest('at+c').map((e) => e.name)).toEqual(['AT+COPS', 'AT+COPS=?', 'AT+CPIN', 'AT+CSQ']);
    expect(c.suggest('ATI').map((e) => e.name)).toEqual(['ATI', 'ATI1']);
    expect(c.suggest('at+c', 2)).toHaveLength(2);
    expect(c.suggest('A')).toEqual([]);
    expect(c.suggest('+CSQ')).toEqual([]);
  });

  it('finds the most specific entry of a whole line, at a parameter boundary only', async () => {
    const c = useCatalogueStore();
    await c.start();
    expect(c.entryFor('AT+COPS=?')?.name).toBe('AT+COPS=?');
    expect(c.entryFor('at+cops=1,0,"x"')?.name).toBe('AT+COPS');
    expect(c.entryFor('AT+COPS?')?.name).toBe('AT+COPS');
    expect(c.entryFor('ATI1')?.name).toBe('ATI1');
    expect(c.entryFor('ATS3=13')?.name).toBe('ATS3');
    // ATE is not the entry of ATEX.
    expect(c.entryFor('ATEX')).toBeNull();
  });
});
