/**
 * vitest globalSetup: names this run, so that compileForChild emits the tree once per run however many test
 * files (in however many workers) ask for a child entry point. It builds nothing itself: a run of unit tests
 * alone never pays for the build.
 */

import { randomUUID } from 'node:crypto';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    childBuildRun: string;
  }
}

export default function setup(project: TestProject): void {
  project.provide('childBuildRun', randomUUID());
}
