import type { Collection, Document } from 'mongodb';
import { FREE } from '../inventory/resource.js';

/** One pool (kind and category) of numbers or SIM cards, with how many are free and how many in all. */
export interface PoolLevel {
  kind: string;
  category: string;
  free: number;
  total: number;
}

export interface PoolLevels {
  levels(): Promise<PoolLevel[]>;
}

/** Pool levels from the inventory's resources, counted where they are (one aggregation). */
export function poolLevels(resources: Collection<Document>): PoolLevels {
  return {
    async levels() {
      const count = (match: Document) => resources.aggregate<{ _id: unknown; count: number }>([{ $match: match }, { $group: { _id: '$_ordo.pool', count: { $sum: 1 } } }], { maxTimeMS: 10_000 }).toArray();
      const [all, free] = await Promise.all([count({}), count({ ...FREE })]);
      const freeIn = new Map(free.map((g) => [String(g._id ?? 'none'), g.count]));
      return all
        .map((g) => {
          const pool = String(g._id ?? 'none');
          const [kind, ...category] = pool.split(':');
          return { kind: kind || 'none', category: category.join(':') || 'none', free: freeIn.get(pool) ?? 0, total: g.count };
        })
        .sort((a, b) => a.kind.localeCompare(b.kind) || a.category.localeCompare(b.category));
    },
  };
}
