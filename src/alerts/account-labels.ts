/**
 * Fleet mode's identity on an alert: the `account` label (the account's name in `accounts:`) and the
 * account's own `labels:`, added once where check outcomes become alerts. A label the check set itself
 * always wins, so an account's labels never change what a check means. Pure; no I/O.
 */

import type { Labels } from './alert.js';

/** The account an alert belongs to, as the alert-making step needs it. */
export interface AccountIdentity {
  /** The `account` label value. */
  readonly name: string;
  /** Added to every alert of the account, under the check's own labels. */
  readonly labels: Labels;
}

/**
 * `labels` with the account's labels under them and `account=<name>` unless the check set one. Labels that
 * name an `organization` (the organization view over several accounts) are the whole identity the check
 * gave: an organization-wide alert is no one account's, a billing gap carries its own account's already.
 */
export function withAccountLabels(labels: Labels, account: AccountIdentity | undefined): Labels {
  if (account === undefined || labels['organization'] !== undefined) return labels;
  return { ...account.labels, account: account.name, ...labels };
}
