import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Labels } from '../../../src/alerts/alert.js';
import { AggregationGroupStore } from '../../../src/ledger/aggregation-group-store.js';
import { SilenceStore } from '../../../src/ledger/silence-store.js';
import { DIALECTS, type TestStore } from './dialects.js';

const T0 = new Date('2026-11-22T10:00:00.000Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

/** Equality matchers only (`name="value"`), enough to drive the store; the router owns the grammar. */
const matches = (matchers: readonly string[], labels: Labels): boolean =>
  matchers.every((m) => {
    const [, name, value] = /^(\w+)="(.*)"$/.exec(m) ?? [];
    return name !== undefined && labels[name] === value;
  });

for (const dialect of DIALECTS) {
  describe(`silence store (${dialect.name})`, () => {
    if (dialect.skip !== undefined) {
      it.skip(dialect.skip, () => {});
      return;
    }
    let store: TestStore;
    let silences: SilenceStore;
    beforeEach(async () => {
      store = await dialect.open();
      silences = new SilenceStore(store.db);
    });
    afterEach(async () => {
      await store.close();
    });

    it('does list a silence as active only inside its span and end it when expired', async () => {
      const id = await silences.add({ matchers: ['model="customers"'], startsAt: at(0), endsAt: at(120), createdBy: 'ana', comment: 'DQ-12' }, at(0));
      const later = await silences.add({ matchers: ['monitor="WH"'], startsAt: at(60), endsAt: at(90), createdBy: 'bo', comment: 'maintenance' }, at(0));
      expect((await silences.list({ activeAt: at(0) })).map((s) => s.id)).toEqual([id]);
      expect((await silences.list({ activeAt: at(60) })).map((s) => s.id)).toEqual([id, later]);
      expect((await silences.list({ activeAt: at(120) })).map((s) => s.id)).toEqual([]);
      expect(await silences.list()).toHaveLength(2);

      expect(await silences.expire(id, at(30))).toBe(true);
      expect(await silences.get(id)).toMatchObject({ endsAt: at(30), updatedAt: at(30), comment: 'DQ-12', createdBy: 'ana' });
      expect((await silences.list({ activeAt: at(30) })).map((s) => s.id)).toEqual([]);
      expect(await silences.expire(id, at(31))).toBe(false);
      expect(await silences.expire('no-such-id', at(31))).toBe(false);

      // A pending silence expired before it starts never starts.
      expect(await silences.expire(later, at(40))).toBe(true);
      expect(await silences.get(later)).toMatchObject({ startsAt: at(40), endsAt: at(40) });
    });

    it('does refuse a silence without matchers or ending before it starts', async () => {
      const base = { startsAt: at(10), endsAt: at(20), createdBy: 'ana', comment: '' };
      await expect(silences.add({ ...base, matchers: [] }, at(0))).rejects.toThrow('a silence needs at least one matcher');
      await expect(silences.add({ ...base, matchers: ['a="b"'], endsAt: at(10) }, at(0))).rejects.toThrow('before it starts');
    });

    it('does expire an expire-on-resolve silence once the alerts it matched resolved and none still fires', async () => {
      const auto = await silences.add(
        { matchers: ['model="customers"'], startsAt: at(0), endsAt: at(600), createdBy: 'ana', comment: 'ack', expireOnResolve: true },
        at(0),
      );
      const manual = await silences.add({ matchers: ['model="customers"'], startsAt: at(0), endsAt: at(600), createdBy: 'bo', comment: 'plain' }, at(0));
      const customersTest = { labels: { model: 'customers', test: 'not_null' } };
      const customersOther = { labels: { model: 'customers', test: 'unique' } };
      expect(await silences.expireResolved({ resolved: [customersTest], firing: [customersOther], matches }, at(10))).toEqual([]);
      expect(await silences.expireResolved({ resolved: [customersOther], firing: [], matches }, at(20))).toEqual([auto]);
      expect((await silences.list({ activeAt: at(21) })).map((s) => s.id)).toEqual([manual]);
    });
  });

  describe(`aggregation group store (${dialect.name})`, () => {
    if (dialect.skip !== undefined) {
      it.skip(dialect.skip, () => {});
      return;
    }
    let store: TestStore;
    beforeEach(async () => {
      store = await dialect.open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('does keep group timers across a reopen and list the due ones', async () => {
      const groups = new AggregationGroupStore(store.db);
      await groups.put({ route: 'cost-90', groupKey: 'g1', labels: { monitor: 'A' }, firstSeenAt: at(0), nextFlushAt: at(1) });
      await groups.put({ route: 'cost-75', groupKey: 'g2', labels: { monitor: 'B' }, firstSeenAt: at(0), nextFlushAt: at(5) });
      await groups.put({ route: 'cost-90', groupKey: 'g1', labels: { monitor: 'A' }, firstSeenAt: at(0), nextFlushAt: at(6), lastFlushAt: at(1) });
      const reopened = new AggregationGroupStore(await store.openAnother());
      expect((await reopened.all()).map((g) => [g.groupKey, g.nextFlushAt])).toEqual([
        ['g2', at(5)],
        ['g1', at(6)],
      ]);
      expect(await reopened.get('cost-90', 'g1')).toEqual({
        route: 'cost-90',
        groupKey: 'g1',
        labels: { monitor: 'A' },
        firstSeenAt: at(0),
        nextFlushAt: at(6),
        lastFlushAt: at(1),
      });
      expect((await reopened.due(at(5))).map((g) => g.groupKey)).toEqual(['g2']);
      expect(await reopened.remove('cost-75', 'g2')).toBe(true);
      expect(await reopened.remove('cost-75', 'g2')).toBe(false);
    });
  });
}
