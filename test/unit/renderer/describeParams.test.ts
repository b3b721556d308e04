/** The legend and the runs list name the layers a run used by their names, never by id ("network 2" reads "network roads"). */
import { describe, expect, it } from 'vitest';
import { describeParams } from '../../../renderer/analysis/describeParams.ts';

describe('describeParams', () => {
  const names: Record<number, string> = { 2: 'roads', 3: 'frontera', 4: 'municipalities' };
  const layerName = (id: number) => names[id] ?? `layer ${id}`;

  it('names the network, border and area layers the panel sent by id', () => {
    expect(describeParams({ kind: 'corridors', layer: 1, network: 2, border: 3, minLength: 2000 }, layerName)).toEqual([
      'network roads',
      'min length 2,000 m',
      'border frontera',
    ]);
    expect(describeParams({ kind: 'areas', layer: 1, by: 4, mapValue: 'count' }, layerName)).toEqual(['areas municipalities', 'map count']);
  });

  it('keeps a name given on the command line, and numbers that are not layers', () => {
    expect(describeParams({ network: 'roads', eps: 2, minPoints: 3 }, layerName)).toEqual(['eps 2 m', 'min points 3', 'network roads']);
  });
});
