/**
 * The app's "Benches" list (issue 17): remote hosts added in the app, kept in
 * the data directory and connected again at the next start, beside the ones
 * given on the command line (`serve --remote`, not kept). What the renderer
 * gets of a host is its BenchHostView: the token masked, never the token.
 */
import type { BenchHostView } from '../../../src-preload/contract';
import { InvalidInputError } from '../errors';
import type { Logger } from '../log';
import { RemoteHostStore } from './host-store';
import { parseRemote } from './remote-url';
import type { RemoteHostInput, RemoteModemSource } from './remote-source';
// The token is kept in its own field: the URL in the file carries none.
import { urlWithoutToken } from './remote-views';

export class RemoteBenches {
  readonly source: RemoteModemSource;
  readonly store: RemoteHostStore;
  readonly #logger: Logger | undefined;

  /** `file`: the JSON file of the hosts added in the app; null keeps them in memory (tests). */
  constructor(source: RemoteModemSource, file: string | null, logger?: Logger) {
    this.source = source;
    this.store = new RemoteHostStore(file);
    this.#logger = logger;
    if (this.store.loadProblem) logger?.warn(this.store.loadProblem);
  }

  /** Connects the hosts kept from earlier runs; one that cannot be used is logged and skipped. */
  start(): void {
    for (const h of this.store.list()) {
      try {
        this.source.addHost(h, true);
      } catch (err) {
        this.#logger?.warn({ host: nameOf(h.url) }, `a kept remote bench was skipped: ${(err as Error).message}`);
      }
    }
  }

  /** Hosts from the command line: connected for this run only; one already here (kept, or given twice) is not added again. */
  addTransient(hosts: RemoteHostInput[]): void {
    for (const h of hosts) {
      const name = parseRemote(h.url).name;
      if (this.source.hostInput(name)) this.#logger?.info({ host: name }, 'remote bench given again: already here');
      else this.source.addHost(h, false);
    }
  }

  list(): { hosts: BenchHostView[] } {
    return { hosts: this.source.hosts() };
  }

  add(input: { url: string; token?: string; ca?: string }): BenchHostView {
    const token = input.token === undefined || input.token === '' ? null : input.token;
    const view = this.source.addHost({ url: input.url, token, ca: input.ca ?? null }, true);
    const kept = this.source.hostInput(view.name)!;
    this.store.put({ url: urlWithoutToken(kept.url), token: kept.token, ca: kept.ca }, (h) => nameOf(h.url));
    return view;
  }

  async remove(name: string): Promise<{ removed: boolean }> {
    const forgotten = this.store.remove((h) => nameOf(h.url) === name);
    const removed = await this.source.removeHost(name);
    if (!removed && !forgotten) throw new InvalidInputError(`no remote bench ${name}`, { field: 'name' });
    return { removed: true };
  }
}

function nameOf(url: string): string {
  try {
    return parseRemote(url).name;
  } catch {
    return url;
  }
}

