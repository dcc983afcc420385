/**
 * A Kysely plugin that counts the statements sent through it: how many database round trips a step
 * costs (the alert-storm bench prints it, tests assert it). It changes no query and no result.
 */

import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

export class CountQueries implements KyselyPlugin {
  #count = 0;

  /** Statements seen since construction. */
  get count(): number {
    return this.#count;
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.#count++;
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
