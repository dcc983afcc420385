/**
 * Validates a config file made of sections: a mapping whose top-level keys are the registered sections,
 * each handed to its owner's validator (the daemon's in src/daemon, dbt's in src/dbt...), and the shared
 * `Validator` those use: unknown keys (with a suggestion), wrong types, bad durations, `${ENV}` references
 * to unset variables, secrets written as config text, unreadable `*_file` secrets. Knows no section
 * itself; reads no files (the caller passes `readTextFile`); parsing YAML and freezing are load-sections.ts's.
 */

import { isAbsolute, resolve } from 'node:path';
import type { ConfigErrorCode, ConfigIssue } from './errors.js';
import { quote } from './errors.js';
import { describeFsError } from './describe-fs-error.js';
import { interpolate } from './interpolate.js';
import { nearestKey } from './nearest-key.js';
import { parseDuration } from './parse-duration.js';
import { Secret } from './secret.js';

export interface ValidationContext {
  /** The config file as the user named it, for messages. */
  readonly file: string;
  /** Absolute path of the config file; relative paths in it resolve against its folder. */
  readonly absoluteFile: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** 1-based line of the key at `path`, when known. */
  readonly lineOf: (path: readonly string[]) => number | undefined;
  /** Reads a whole text file; throws the fs error on failure. */
  readonly readTextFile: (absolutePath: string) => string;
  /**
   * For commands that use only part of the file (route-test, check-config): an issue this returns true for
   * (an unset variable behind a secret they never use, say) goes to the result's `setAside` and does not
   * stop the load; the key reads as absent.
   */
  readonly setAside?: (issue: ConfigIssue) => boolean;
}

export interface ValidationResult<T> {
  /** Present only when `issues` is empty. Not frozen yet. */
  readonly config?: T;
  readonly issues: readonly ConfigIssue[];
  /** The issues `setAside` took (none without it). */
  readonly setAside?: readonly ConfigIssue[];
}

export type Mapping = Record<string, unknown>;

/** Validates one top-level section (its value is undefined when absent), reporting through `v`. */
export type SectionValidator<T> = (v: Validator, value: unknown) => T;

/** The sections a config file accepts, by top-level key, validated in this order. */
export type SectionValidators = Readonly<Record<string, SectionValidator<unknown>>>;

/** What each section's validator returned, by top-level key. */
export type SectionValues<S extends SectionValidators> = { readonly [K in keyof S]: ReturnType<S[K]> };

/** Checks the top is a mapping of known sections, then runs every section's validator, absent ones too. */
export function validateSections<S extends SectionValidators>(raw: unknown, sections: S, context: ValidationContext): ValidationResult<SectionValues<S>> {
  const v = new Validator(context);
  const root = raw ?? {};
  if (!isMapping(root)) {
    v.report('SM103', [], `expected a mapping at the top of the file, got ${quote(root)}`);
    return { issues: v.issues, setAside: v.setAside };
  }
  v.knownKeys(root, [], Object.keys(sections));
  const values = Object.fromEntries(Object.entries(sections).map(([key, validate]) => [key, validate(v, root[key])]));
  if (v.issues.length > 0) return { issues: v.issues, setAside: v.setAside };
  return { config: values as SectionValues<S>, issues: [], setAside: v.setAside };
}

/** The checks behind every section, shared with other config files (routing.yaml) that use the same rules. */
export class Validator {
  readonly issues: ConfigIssue[] = [];
  /** Issues the context's `setAside` took: kept apart, not failing the load. */
  readonly setAside: ConfigIssue[] = [];

  constructor(readonly context: ValidationContext) {}

  report(code: ConfigErrorCode, path: readonly string[], message: string): void {
    const line = this.context.lineOf(path);
    const issue: ConfigIssue = {
      code,
      message,
      file: this.context.file,
      ...(line !== undefined ? { line } : {}),
      ...(path.length > 0 ? { path: formatKeyPath(path) } : {}),
    };
    if (this.context.setAside?.(issue) === true) this.setAside.push(issue);
    else this.issues.push(issue);
  }

  absolute(path: string): string {
    return isAbsolute(path) ? path : resolve(this.context.absoluteFile, '..', path);
  }

  knownKeys(map: Mapping, path: readonly string[], allowed: readonly string[]): void {
    for (const key of Object.keys(map)) {
      if (allowed.includes(key)) continue;
      const suggestion = nearestKey(key, allowed);
      this.report('SM102', [...path, key], suggestion ? `unknown key, did you mean "${suggestion}"?` : 'unknown key');
    }
  }

  /** A mapping section; null or absent means empty. */
  section(value: unknown, path: readonly string[]): Mapping | undefined {
    if (value === undefined || value === null) return {};
    if (isMapping(value)) return value;
    this.report('SM103', path, `expected a mapping, got ${quote(value)}`);
    return undefined;
  }

