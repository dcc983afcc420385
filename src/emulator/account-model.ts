/**
 * The emulated account's live state: warehouses, resource monitors and the users who may log in.
 * SHOW commands read it, the billing model changes it; the ACCOUNT_USAGE history lives in DuckDB.
 * Types only.
 */

import type { RolePrivileges } from './role-privileges.js';

/** Snowflake's warehouse sizes as SHOW WAREHOUSES and QUERY_HISTORY spell them. */
export type WarehouseSize = 'X-Small' | 'Small' | 'Medium' | 'Large' | 'X-Large' | '2X-Large' | '3X-Large' | '4X-Large' | '5X-Large' | '6X-Large';

export interface WarehouseState {
  name: string;
  /** Numeric id, as WAREHOUSE_METERING_HISTORY.WAREHOUSE_ID has it. */
  id: number;
  size: WarehouseSize;
  type: 'STANDARD' | 'SNOWPARK-OPTIMIZED';
  minClusterCount: number;
  maxClusterCount: number;
  /** Seconds of inactivity before suspend; null or 0 = never. */
  autoSuspend: number | null;
  autoResume: boolean;
  state: 'STARTED' | 'SUSPENDED' | 'RESIZING';
  /** Monitor assigned at warehouse level, or null. */
  resourceMonitor: string | null;
  /** Set when a resource monitor suspended it; it refuses to resume until the cycle resets. */
  suspendedByMonitor: string | null;
  createdOn: Date;
  resumedOn: Date | null;
  updatedOn: Date;
  owner: string;
  comment: string;
  scalingPolicy: 'STANDARD' | 'ECONOMY';
  /** Statements running / queued now, for SHOW WAREHOUSES. */
  running: number;
  queued: number;
}

export interface ResourceMonitorState {
  name: string;
  /** Credits per cycle; null = no quota. */
  creditQuota: number | null;
  /** Credits used in the current cycle. */
  usedCredits: number;
  /** ACCOUNT, WAREHOUSE, or null when assigned to nothing. */
  level: 'ACCOUNT' | 'WAREHOUSE' | null;
  /** null = the default schedule (calendar month; SHOW prints it as MONTHLY with start_time = created_on). */
  frequency: 'MONTHLY' | 'DAILY' | 'WEEKLY' | 'YEARLY' | 'NEVER' | null;
  startTime: Date;
  endTime: Date | null;
  /** NOTIFY trigger percentages (up to five). */
  notifyAt: number[];
  /** SUSPEND trigger percentage, or null. */
  suspendAt: number | null;
  /** SUSPEND_IMMEDIATE trigger percentage, or null. */
  suspendImmediatelyAt: number | null;
  createdOn: Date;
  owner: string;
  comment: string;
  notifyUsers: string[];
}

/** A user the emulator accepts logins from (password and/or an RSA public key in PEM). */
export interface LoginUser {
  name: string;
  password?: string;
  rsaPublicKeyPem?: string;
  defaultRole: string;
  defaultWarehouse: string | null;
}

export interface EmulatedAccount {
  /** Account locator, e.g. `EMU12345`. */
  readonly name: string;
  readonly warehouses: Map<string, WarehouseState>;
  readonly monitors: Map<string, ResourceMonitorState>;
  readonly loginUsers: Map<string, LoginUser>;
  /**
   * Roles by upper-case name and what each may see (SHOW lists, ACCOUNT_USAGE views); the session's role
   * decides. Absent: every role sees everything (small hand-built test accounts).
   */
  readonly roles?: ReadonlyMap<string, RolePrivileges>;
}
