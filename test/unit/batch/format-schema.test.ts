import { describe, expect, it } from 'vitest';
import { BATCH_SCHEMA, isBatchFileError, parseBatch, type BatchFileProblem } from '../../../src-main/core/batch';

async function problems(text: string): Promise<BatchFileProblem[]> {
  try {
    await parseBatch(text, 'x.yaml');
  } catch (err) {
    if (isBatchFileError(err)) return err.problems;
    throw err;
  }
  throw new Error('the file was accepted');
}

const brief = (ps: BatchFileProblem[]) => ps.map((p) => `${p.line}:${p.column} ${p.message}`);

describe('batch schema messages (the schema says them: errorMessage, ajv-errors)', () => {
  it('the published schema carries the messages, so editors reading it say the same', () => {
    expect(BATCH_SCHEMA.definitions.step.errorMessage.anyOf).toBe('a step needs one of send, wait, repeat, poll, include, qmi');
  });

  it('a step without a kind, at the step, with what a step is', async () => {
    expect(await problems('steps:\n  - name: just a name\n')).toEqual([
      expect.objectContaining({ line: 2, column: 5, path: '/steps/0', message: 'a step needs one of send, wait, repeat, poll, include, qmi', expected: 'a step with one of send, wait, repeat, poll, include, qmi' }),
    ]);
  });

  it('empty maps and two expectations in one say so instead of ajv\'s wording', async () => {
    expect(brief(await problems('modems: {}\nsteps:\n  - send: AT\n'))).toEqual(['1:9 the selection is empty: give imei, label, model, firmware or tag']);
    expect(brief(await problems('steps:\n  - send: AT\n    capture: {}\n'))).toEqual(['3:14 the map is empty: give variable: field']);
    expect(brief(await problems('steps:\n  - send: AT\n    expect: [ok, {}]\n'))).toEqual(['3:18 the map is empty: give match or not_match']);
  });

  it('a capture variable that is not a name: one problem, at the key', async () => {
    expect(brief(await problems('steps:\n  - send: AT\n    capture: { ok_1: imei, "1x": imei }\n'))).toEqual(['3:28 a variable name is a letter or _, then letters, digits or _']);
  });
});

describe('a value of an allowed type is not also called not allowed (anyOf branches matched through $ref)', () => {
  it('only what is wrong inside the value is reported', async () => {
    expect(brief(await problems('modems: { imei: [] }\nsteps:\n  - send: AT\n'))).toEqual(['1:17 the list is empty']);
    expect(brief(await problems('steps:\n  - send: AT\n    expect: {match: 1}\n'))).toEqual(['3:21 1 is not allowed here']);
    expect(brief(await problems('steps:\n  - send: AT\n    expect: [ok, 3]\n'))).toEqual(['3:18 3 is not allowed here']);
    expect(brief(await problems('steps:\n  - send: AT\n    expect: {match: a, not_match: b}\n'))).toEqual(['3:13 give match or not_match, not both']);
    expect(brief(await problems('steps:\n  - send: AT\n    capture: { x: {foo: 1} }\n'))).toEqual(["3:19 missing 'match'", "3:20 unknown key 'foo'"]);
  });

  it('a value no branch takes says everything the place accepts', async () => {
    expect(await problems('steps:\n  - send: AT\n    expect: 5\n')).toEqual([
      expect.objectContaining({ line: 3, column: 13, message: '5 is not allowed here', expected: 'ok, error, any, a condition (rsrp > -110), {match: REGEX} / {not_match: REGEX}, or a list of them' }),
    ]);
    expect(brief(await problems('steps:\n  - send: AT\n    expect: []\n'))).toEqual(['3:13 the list is empty']);
  });
});

describe('batch problem positions (yaml getIn)', () => {
  it('an unknown key points at the key, in block and flow maps, a numeric key too', async () => {
    expect(brief(await problems('steps:\n  - send: AT\n    expect: { "1": x }\n'))).toContain("3:15 unknown key '1'");
    expect(brief(await problems('settings:\n  parallel: 2\n  colour: red\nsteps:\n  - send: AT\n'))).toEqual(["3:3 unknown key 'colour'"]);
  });

  it('a value deep in a list points at that value; a quoted scalar at its opening quote', async () => {
    expect(brief(await problems('steps:\n  - repeat: 2\n    steps:\n      - send: AT\n      - send: "hello"\n'))).toEqual(["5:15 'hello' is not valid here"]);
  });

  it('a missing key is reported at the map that lacks it', async () => {
    expect(brief(await problems('steps:\n  - poll:\n      send: AT\n'))).toEqual(["3:7 missing 'until'"]);
  });
});
