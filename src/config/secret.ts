/**
 * A secret value (password, key passphrase) that refuses to print itself: `String()`, `JSON.stringify`,
 * template literals and `util.inspect` all give "[redacted]". Only `reveal()` returns the value, so
 * every place that uses a secret is greppable. Not an encryption or storage mechanism.
 */

const REDACTED = '[redacted]';

export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
    Object.freeze(this);
  }

  /** The secret itself; call only where the value is handed to the driver or a crypto API. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED;
  }
}
