/**
 * `${VAR}` and `${VAR:-default}` substitution in one config string, from an environment map. `$${` is a
 * literal `${`. Reports missing variables rather than throwing, so every one can be listed. Knows nothing
 * about YAML or which keys are secrets.
 */

export interface Interpolated {
  readonly value: string;
  /** Variables referenced without a default and not set. */
  readonly missing: readonly string[];
  /** True when any `${VAR:-default}` fell back to its default text. */
  readonly usedDefault: boolean;
  /** True when the text referenced at least one variable. */
  readonly referencedEnv: boolean;
}

const PATTERN = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export function interpolate(text: string, env: Readonly<Record<string, string | undefined>>): Interpolated {
  const missing: string[] = [];
  let usedDefault = false;
  let referencedEnv = false;
  const value = text.replace(PATTERN, (match, name: string | undefined, fallback: string | undefined) => {
    if (match === '$${') return '${';
    referencedEnv = true;
    const found = env[name as string];
    if (fallback !== undefined) {
      if (found === undefined || found === '') {
        usedDefault = true;
        return fallback;
      }
      return found;
    }
    if (found === undefined) {
      missing.push(name as string);
      return '';
    }
    return found;
  });
  return { value, missing, usedDefault, referencedEnv };
}
