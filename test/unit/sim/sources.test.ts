/** Every non-SMS command the simulator answers names its source (manual section, 27.007 clause or capture). */
import { describe, expect, it } from 'vitest';
import { callCommands } from '../../../src-main/core/sim/commands/call';
import { generalCommands } from '../../../src-main/core/sim/commands/general';
import { listCommands } from '../../../src-main/core/sim/commands/index';
import { networkCommands } from '../../../src-main/core/sim/commands/network';
import { packetCommands } from '../../../src-main/core/sim/commands/packet';
import { phonebookCommands } from '../../../src-main/core/sim/commands/phonebook';
import { simCommands } from '../../../src-main/core/sim/commands/sim';
import { COMMAND_SOURCES } from '../../../src-main/core/sim/commands/sources';
import { statusCommands } from '../../../src-main/core/sim/commands/status';
import { systemCommands } from '../../../src-main/core/sim/commands/system';

describe('command sources', () => {
  it('lists a source for every non-SMS command and no command that is not simulated', () => {
    const tables = [generalCommands, callCommands, simCommands, networkCommands, systemCommands, packetCommands, statusCommands, phonebookCommands, listCommands];
    const names = tables.flatMap((t) => Object.keys(t)).sort();
    expect(names.filter((n) => !COMMAND_SOURCES[n])).toEqual([]);
    expect(Object.keys(COMMAND_SOURCES).filter((n) => !names.includes(n))).toEqual([]);
  });
});
