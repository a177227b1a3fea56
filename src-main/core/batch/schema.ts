/**
 * The published JSON Schema of batch files (draft-07). examples/batch.schema.json
 * is this object written out (a test keeps them equal), so editors with a YAML
 * language server can complete and check batch files. Semantics a schema cannot
 * say (one step kind per step, conditions, variables, includes, dangerous
 * commands) are checked by format.ts. Each `title` is what an error says was expected;
 * an `errorMessage` (ajv-errors; VS Code's JSON/YAML services show it too) is what an
 * error says instead of the message built per keyword.
 */
export const BATCH_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://modem-bench.local/batch.schema.json',
  title: 'a Modem Bench batch file',
  description: 'A batch run: which modems, how, and the steps each one runs in order.',
  type: 'object',
  additionalProperties: false,
  required: ['steps'],
  properties: {
    version: { title: 'version 1', const: 1 },
    name: { title: 'a run name (text)', type: 'string', minLength: 1 },
    description: { title: 'a description (text)', type: 'string' },
    modems: { $ref: '#/definitions/selection' },
    settings: { $ref: '#/definitions/settings' },
    steps: { $ref: '#/definitions/steps' },
  },
  definitions: {
    duration: {
      title: 'a duration: milliseconds, or a number with ms, s, m or h (500ms, 2s, 1.5m)',
      anyOf: [
        { type: 'integer', minimum: 0 },
        { type: 'string', pattern: '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|min|h)\\s*$' },
      ],
    },
    onFailure: { title: 'continue, stop-modem or stop-run', type: 'string', enum: ['continue', 'stop-modem', 'stop-run'] },
    patterns: {
      title: 'a glob (EC25*), a /regex/, or a list of them',
      anyOf: [
        { type: 'string', minLength: 1 },
        { type: 'integer', minimum: 0 },
        { type: 'array', minItems: 1, items: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'integer', minimum: 0 }] } },
      ],
    },
    selection: {
      title: "'all' or a selection by imei, label, model, firmware, tag",
      anyOf: [
        { type: 'string', const: 'all' },
        {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          errorMessage: { minProperties: 'the selection is empty: give imei, label, model, firmware or tag' },
          properties: {
            imei: { $ref: '#/definitions/patterns' },
            label: { $ref: '#/definitions/patterns' },
            model: { $ref: '#/definitions/patterns' },
            firmware: { $ref: '#/definitions/patterns' },
            tag: { $ref: '#/definitions/patterns' },
          },
        },
      ],
    },
    settings: {
      title: 'settings: parallel, timeout, retries, retry_delay, on_failure, unavailable_retries, unavailable_delay',
      type: 'object',
      additionalProperties: false,
      properties: {
        parallel: { title: 'a whole number from 1 to 1024', type: 'integer', minimum: 1, maximum: 1024 },
        timeout: { $ref: '#/definitions/duration' },
        retries: { title: 'a whole number from 0 to 100', type: 'integer', minimum: 0, maximum: 100 },
        retry_delay: { $ref: '#/definitions/duration' },
        on_failure: { $ref: '#/definitions/onFailure' },
        unavailable_retries: { title: 'a whole number from 0 to 1000', type: 'integer', minimum: 0, maximum: 1000 },
        unavailable_delay: { $ref: '#/definitions/duration' },
      },
    },
    steps: { title: 'a list of steps', type: 'array', minItems: 1, items: { $ref: '#/definitions/step' } },
    expectItem: {
      title: "ok, error, any, a condition (rsrp > -110), or {match: REGEX} / {not_match: REGEX}",
      anyOf: [
        { type: 'string', minLength: 1 },
        {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          maxProperties: 1,
          errorMessage: { minProperties: 'the map is empty: give match or not_match', maxProperties: 'give match or not_match, not both' },
          properties: { match: { type: 'string', minLength: 1 }, not_match: { type: 'string', minLength: 1 } },
        },
      ],
    },
    expect: {
      title: 'ok, error, any, a condition (rsrp > -110), {match: REGEX} / {not_match: REGEX}, or a list of them',
      anyOf: [{ $ref: '#/definitions/expectItem' }, { type: 'array', minItems: 1, items: { $ref: '#/definitions/expectItem' } }],
    },
    capture: {
      title: 'a field name, or a map of variable -> field name or {match: REGEX}',
      anyOf: [
        { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_.]*$' },
        {
          type: 'object',
          minProperties: 1,
          propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
          errorMessage: { minProperties: 'the map is empty: give variable: field', propertyNames: 'a variable name is a letter or _, then letters, digits or _' },
          additionalProperties: {
            anyOf: [
              { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_.]*$' },
              { type: 'object', additionalProperties: false, required: ['match'], properties: { match: { type: 'string', minLength: 1 } } },
            ],
          },
        },
      ],
    },
    command: { title: 'an AT command (starts with AT, one line)', type: 'string', pattern: '^\\s*[Aa][Tt][^\\r\\n]*$' },
    poll: {
      title: 'a poll: send, until, every, timeout',
      type: 'object',
      additionalProperties: false,
      required: ['send', 'until'],
      properties: {
        send: { $ref: '#/definitions/command' },
        until: { $ref: '#/definitions/expect' },
        every: { $ref: '#/definitions/duration' },
        timeout: { $ref: '#/definitions/duration' },
      },
    },
    step: {
      title: 'a step with one of send, wait, repeat, poll, include, qmi',
      type: 'object',
      additionalProperties: false,
      anyOf: [{ required: ['send'] }, { required: ['wait'] }, { required: ['repeat'] }, { required: ['poll'] }, { required: ['include'] }, { required: ['qmi'] }],
      errorMessage: { anyOf: 'a step needs one of send, wait, repeat, poll, include, qmi' },
      properties: {
        name: { title: 'a step name (text)', type: 'string', minLength: 1 },
        send: { $ref: '#/definitions/command' },
        expect: { $ref: '#/definitions/expect' },
        capture: { $ref: '#/definitions/capture' },
        wait: { $ref: '#/definitions/duration' },
        repeat: { title: 'a repeat count from 1 to 100000', type: 'integer', minimum: 1, maximum: 100000 },
        steps: { $ref: '#/definitions/steps' },
        poll: { $ref: '#/definitions/poll' },
        include: { title: 'a relative path to another batch file', type: 'string', minLength: 1 },
        qmi: { title: "a QMI request named like qmicli's options (nas-get-signal-info, dms-get-ids)", type: 'string', pattern: '^\\s*[A-Za-z][A-Za-z0-9-]*(=[^\\r\\n]*)?\\s*$' },
        timeout: { $ref: '#/definitions/duration' },
        retries: { title: 'a whole number from 0 to 100', type: 'integer', minimum: 0, maximum: 100 },
        on_failure: { $ref: '#/definitions/onFailure' },
        allow_dangerous: { title: 'true or false', type: 'boolean' },
      },
    },
  },
} as const;