  /** A string leaf after `${ENV}` interpolation; undefined when absent or invalid (reported). */
  string(map: Mapping, path: readonly string[]): string | undefined {
    const key = path[path.length - 1] as string;
    const value = map[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      this.report('SM103', path, `expected a string, got ${quote(value)}`);
      return undefined;
    }
    return this.interpolated(value, path);
  }

  interpolated(text: string, path: readonly string[]): string | undefined {
    const result = interpolate(text, this.context.env);
    for (const name of result.missing) this.report('SM105', path, `environment variable ${name} is not set`);
    return result.missing.length > 0 ? undefined : result.value;
  }

  /** A secret from `<key>: ${ENV}` or `<key>_file: path`; literal text is refused and never echoed. */
  secret(map: Mapping, path: readonly string[]): Secret | undefined {
    const key = path[path.length - 1] as string;
    const fileKey = `${key}_file`;
    const filePath = [...path.slice(0, -1), fileKey];
    const inline = map[key];
    const hasInline = inline !== undefined && inline !== null;
    const hasFile = map[fileKey] !== undefined && map[fileKey] !== null;
    if (hasInline && hasFile) {
      this.report('SM109', path, `set ${key} or ${fileKey}, not both`);
      return undefined;
    }
    if (hasInline) {
      if (typeof inline !== 'string') {
        this.report('SM103', path, `expected a string, got ${typeof inline === 'object' ? quote(inline) : `a ${typeof inline}`}`);
        return undefined;
      }
      const result = interpolate(inline, this.context.env);
      if (!result.referencedEnv || result.usedDefault) {
        this.report('SM106', path, `secrets come from the environment or files, never from config text: use ${key}: \${ENV_VAR} or ${fileKey}`);
        return undefined;
      }
      for (const name of result.missing) this.report('SM105', path, `environment variable ${name} is not set`);
      if (result.missing.length > 0) return undefined;
      if (result.value === '') {
        this.report('SM108', path, 'is empty');
        return undefined;
      }
      return new Secret(result.value);
    }
    if (hasFile) {
      const file = this.string(map, filePath);
      if (file === undefined) return undefined;
      const absolute = this.absolute(file);
      let text: string;
      try {
        text = this.context.readTextFile(absolute);
      } catch (error) {
        this.report('SM107', filePath, `cannot read ${quote(absolute)}: ${describeFsError(error)}`);
        return undefined;
      }
      const value = text.replace(/(\r?\n)+$/, '');
      if (value === '') {
        this.report('SM107', filePath, `${quote(absolute)} is empty`);
        return undefined;
      }
      return new Secret(value);
    }
    return undefined;
  }

  /** A duration such as `30s`; zero only when `allowZero` (e.g. "no wait"). */
  duration(map: Mapping, path: readonly string[], allowZero = false): number | undefined {
    const key = path[path.length - 1] as string;
    const value = map[key];
    if (value === undefined || value === null) return undefined;
    const text = typeof value === 'string' ? this.interpolated(value, path) : undefined;
    if (typeof value === 'string' && text === undefined) return undefined;
    const ms = text === undefined ? undefined : parseDuration(text);
    if (ms === undefined || ms < 0 || (ms === 0 && !allowZero)) {
      this.report('SM104', path, `invalid duration ${quote(text ?? value)}`);
      return undefined;
    }
    return ms;
  }

  /** A number; a string is accepted only when it came from `${ENV}`. */
  number(map: Mapping, path: readonly string[]): number | undefined {
    const key = path[path.length - 1] as string;
    const value = map[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && value.includes('${')) {
      const text = this.interpolated(value, path);
      if (text === undefined) return undefined;
      if (text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
      this.report('SM103', path, `expected a number, got ${quote(text)}`);
      return undefined;
    }
    this.report('SM103', path, `expected a number, got ${quote(value)}`);
    return undefined;
  }

  boolean(map: Mapping, path: readonly string[]): boolean | undefined {
    const key = path[path.length - 1] as string;
    const value = map[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    if (typeof value === 'string' && value.includes('${')) {
      const text = this.interpolated(value, path)?.toLowerCase();
      if (text === 'true' || text === 'false') return text === 'true';
      if (text !== undefined) this.report('SM103', path, `expected true or false, got ${quote(text)}`);
      return undefined;
    }
    this.report('SM103', path, `expected true or false, got ${quote(value)}`);
    return undefined;
  }

  url(map: Mapping, path: readonly string[]): string | undefined {
    const text = this.string(map, path);
    if (text === undefined) return undefined;
    let parsed: URL | undefined;
    try {
      parsed = new URL(text);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      this.report('SM108', path, `invalid url ${quote(text)} (expected https://host or http://host:port)`);
      return undefined;
    }
    return text.replace(/\/+$/, '');
  }
}

/** `accounts[1].name` from `['accounts', '1', 'name']`: list items by index in brackets. */
export function formatKeyPath(path: readonly string[]): string {
  return path.reduce((out, part) => (/^\d+$/.test(part) ? `${out}[${part}]` : out === '' ? part : `${out}.${part}`), '');
}

export function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
